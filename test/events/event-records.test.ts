import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogEventsOf } from '../../src/catalog/catalog-event-records.js';
import { checkoutEventsOf } from '../../src/checkout/checkout-event-records.js';
import { ChangeEffects } from '../../src/inventory/change-effects.js';
import { inventoryEventsOf } from '../../src/inventory/inventory-event-records.js';
import { applyReorderRule, copyItem } from '../../src/inventory/stock-rules.js';
import { paymentEventsOf } from '../../src/payment/payment-event-records.js';
import type { LedgerEntry, PaymentRecord } from '../../src/ports/payment-store.js';
import { inventoryItemFixture, ManualClock, sampleCheckout, sampleProduct } from '../../src/testing/index.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';

const refund = (id: string, amountMinor: number, state: LedgerEntry['state']): LedgerEntry => ({ id, kind: 'refund', amountMinor, feeMinor: 0, state, idempotencyKey: id, at: 1 });
const capture = (id: string, amountMinor: number): LedgerEntry => ({ id, kind: 'capture', amountMinor, feeMinor: 0, state: 'succeeded', idempotencyKey: id, at: 1 });
const pay = (patch: Partial<PaymentRecord>): PaymentRecord => samplePaymentRecord({ id: 'pay_1', ...patch });

describe('paymentEventsOf', () => {
  it('one event per status entered, refunds one per refund that succeeded', () => {
    const authorized = pay({ status: 'authorized' });
    expect(paymentEventsOf(null, authorized, 5).map((e) => [e.type, e.aggregateId, e.time])).toEqual([['payment.authorized', 'pay_1', 5]]);
    const captured = pay({ status: 'captured', ledger: [...authorized.ledger, capture('c1', 600)] });
    expect(paymentEventsOf(authorized, captured, 6).map((e) => [e.type, e.payload])).toEqual([
      ['payment.captured', { paymentId: 'pay_1', orderId: 'order_1', status: 'captured', method: 'credit_card', amount: { amount: '6.00', currency: 'USD' }, total: { amount: '10', currency: 'USD' }, at: 6 }],
    ]);
    expect(paymentEventsOf(captured, { ...captured, updatedAt: 9 }, 9)).toEqual([]);
    const pending = pay({ status: 'captured', ledger: [...captured.ledger, refund('r1', 200, 'pending')] });
    expect(paymentEventsOf(captured, pending, 7)).toEqual([]);
    const partly = pay({ status: 'partially_refunded', ledger: [...captured.ledger, refund('r1', 200, 'succeeded')] });
    expect(paymentEventsOf(pending, partly, 8).map((e) => [e.type, (e.payload as { refundId?: string }).refundId])).toEqual([['payment.refunded', 'r1']]);
    const blocked = pay({ status: 'blocked', fraud: { score: 99, level: 'blocked', reasons: [{ rule: 'r', score: 99, reason: 'too fast' }], screened: true } });
    expect(paymentEventsOf(null, blocked, 1)[0]?.payload).toMatchObject({ reasons: ['too fast'] });
    expect(paymentEventsOf(null, pay({ status: 'requires_action' }), 1)).toEqual([]);
  });

  it('property: the refunded events sum to what the write refunded, one per refund', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom<LedgerEntry['state']>('pending', 'succeeded', 'failed'), fc.boolean()), { maxLength: 8 }), (refunds) => {
        // Each refund: its amount, its state after, and whether it had already succeeded before.
        const before = pay({ status: 'captured', ledger: refunds.flatMap(([minor, , done], i) => (done ? [refund(`r${i}`, minor, 'succeeded')] : [])) });
        const after = pay({ status: 'captured', ledger: refunds.map(([minor, state, done], i) => refund(`r${i}`, minor, done ? 'succeeded' : state)) });
        const events = paymentEventsOf(before, after, 1).filter((e) => e.type === 'payment.refunded');
        const fresh = refunds.filter(([, state, done]) => !done && state === 'succeeded');
        expect(events).toHaveLength(fresh.length);
        const cents = events.reduce((sum, e) => sum + Math.round(Number((e.payload as { amount: { amount: string } }).amount.amount) * 100), 0);
        expect(cents).toBe(fresh.reduce((sum, [minor]) => sum + minor, 0));
      }),
    );
  });
});

describe('checkoutEventsOf', () => {
  it('completed when confirmed, reopened when opened again, nothing otherwise', () => {
    const open = sampleCheckout('c1', 1);
    const confirmed = sampleCheckout('c1', 1, { status: 'confirmed', orderId: 'o1', orderNumber: 'ORD-1' });
    expect(checkoutEventsOf(open, confirmed, 2).map((e) => [e.type, e.payload])).toEqual([['checkout.completed', { checkoutId: 'c1', cartId: 'cart-of-c1', at: 2, orderId: 'o1', orderNumber: 'ORD-1' }]]);
    expect(checkoutEventsOf(confirmed, open, 3).map((e) => [e.type, e.payload])).toEqual([['checkout.reopened', { checkoutId: 'c1', cartId: 'cart-of-c1', at: 3, orderId: 'o1' }]]);
    expect(checkoutEventsOf(open, { ...open, guestEmail: 'a@example.com' }, 2)).toEqual([]);
  });
});

describe('catalogEventsOf', () => {
  const price = (amount: string) => [{ currency: 'EUR', amount }];
  it('a new product reports its activity and prices; a save reports what changed', () => {
    const p = sampleProduct('p1');
    expect(catalogEventsOf(null, p, 1).map((e) => e.type)).toEqual(['catalog.activity_changed', 'catalog.price_changed']);
    expect(catalogEventsOf(p, { ...p, name: 'Renamed' }, 2)).toEqual([]);
    expect(catalogEventsOf(p, { ...p, active: false }, 2).map((e) => [e.type, (e.payload as { active: boolean }).active])).toEqual([['catalog.activity_changed', false]]);
  });

  it('property: price_changed lists exactly the SKUs whose price lists differ', () => {
    const variants = fc.uniqueArray(fc.record({ sku: fc.constantFrom('a', 'b', 'c', 'd'), amount: fc.constantFrom('1.00', '2.00') }), { selector: (v) => v.sku, maxLength: 4 });
    fc.assert(
      fc.property(variants, variants, (was, now) => {
        const product = (vs: typeof was) => sampleProduct('p1', { variants: vs.map((v) => ({ sku: v.sku, attributes: {}, prices: price(v.amount) })) });
        const events = catalogEventsOf(product(was), product(now), 1);
        const listed = events.filter((e) => e.type === 'catalog.price_changed').flatMap((e) => (e.payload as { variants: { sku: string }[] }).variants.map((v) => v.sku));
        const amountOf = (vs: typeof was, sku: string) => vs.find((v) => v.sku === sku)?.amount;
        const differ = ['a', 'b', 'c', 'd'].filter((sku) => amountOf(was, sku) !== amountOf(now, sku));
        expect(listed.sort()).toEqual(differ);
      }),
    );
  });
});

describe('inventoryEventsOf', () => {
  it('property: the durable events are the bus events a change emits, but status_changed', async () => {
    const counts = fc.record({ onHand: fc.integer({ min: -3, max: 12 }), reserved: fc.integer({ min: 0, max: 6 }), discontinued: fc.boolean(), allowBackorder: fc.boolean(), reorderPending: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(counts, counts, fc.integer({ min: 0, max: 4 }), async (was, now, point) => {
        const before = inventoryItemFixture('A', { ...was, reorderPoint: point, reorderQuantity: 5 });
        const after = inventoryItemFixture('A', { ...now, reorderPoint: point, reorderQuantity: 5, reorderPending: was.reorderPending, updatedAt: 7 });
        const reorderRequested = applyReorderRule(after);
        const change = { before: copyItem(before), after: copyItem(after), reorderRequested };
        const bus: string[] = [];
        const effects = new ChangeEffects({ store: {} as never, events: { emit: (name) => void bus.push(name) }, clock: new ManualClock(), reorderSink: undefined });
        await effects.apply([change]);
        const durable = inventoryEventsOf(change);
        expect(durable.map((e) => e.type)).toEqual(bus.filter((name) => name !== 'inventory.status_changed'));
        expect(durable.every((e) => e.aggregateId === 'sku:A' && e.time === 7)).toBe(true);
      }),
    );
  });
});
