import express from 'express';
import { cartRouter } from './routes/cart';
import { ordersRouter } from './routes/orders';
import { paymentsRouter } from './routes/payments';
import { metricsMiddleware, metricsHandler } from './lib/metrics';

const app = express();
app.use(express.json());
app.use(metricsMiddleware);

app.use('/api/orders', ordersRouter);
app.use('/api/cart', cartRouter);
app.use('/api/payments', paymentsRouter);
app.get('/health', (_req, res) => res.json({ ok: true }));
app.get('/metrics', metricsHandler);

const port = Number(process.env.PORT ?? 8080);
app.listen(port, () => console.log(`checkout-api listening on ${port}`));
