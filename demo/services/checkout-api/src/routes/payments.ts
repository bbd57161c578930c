import { Router } from 'express';
import { charge } from '../lib/payments';

export const paymentsRouter = Router();

paymentsRouter.post('/:orderId/capture', async (req, res) => {
  const receipt = await charge(req.params.orderId, req.body.amount);
  res.json(receipt);
});
