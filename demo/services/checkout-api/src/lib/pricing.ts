export interface LineItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export function priceOrder(items: LineItem[], discount: number): number {
  const subtotal = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  return Math.round(subtotal * (1 - discount) * 100) / 100;
}
