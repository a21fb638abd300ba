import { describe, expect, it } from 'vitest';
import { orderEventsOf } from '../../src/checkout/order-event-records.js';
import type { Order } from '../../src/checkout/order-types.js';
import { sampleOrder } from '../../src/testing/index.js';

const types = (before: Order | null, after: Order): string[] => orderEventsOf(before, after, 5).map((e) => e.type);
const o = (patch: Partial<Order>): Order => sampleOrder('o1', 1, patch);
const settling = (from: Order['status']): Partial<Order> => ({
  status: 'payment_settling',
  paymentOperation: { kind: 'capture', purpose: 'fulfil', from, idempotencyKey: 'k', at: 1 },
});

describe('orderEventsOf: the durable events of an order write', () => {
  it('a new order: placed, paid when captured, payment_pending while unknown', () => {
    expect(types(null, o({ status: 'placed' }))).toEqual(['order.placed']);
    expect(types(null, o({ status: 'paid' }))).toEqual(['order.placed', 'order.paid']);
    expect(types(null, o({ status: 'payment_pending' }))).toEqual(['order.payment_pending']);
  });

  it('status moves, seen through payment_settling', () => {
    expect(types(o({ status: 'payment_pending' }), o({ status: 'paid' }))).toEqual(['order.placed', 'order.paid']);
    expect(types(o({ status: 'payment_pending' }), o({ status: 'cancelled', cancelReason: 'declined' }))).toEqual(['order.cancelled']);
    expect(types(o({ status: 'placed' }), o(settling('placed')))).toEqual([]);
    expect(types(o(settling('placed')), o({ status: 'placed' }))).toEqual([]);
    expect(types(o(settling('placed')), o({ status: 'fulfilled' }))).toEqual(['order.paid', 'order.fulfilled']);
    expect(types(o({ status: 'paid' }), o({ status: 'fulfilled' }))).toEqual(['order.fulfilled']);
    expect(types(o({ status: 'placed' }), o({ status: 'placed', email: 'x@example.com' }))).toEqual([]);
    const cancelled = orderEventsOf(o({ status: 'placed' }), o({ status: 'cancelled', cancelReason: 'customer' }), 5)[0];
    expect(cancelled?.payload).toMatchObject({ status: 'cancelled', reason: 'customer', orderId: 'o1', at: 5 });
  });

  it('each refund once, when it succeeds', () => {
    const refund = { id: 'r1', amount: { amount: '2.00', currency: 'USD' }, at: 3 };
    const pending = o({ status: 'payment_settling', paymentOperation: { kind: 'refund', purpose: 'refund', from: 'paid', idempotencyKey: 'k', at: 1, refundId: 'r1' }, refunds: [{ ...refund, state: 'pending' }] });
    const done = o({ status: 'partially_refunded', refunds: [{ ...refund, state: 'succeeded' }], refundedTotal: refund.amount });
    expect(types(o({ status: 'paid' }), pending)).toEqual([]);
    const events = orderEventsOf(pending, done, 5);
    expect(events.map((e) => e.type)).toEqual(['order.partially_refunded']);
    expect(events[0]?.payload).toMatchObject({ refundId: 'r1', amount: refund.amount, refundedTotal: refund.amount });
    expect(types(done, { ...done, email: 'y@example.com' })).toEqual([]);
  });
});
