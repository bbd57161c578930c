export interface Customer {
  id: string;
  loyalty: { tier: 'basic' | 'silver' | 'gold' };
}

export interface Cart {
  session: string;
  items: Record<string, number>;
}

const customers = new Map<string, Customer>();
const orders = new Map<string, unknown>();

export async function findCustomer(id: string): Promise<Customer> {
  return customers.get(id) as Customer;
}

export async function findOrder(id: string): Promise<unknown> {
  return orders.get(id);
}

export async function saveOrder(order: Record<string, unknown>): Promise<Record<string, unknown>> {
  const id = String(orders.size + 1);
  orders.set(id, { id, ...order });
  return { id, ...order };
}

export async function loadCart(session: string): Promise<Cart> {
  return { session, items: {} };
}

export async function recommendFor(cart: Cart): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 400));
  return Object.keys(cart.items).slice(0, 3);
}
