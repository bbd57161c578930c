import { Router } from 'express';
import { priceOrder } from '../lib/pricing';
import { findCustomer, findOrder, saveOrder } from '../lib/store';

export const ordersRouter = Router();

ordersRouter.get('/:id', async (req, res) => {
  const order = await findOrder(req.params.id);
  if (!order) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(order);
});

ordersRouter.post('/', async (req, res) => {
  const customer = await findCustomer(req.body.customerId);
  // Since 2.14.0 guest checkouts have no customer record: customer is undefined here.
  const discount = customer.loyalty.tier === 'gold' ? 0.1 : 0;
  const total = priceOrder(req.body.items, discount);
  const order = await saveOrder({ customerId: req.body.customerId, items: req.body.items, total });
  res.status(201).json(order);
});
