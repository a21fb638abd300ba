import assert from 'node:assert/strict';
import type { Order } from '../checkout/order-types.js';
import type { OrderStatus } from '../checkout/order-status.js';
import type { OrderStore } from '../ports/order-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

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

  test('a create or update sent again with its opId answers its first answer and writes once', async ({ store, clock }) => {
    const order = sampleOrder('o1', clock.now(), { customerId: 'alice' });
    assert.deepEqual(await store.create(order, { opId: 'op-create' }), { ok: true });
    assert.deepEqual(await store.create(order, { opId: 'op-create' }), { ok: true });
    // Another input under a used opId is never applied (what it answers is not specified).
    await store.create({ ...order, email: 'late@example.com' }, { opId: 'op-create' });
    assert.equal((await store.get('o1'))?.email, order.email);

    const first = await store.update(sampleOrder('o1', clock.now(), { customerId: 'alice', status: 'paid' }), 1, { opId: 'op-update' });
    assert.equal(first.ok && first.order.version, 2);
    const other = await store.update(sampleOrder('o1', clock.now(), { customerId: 'bob', status: 'cancelled' }), 2, { opId: 'op-other' });
    assert.equal(other.ok, true);
    // Sent again after another write: the first answers, not a conflict or duplicate_id.
    assert.deepEqual(await store.update(sampleOrder('o1', clock.now(), { customerId: 'alice', status: 'paid' }), 1, { opId: 'op-update' }), first);
    assert.deepEqual(await store.create(order, { opId: 'op-create' }), { ok: true });
    assert.deepEqual(await store.get('o1'), other.ok ? other.order : null);
    // The indexes moved once, with the last write.
    assert.deepEqual((await store.listByStatus('paid', { limit: 5 })).orders, []);
    assert.deepEqual((await store.listByStatus('cancelled', { limit: 5 })).orders.map((o) => o.version), [3]);
    assert.deepEqual((await store.listByCustomer('alice', { limit: 5 })).orders, []);
    assert.deepEqual((await store.listByCustomer('bob', { limit: 5 })).orders.map((o) => o.id), ['o1']);
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store, clock }) => {
    assert.deepEqual(await store.update(sampleOrder('o1', clock.now(), { status: 'paid' }), 1, { opId: 'op-early' }), { ok: false, reason: 'not_found' });
    await store.create(sampleOrder('o1', clock.now()));
    const again = await store.update(sampleOrder('o1', clock.now(), { status: 'paid' }), 1, { opId: 'op-early' });
    assert.equal(again.ok && again.order.status, 'paid');
    assert.deepEqual(await store.create(sampleOrder('o2', clock.now(), { number: 'N-o1' }), { opId: 'op-o2' }), { ok: false, reason: 'duplicate_number' });
    assert.deepEqual(await store.create(sampleOrder('o2', clock.now()), { opId: 'op-o2' }), { ok: true });
    assert.equal((await store.getByNumber('N-o2'))?.id, 'o2');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(sampleOrder('o1', now));
    const line = sampleOrder('o2', now).lines[0]!;
    await assertRefusesIllFormed(() => store.create(sampleOrder(LONE_SURROGATE, now)));
    await assertRefusesIllFormed(() => store.create(sampleOrder('o2', now, { number: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.create(sampleOrder('o2', now, { lines: [{ ...line, name: LONE_SURROGATE }] })));
    await assertRefusesIllFormed(() => store.create(Object.assign(sampleOrder('o2', now), { [LONE_SURROGATE]: 1 })));
    await assertRefusesIllFormed(() => store.create(sampleOrder('o2', now), { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.getByNumber(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.update(sampleOrder('o1', now, { customerId: LONE_SURROGATE }), 1));
    await assertRefusesIllFormed(() => store.update(sampleOrder('o1', now, { status: 'paid' }), 1, { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.listByCustomer(LONE_SURROGATE, { limit: 5 }));
    await assertRefusesIllFormed(() => store.listByStatus(LONE_SURROGATE as OrderStatus, { limit: 5 }));
    await assertRefusesIllFormed(() => store.listByStatus('placed', { limit: 5, cursor: LONE_SURROGATE }));
    assert.equal(await store.get('o2'), null);
    assert.deepEqual(await store.get('o1'), { ...sampleOrder('o1', now), version: 1 });
    // The number of the refused creates is still free.
    assert.deepEqual(await store.create(sampleOrder('o2', now)), { ok: true });
  });
});
