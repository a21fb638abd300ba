// A shop with one product in stock, and a way to place an order through the real checkout,
// for the durable-event tests (memory here, Redis in test/redis and the worker processes).
import type { Commerce } from '../../src/index.js';
import { TEST_TOKENS } from '../../src/testing/index.js';

export const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

export async function stock(shop: Commerce, units = 10_000): Promise<void> {
  await shop.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await shop.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: units, costPerUnit: { amount: '4.00', currency: 'USD' } });
}

/** Cart, checkout and completion of one order of one mug; answers the order id. */
export async function placeOrder(shop: Commerce, session: string): Promise<string> {
  const cart = await shop.cart.createCart({ sessionId: session, currency: 'USD' });
  await shop.cart.addItem(cart.id, { sku: 'MUG', quantity: 1 });
  const started = await shop.checkout.startCheckout({ cartId: cart.id });
  await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: `${session}@example.com` });
  await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  return (await shop.checkout.completeOrder({ checkoutId: started.id })).orderId;
}
