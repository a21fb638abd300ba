// A shop's one-product checkout, ready for completeOrder: the multi-process and two-instance
// tests on Redis and PostgreSQL all race or resume this same checkout.
import type { Commerce } from '../../src/index.js';
import { US_ADDRESS } from '../checkout/fixtures.js';

/** Saves a mug (12.50 USD, 10 in stock), puts 2 in a guest cart and fills every checkout step; answers the checkout id. */
export async function mugCheckoutReadyToPay(shop: Commerce, paymentToken: string): Promise<string> {
  await shop.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await shop.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 10, costPerUnit: { amount: '4.00', currency: 'USD' } });
  const cart = await shop.cart.createCart({ sessionId: 's1', currency: 'USD' });
  await shop.cart.addItem(cart.id, { sku: 'MUG', quantity: 2 });
  const started = await shop.checkout.startCheckout({ cartId: cart.id });
  await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
  await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken });
  return started.id;
}
