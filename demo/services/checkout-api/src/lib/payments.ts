export async function charge(orderId: string, amount: number): Promise<{ orderId: string; amount: number; status: string }> {
  if (!(amount > 0)) throw new RangeError(`Invalid amount for order ${orderId}`);
  return { orderId, amount, status: 'captured' };
}
