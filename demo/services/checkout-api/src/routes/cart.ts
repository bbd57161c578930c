import { Router } from 'express';
import { loadCart, recommendFor } from '../lib/store';

export const cartRouter = Router();

cartRouter.get('/', async (req, res) => {
  const cart = await loadCart(String(req.query.session ?? ''));
  // Recommendations call a slow downstream service: this is the route's p95.
  const recommendations = await recommendFor(cart);
  res.json({ ...cart, recommendations });
});

cartRouter.put('/items/:sku', async (req, res) => {
  const cart = await loadCart(String(req.query.session ?? ''));
  cart.items[req.params.sku] = Number(req.body.quantity ?? 1);
  res.json(cart);
});
