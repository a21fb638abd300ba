import { describe, expect, it } from 'vitest';
import { createCommerce, isCommerceError, Money, ShippingRateTable, TaxRateTable, type CommerceEvents, type ProductInput } from '../../src/index.js';
import { ManualClock, SequentialIds, TestGateway, TEST_TOKENS } from '../../src/testing/index.js';

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
const ITEMS = { mug: { sku: 'MUG' }, tea: { sku: 'TEA' } };

/** The products of ITEMS in the shop's catalogue. */
async function catalogue(s: { catalog: { saveProduct(input: ProductInput): Promise<unknown> } }): Promise<void> {
  await s.catalog.saveProduct({ id: 'mug', name: 'Mug', category: 'kitchen', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await s.catalog.saveProduct({ id: 'tea', name: 'Tea', category: 'pantry', variants: [{ sku: 'TEA', prices: [{ currency: 'USD', amount: '4.99' }] }] });
}

function shop() {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const gateway = new TestGateway({ clock });
  const commerce = createCommerce({
    clock,
    ids: new SequentialIds(),
    cart: { tax: new TaxRateTable({ rates: [{ country: 'US', standard: '0.08' }] }), shipping: new ShippingRateTable([{ kind: 'flat', id: 'std', name: 'Standard', price: { amount: '5.00', currency: 'USD' } }]) },
    payments: { gateways: [gateway], fraud: { lists: { block: { emails: ['mallory@example.net'] } } } },
  });
  const seen: (keyof CommerceEvents)[] = [];
  for (const name of ['cart.merged', 'inventory.reserved', 'inventory.reservation_released', 'payment.blocked', 'payment.failed', 'payment.captured', 'order.placed', 'checkout.failed'] as const) {
    commerce.events.on(name, () => void seen.push(name));
  }
  return { ...commerce, clock, gateway, seen };
}

async function checkOut(s: ReturnType<typeof shop>, cartId: string, who: { userId?: string; email: string; token: string }) {
  const { id } = await s.checkout.startCheckout({ cartId, ...(who.userId ? { userId: who.userId, email: who.email } : {}) });
  if (!who.userId) await s.checkout.updateGuestInfo({ checkoutId: id, email: who.email });
  await s.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
  await s.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: who.token });
  return s.checkout.completeOrder({ checkoutId: id }).catch((error: unknown) => {
    if (isCommerceError(error)) return error;
    throw error;
  });
}

describe('createCommerce, end to end on memory adapters', () => {
  it('merges on login, applies a coupon, and places one order out of a blocked, a declined and a good checkout', async () => {
    const s = shop();
    await catalogue(s);
    await s.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 10, reorderPoint: 2, reorderQuantity: 20, costPerUnit: { amount: '4.00', currency: 'USD' } });
    await s.inventory.addInventoryItem({ sku: 'TEA', productName: 'Tea', onHand: 5, costPerUnit: { amount: '1.00', currency: 'USD' } });
    await s.cart.savePromotion({ id: 'p10', code: 'TEN', kind: 'percentage', percent: '10', usageLimit: 1 });

    const saved = await s.cart.createCart({ sessionId: 'laptop', userId: 'alice' });
    await s.cart.addItem(saved.id, { ...ITEMS.mug, quantity: 1 });
    const guest = await s.cart.createCart({ sessionId: 'phone' });
    await s.cart.addItem(guest.id, { ...ITEMS.mug, quantity: 2 });
    await s.cart.addItem(guest.id, { ...ITEMS.tea, quantity: 1 });
    const merged = await s.cart.mergeCarts(saved.id, guest.id, { strategy: 'sum' });
    expect(merged.lines.map((l) => [l.sku, l.quantity])).toEqual([['MUG', 3], ['TEA', 1]]);
    await s.cart.applyCoupon(merged.id, 'ten');

    const mallory = await s.cart.createCart({ sessionId: 'm' });
    await s.cart.addItem(mallory.id, { ...ITEMS.mug, quantity: 5 });
    const blocked = await checkOut(s, mallory.id, { email: 'mallory@example.net', token: TEST_TOKENS.approve });
    expect(blocked).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'payment', code: 'PAYMENT_BLOCKED' } });
    // Blocked before the gateway: it never saw an authorization.
    expect(s.gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(0);

    const bob = await s.cart.createCart({ sessionId: 'b' });
    await s.cart.addItem(bob.id, { ...ITEMS.tea, quantity: 2 });
    const declined = await checkOut(s, bob.id, { email: 'bob@example.com', token: TEST_TOKENS.decline });
    expect(declined).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'payment', code: 'PAYMENT_DECLINED' } });

    // Nothing held by the two failures.
    expect((await s.inventory.getInventoryStatus('MUG')).available).toBe(10);
    expect((await s.inventory.getInventoryStatus('TEA')).available).toBe(5);
    expect((await s.stores.promotions.getUsage('p10')).used).toBe(0);

    const placed = await checkOut(s, merged.id, { userId: 'alice', email: 'alice@example.com', token: TEST_TOKENS.approve });
    if (isCommerceError(placed)) throw placed;
    // 3 x 12.50 + 4.99 = 42.49; 10% off = 4.25 (half-even of 4.249); 38.24 + 8% tax 3.06 + 5.00 shipping.
    expect(placed).toMatchObject({ status: 'paid', orderNumber: 'ORD-000001' });
    expect(Money.fromJSON(placed.total).equals(Money.of('46.30', 'USD'))).toBe(true);
    const order = await s.orders.getOrder({ orderId: placed.orderId });
    expect(order).toMatchObject({ customerId: 'alice', couponCodes: ['TEN'], payment: { status: 'captured' } });

    const mug = await s.inventory.getInventoryStatus('MUG');
    expect([mug.onHand, mug.reserved]).toEqual([7, 0]);
    expect((await s.inventory.getInventoryStatus('TEA')).onHand).toBe(4);
    expect((await s.stores.promotions.getUsage('p10')).used).toBe(1);
    expect(await s.cart.getCart(merged.id)).toBeNull();
    // Bob's cart is still there to try another card; his checkout can complete again.
    expect(await s.cart.getCart(bob.id)).not.toBeNull();
    expect(s.seen.filter((e) => e === 'order.placed')).toHaveLength(1);
    expect(s.seen).toEqual(expect.arrayContaining(['cart.merged', 'inventory.reserved', 'inventory.reservation_released', 'payment.blocked', 'payment.failed', 'payment.captured', 'checkout.failed']));

    // The coupon had one use: another cart can no longer have it.
    const late = await s.cart.createCart({ sessionId: 'late' });
    await s.cart.addItem(late.id, { ...ITEMS.tea, quantity: 1 });
    await expect(s.cart.applyCoupon(late.id, 'TEN')).rejects.toMatchObject({ code: 'COUPON_USAGE_LIMIT' });
  });

  it('refuses every payment when no gateway is configured, leaving nothing held', async () => {
    const s = createCommerce({ clock: new ManualClock(), ids: new SequentialIds() });
    await catalogue(s);
    await s.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 3, costPerUnit: { amount: '4.00', currency: 'USD' } });
    const cart = await s.cart.createCart({ sessionId: 'x' });
    await s.cart.addItem(cart.id, { ...ITEMS.mug, quantity: 1 });
    const { id } = await s.checkout.startCheckout({ cartId: cart.id });
    await s.checkout.updateGuestInfo({ checkoutId: id, email: 'a@example.com' });
    await s.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
    await s.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
    await expect(s.checkout.completeOrder({ checkoutId: id })).rejects.toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'payment' } });
    expect((await s.inventory.getInventoryStatus('MUG')).available).toBe(3);
  });

  it('wires recommendations on the same clock, bus and interaction store', async () => {
    const s = createCommerce({ clock: new ManualClock('2026-03-01T10:00:00.000Z'), ids: new SequentialIds() });
    const trained: unknown[] = [];
    s.events.on('recommendations.trained', (e) => void trained.push(e));
    for (const id of ['mug', 'tea', 'pot']) await s.recommendations.addProduct({ productId: id, name: `Product ${id}`, category: 'kitchen' });
    for (const [userId, productId] of [['u1', 'mug'], ['u1', 'tea'], ['u2', 'mug'], ['u2', 'tea'], ['u3', 'mug']] as const) {
      await s.recommendations.addInteraction({ userId, productId, type: 'purchase' });
    }
    await s.recommendations.train();
    expect(trained).toHaveLength(1);
    const recs = await s.recommendations.getRecommendations('u3', { limit: 2, excludePurchased: true });
    expect(recs[0]?.productId).toBe('tea');
    expect(await s.stores.interactions?.count()).toBe(5);
  });
});
