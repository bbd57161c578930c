from flask import Flask, jsonify

from billing.invoices import build_invoice

app = Flask(__name__)


@app.route("/invoices/<int:invoice_id>")
def get_invoice(invoice_id):
    return jsonify(build_invoice(invoice_id))


@app.route("/health")
def health():
    return jsonify(ok=True)
