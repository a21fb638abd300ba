import assert from 'node:assert/strict';
import type { Order } from '../checkout/order-types.js';
import type { OrderStore } from '../ports/order-store.js';
import { defineConformanceSuite } from './conformance.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });

/** A minimal placed order for store tests. */
export function sampleOrder(id: string, createdAt: number, patch: Partial<Order> = {}): Order {
  const address = { firstName: 'Ada', lastName: 'L', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
  return {
    id,
    number: `N-${id}`,
    checkoutId: `co-${id}`,
    cartId: `cart-${id}`,
    email: 'a@example.com',
    status: 'placed',
    currency: 'USD',
    lines: [{ productId: 'p1', sku: 'SKU-1', name: 'Thing', quantity: 2, unitPrice: usd('5'), subtotal: usd('10'), discount: usd('0'), tax: usd('0.8'), total: usd('10.8'), refundedQuantity: 0, refundedAmount: usd('0'), restockedQuantity: 0 }],
    subtotal: usd('10'),
    discountTotal: usd('0'),
    shipping: null,
    taxTotal: usd('0.8'),
    total: usd('10.8'),
    couponCodes: [],
    promotions: [],
    shippingAddress: address,
    billingAddress: address,
    payment: { paymentId: `pay-${id}`, method: 'credit_card', status: 'authorized', captured: usd('0') },
    refundedTotal: usd('0'),
    refunds: [],
    reservationId: `res-${id}`,
    history: [{ status: 'placed', at: createdAt }],
    createdAt,
    updatedAt: createdAt,
    version: 1,
    ...patch,
  };
}

/** The behaviour every OrderStore adapter must show. */
export const orderStoreConformance = defineConformanceSuite<OrderStore>('OrderStore', (test) => {
  test('the sequence hands out each number once, even to concurrent callers', async ({ store }) => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => store.nextSequence()));
    assert.equal(new Set(numbers).size, 50);
    assert.deepEqual([...numbers].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(await store.nextSequence(), 51);
  });

  test('creates once per id and per number, and finds by both', async ({ store, clock }) => {
    const order = sampleOrder('o1', clock.now(), { version: 9 });
    assert.deepEqual(await store.create(order), { ok: true });
    assert.deepEqual(await store.create(sampleOrder('o1', clock.now(), { number: 'other' })), { ok: false, reason: 'duplicate_id' });
    assert.deepEqual(await store.create(sampleOrder('o2', clock.now(), { number: 'N-o1' })), { ok: false, reason: 'duplicate_number' });
    assert.deepEqual(await store.get('o1'), { ...order, version: 1 });
    assert.equal((await store.getByNumber('N-o1'))?.id, 'o1');
    assert.equal(await store.get('o2'), null);
    assert.equal(await store.getByNumber('N-o2'), null);
  });

  test('compare-and-set: one of many concurrent writers wins; the number never changes', async ({ store, clock }) => {
    await store.create(sampleOrder('o1', clock.now()));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.update(sampleOrder('o1', clock.now(), { status: 'paid', cancelReason: `w${i}` }), 1)),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    const conflict = results.find((r) => !r.ok);
    assert.equal(conflict && !conflict.ok && conflict.reason, 'conflict');
    const renumbered = await store.update(sampleOrder('o1', clock.now(), { number: 'HACK' }), 2);
    assert.equal(renumbered.ok && renumbered.order.number, 'N-o1');
    assert.equal(await store.getByNumber('HACK'), null);
    assert.deepEqual(await store.update(sampleOrder('zz', clock.now()), 1), { ok: false, reason: 'not_found' });
  });

  test("lists a customer's orders newest first, page by page", async ({ store, clock }) => {
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      await store.create(sampleOrder(`o${i}`, clock.now(), { customerId: i === 3 ? 'someone-else' : 'alice' }));
    }
    const first = await store.listByCustomer('alice', { limit: 2 });
    assert.deepEqual(first.orders.map((o) => o.id), ['o5', 'o4']);
    assert.ok(first.cursor);
    const second = await store.listByCustomer('alice', { limit: 2, cursor: first.cursor });
    assert.deepEqual(second.orders.map((o) => o.id), ['o2', 'o1']);
    assert.equal(second.cursor, undefined);
    assert.deepEqual((await store.listByCustomer('nobody', { limit: 5 })).orders, []);
  });

  test('lists by status oldest first and follows status changes', async ({ store, clock }) => {
    await store.create(sampleOrder('o1', clock.now(), { status: 'payment_pending' }));
    clock.advance(10);
    await store.create(sampleOrder('o2', clock.now(), { status: 'payment_pending' }));
    await store.create(sampleOrder('o3', clock.now()));
    assert.deepEqual((await store.listByStatus('payment_pending', { limit: 10 })).orders.map((o) => o.id), ['o1', 'o2']);
    await store.update(sampleOrder('o1', 0, { status: 'placed' }), 1);
    assert.deepEqual((await store.listByStatus('payment_pending', { limit: 10 })).orders.map((o) => o.id), ['o2']);
    assert.deepEqual((await store.listByStatus('placed', { limit: 10 })).orders.map((o) => o.id).sort(), ['o1', 'o3']);
  });

  test('values are copied in and out', async ({ store, clock }) => {
    const order = sampleOrder('o1', clock.now());
    await store.create(order);
    order.refunds.push({ id: 'r', amount: usd('1'), at: 0, state: 'succeeded' });
    const got = await store.get('o1');
    assert.deepEqual(got?.refunds, []);
    got?.lines.pop();
    assert.equal((await store.get('o1'))?.lines.length, 1);
  });
});
