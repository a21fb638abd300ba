// The shopper never sets a price: a price sent with a line is refused, and a catalogue price
// that moved after the line was added is what checkout charges, shown in the summary and
// caught by an `expectedTotal` taken before the change. Two app instances share the stores,
// each with its own catalogue cache.
import { describe, expect, it } from 'vitest';
import { createCommerce, memoryAdapters, Money, type Commerce, type CommerceStores } from '../../src/index.js';
import { ManualClock, SequentialIds, TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';
import { US_ADDRESS } from './fixtures.js';

function twoInstances() {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const gateway = new TestGateway({ clock });
  const adapters: CommerceStores = memoryAdapters({ clock });
  const instance = (): Commerce => createCommerce({ adapters, clock, ids, payments: { gateways: [gateway], fraud: { velocity: false } } });
  return { shop: instance(), admin: instance(), clock, gateway };
}

async function stocked(shop: Commerce): Promise<void> {
  await shop.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'mug-1', prices: [{ currency: 'USD', amount: '10.00' }] }] });
  await shop.inventory.addInventoryItem({ sku: 'mug-1', productName: 'Mug', onHand: 10, costPerUnit: { amount: '2.00', currency: 'USD' } });
}

async function readyCheckout(shop: Commerce, cartId: string): Promise<string> {
  const started = await shop.checkout.startCheckout({ cartId });
  await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
  await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  return started.id;
}

async function raisePrice(admin: Commerce, amount: string): Promise<void> {
  const mug = await admin.catalog.getProduct('mug');
  await admin.catalog.saveProduct({ id: 'mug', name: 'Mug', version: mug?.version ?? 0, variants: [{ sku: 'mug-1', prices: [{ currency: 'USD', amount }] }] });
}

describe('prices come from the catalogue, and checkout charges the catalogue\'s', () => {
  it('refuses a tampered price: nothing is added, so there is nothing to check out', async () => {
    const { shop } = twoInstances();
    await stocked(shop);
    const cart = await shop.cart.createCart({ sessionId: 's', currency: 'USD' });
    const tampered = { sku: 'mug-1', quantity: 3, unitPrice: { amount: '0.01', currency: 'USD' } };
    await expectCode(shop.cart.addItem(cart.id, tampered), 'PRICE_NOT_ALLOWED');
    await expectCode(shop.cart.addItem(cart.id, { productId: 'mug', sku: 'mug-1', name: 'Mug', quantity: 3, unitPrice: { amount: '0.01', currency: 'USD' } }), 'PRICE_NOT_ALLOWED');
    expect((await shop.cart.getCart(cart.id))?.lines).toEqual([]);
    await expectCode(shop.checkout.startCheckout({ cartId: cart.id }), 'CHECKOUT_EMPTY_CART');
  });

  it('catches a price raised after the line was added: the summary shows both, a stale expectedTotal is refused with nothing taken', async () => {
    const { shop, admin, gateway } = twoInstances();
    await stocked(shop);
    const cart = await shop.cart.createCart({ sessionId: 's', currency: 'USD' });
    await shop.cart.addItem(cart.id, { sku: 'mug-1', quantity: 2 });
    const checkoutId = await readyCheckout(shop, cart.id);
    const reviewed = await shop.checkout.getCheckoutSummary({ checkoutId });
    expect([reviewed.total.amount, reviewed.priceChanges]).toEqual(['20.00', []]);

    // The other instance raises the price; this one's catalogue cache still holds 10.00.
    await raisePrice(admin, '12.00');
    expect((await shop.cart.addItem(cart.id, { sku: 'mug-1', quantity: 1 })).lines[0]?.unitPrice.amount).toBe('10.00');
    await shop.cart.updateQuantity(cart.id, 'mug', 'mug-1', 2);
    const summary = await shop.checkout.getCheckoutSummary({ checkoutId });
    expect(summary.priceChanges.map((c) => [c.sku, c.cartUnitPrice.amount, c.unitPrice.amount])).toEqual([['mug-1', '10.00', '12.00']]);
    expect(summary.total.amount).toBe('24.00');

    const refused = await expectCode(shop.checkout.completeOrder({ checkoutId, expectedTotal: reviewed.total }), 'CHECKOUT_FAILED');
    expect(refused.details).toMatchObject({ step: 'pricing', code: 'CHECKOUT_PRICE_CHANGED' });
    expect(await shop.inventory.getInventoryStatus('mug-1')).toMatchObject({ onHand: 10, reserved: 0 });
    expect(gateway.calls).toEqual([]);

    const placed = await shop.checkout.completeOrder({ checkoutId, expectedTotal: Money.of('24.00', 'USD') });
    const order = await shop.orders.getOrder({ orderId: placed.orderId });
    expect(order?.total).toEqual({ amount: '24.00', currency: 'USD' });
    expect(order?.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([['mug-1', 2, '12.00']]);
  });

  it('charges the catalogue\'s price without an expectedTotal, and refuses a SKU taken off sale', async () => {
    const { shop, admin } = twoInstances();
    await stocked(shop);
    const cart = await shop.cart.createCart({ sessionId: 's', currency: 'USD' });
    await shop.cart.addItem(cart.id, { sku: 'mug-1', quantity: 1 });
    const checkoutId = await readyCheckout(shop, cart.id);
    await admin.catalog.setActive('mug', false);
    const refused = await expectCode(shop.checkout.completeOrder({ checkoutId }), 'CHECKOUT_FAILED');
    expect(refused.details).toMatchObject({ step: 'pricing', code: 'PRODUCT_INACTIVE' });
    await admin.catalog.setActive('mug', true);
    await raisePrice(admin, '9.00');
    const placed = await shop.checkout.completeOrder({ checkoutId });
    expect(placed.total).toEqual({ amount: '9.00', currency: 'USD' });
  });
});
