from decimal import Decimal

TAX_RATES = {"DE": Decimal("0.19"), "FR": Decimal("0.20")}


def build_invoice(invoice_id):
    lines = load_lines(invoice_id)
    country = lines[0]["country"] if lines else "DE"
    net = sum(Decimal(str(line["amount"])) for line in lines)
    tax = net * TAX_RATES[country]
    return {"id": invoice_id, "net": str(net), "tax": str(tax), "total": str(net + tax)}


def load_lines(invoice_id):
    return [{"amount": 10 * invoice_id, "country": "DE"}]
