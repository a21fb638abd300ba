import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommerceError, Money } from '../../src/index.js';
import { makeCheckoutHarness, type CheckoutHarness } from './fixtures.js';

const usd = (amount: string) => Money.of(amount, 'USD');

async function placeOrder(h: CheckoutHarness, lines: Record<string, number> = { 'SKU-A': 2, 'SKU-B': 1 }, userId?: string) {
  const { checkoutId } = await h.readyCheckout({ lines, ...(userId ? { userId } : {}) });
  const placed = await h.checkout.completeOrder({ checkoutId });
  const order = await h.orders.getOrder({ orderId: placed.orderId });
  if (!order) throw new Error('no order');
  return order;
}

describe('reading orders', () => {
  it('by id, by number, and by customer newest first with paging', async () => {
    const h = makeCheckoutHarness();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000);
      ids.push((await placeOrder(h, { 'SKU-C': 1 }, 'alice')).id);
    }
    await placeOrder(h, { 'SKU-C': 1 }, 'bob');
    expect((await h.orders.getOrderByNumber({ orderNumber: 'ORD-000002' }))?.id).toBe(ids[1]);
    expect(await h.orders.getOrder({ orderId: 'nope' })).toBeNull();
    const first = await h.orders.listOrdersForCustomer({ customerId: 'alice', limit: 2 });
    const rest = await h.orders.listOrdersForCustomer({ customerId: 'alice', limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) });
    expect([...first.orders, ...rest.orders].map((o) => o.id)).toEqual([...ids].reverse());
    await expect(h.orders.getOrder({ orderId: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('cancelOrder', () => {
  it('voids an authorized order and puts the stock back', async () => {
    const h = makeCheckoutHarness({ captureMode: 'on_fulfilment' });
    const order = await placeOrder(h);
    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    const cancelled = await h.orders.cancelOrder({ orderId: order.id, reason: 'changed mind' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'changed mind', payment: { status: 'voided' } });
    expect(cancelled.lines.every((l) => l.restockedQuantity === l.quantity)).toBe(true);
    expect(h.payments.charges.get(order.payment.paymentId)?.status).toBe('voided');
    expect(h.inventory.onHand.get('SKU-A')).toBe(10);
    expect(h.inventory.onHand.get('SKU-B')).toBe(10);
    expect(h.emitted.at(-1)).toMatchObject({ event: 'order.cancelled', payload: { orderId: order.id, status: 'cancelled', reason: 'changed mind' } });
    await expect(h.orders.cancelOrder({ orderId: order.id })).rejects.toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
  });

  it('refunds a captured order in full, restocks once even when cancelled concurrently', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h);
    const settled = await Promise.allSettled([h.orders.cancelOrder({ orderId: order.id }), h.orders.cancelOrder({ orderId: order.id })]);
    expect(settled.some((s) => s.status === 'fulfilled')).toBe(true);
    const stored = await h.orders.getOrder({ orderId: order.id });
    expect(stored).toMatchObject({ status: 'cancelled', refundedTotal: order.total });
    expect(h.payments.charges.get(order.payment.paymentId)?.refunded.equals(Money.fromJSON(order.total))).toBe(true);
    expect(h.inventory.onHand.get('SKU-A')).toBe(10);
    expect(h.emitted.filter((e) => e.event === 'order.cancelled')).toHaveLength(1);
  });

  it('refuses to cancel a fulfilled order (refund it instead)', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h);
    await h.orders.markFulfilled({ orderId: order.id });
    await expect(h.orders.cancelOrder({ orderId: order.id })).rejects.toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
  });
});

describe('refundOrder', () => {
  it('refunds by amount several times, up to what was paid and never above', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h); // 60.00 + 4.80 tax + 5.00 shipping = 69.80
    expect(order.total).toEqual({ amount: '69.80', currency: 'USD' });
    const once = await h.orders.refundOrder({ orderId: order.id, amount: usd('20.00'), reason: 'scratch' });
    expect(once).toMatchObject({ status: 'partially_refunded', refundedTotal: { amount: '20.00' } });
    await expect(h.orders.refundOrder({ orderId: order.id, amount: usd('49.81') })).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED' });
    const twice = await h.orders.refundOrder({ orderId: order.id, amount: { amount: '49.80', currency: 'USD' } });
    expect(twice).toMatchObject({ status: 'refunded', refundedTotal: { amount: '69.80' } });
    expect(twice.refunds.map((r) => r.state)).toEqual(['succeeded', 'succeeded']);
    await expect(h.orders.refundOrder({ orderId: order.id, amount: usd('0.01') })).rejects.toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
    expect(h.emitted.filter((e) => e.event.startsWith('order.') && e.event.endsWith('refunded')).map((e) => e.event)).toEqual(['order.partially_refunded', 'order.refunded']);
  });

  it('refunds lines unit by unit: the shares add up to the line total exactly, restocking if asked', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h, { 'SKU-C': 3 }); // 9.99 + 0.80 tax = 10.79 over 3 units
    const amounts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const after = await h.orders.refundOrder({ orderId: order.id, lines: [{ sku: 'SKU-C', quantity: 1 }], restock: i === 0 });
      amounts.push(after.refunds.at(-1)?.amount.amount ?? '');
    }
    expect(Money.sum(amounts.map(usd)).equals(usd('10.79'))).toBe(true);
    expect(amounts).toEqual(['3.60', '3.59', '3.60']);
    const final = await h.orders.getOrder({ orderId: order.id });
    expect(final).toMatchObject({ status: 'partially_refunded', lines: [{ refundedQuantity: 3, restockedQuantity: 1, refundedAmount: { amount: '10.79' } }] });
    expect(h.inventory.onHand.get('SKU-C')).toBe(8);
    await expect(h.orders.refundOrder({ orderId: order.id, lines: [{ sku: 'SKU-C', quantity: 1 }] })).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED' });
    // What is left is the shipping.
    expect((await h.orders.refundOrder({ orderId: order.id, amount: usd('5.00') })).status).toBe('refunded');
  });

  it('refuses both or neither of amount and lines, unknown skus, and an order not captured', async () => {
    const h = makeCheckoutHarness({ captureMode: 'on_fulfilment' });
    const order = await placeOrder(h);
    await expect(h.orders.refundOrder({ orderId: order.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(h.orders.refundOrder({ orderId: order.id, amount: usd('1'), lines: [{ sku: 'SKU-A', quantity: 1 }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(h.orders.refundOrder({ orderId: order.id, amount: usd('1') })).rejects.toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
    await h.orders.markFulfilled({ orderId: order.id });
    await expect(h.orders.refundOrder({ orderId: order.id, lines: [{ sku: 'SKU-Z', quantity: 1 }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(h.orders.refundOrder({ orderId: order.id, amount: usd('0.001') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a retried refund with the same key refunds once, a failed one may be retried', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h);
    h.faults.failOn('payments.refundPayment', new CommerceError('PAYMENT_GATEWAY_ERROR'));
    const request = { orderId: order.id, amount: usd('10.00'), idempotencyKey: 'rma-7' };
    await expect(h.orders.refundOrder(request)).rejects.toMatchObject({ code: 'PAYMENT_GATEWAY_ERROR' });
    const results = await Promise.all([h.orders.refundOrder(request), h.orders.refundOrder(request), h.orders.refundOrder(request)]);
    expect(results.every((r) => r.refunds.length === 1)).toBe(true);
    const after = await h.orders.getOrder({ orderId: order.id });
    expect(after).toMatchObject({ refundedTotal: { amount: '10.00' }, refunds: [{ state: 'succeeded' }] });
    expect(h.payments.charges.get(order.payment.paymentId)?.refunded.amount).toBe('10.00');
  });

  it('a refund the payment module refuses is rolled back on the order', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h, { 'SKU-A': 2 });
    h.faults.failOn('payments.refundPayment', new CommerceError('PAYMENT_GATEWAY_ERROR'));
    await expect(h.orders.refundOrder({ orderId: order.id, lines: [{ sku: 'SKU-A', quantity: 1 }] })).rejects.toMatchObject({ code: 'PAYMENT_GATEWAY_ERROR' });
    const after = await h.orders.getOrder({ orderId: order.id });
    expect(after).toMatchObject({ status: 'paid', refundedTotal: { amount: '0.00' }, lines: [{ refundedQuantity: 0, refundedAmount: { amount: '0.00' } }] });
    expect(after?.refunds.map((r) => r.state)).toEqual(['failed']);
  });

  it('concurrent refunds never add up to more than was paid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 6000 }), { minLength: 1, maxLength: 8 }), async (cents) => {
        const h = makeCheckoutHarness();
        const order = await placeOrder(h); // 69.80
        await Promise.allSettled(cents.map((c) => h.orders.refundOrder({ orderId: order.id, amount: Money.fromMinor(c, 'USD') })));
        const after = await h.orders.getOrder({ orderId: order.id });
        const refunded = Money.fromJSON(after?.refundedTotal ?? order.total);
        const charge = h.payments.charges.get(order.payment.paymentId);
        expect(refunded.lessThanOrEqual(Money.fromJSON(order.total))).toBe(true);
        expect(charge?.refunded.equals(refunded)).toBe(true);
        const succeeded = Money.sum((after?.refunds ?? []).filter((r) => r.state === 'succeeded').map((r) => Money.fromJSON(r.amount)), 'USD');
        expect(succeeded.equals(refunded)).toBe(true);
        expect(after?.status).toBe(refunded.equals(Money.fromJSON(order.total)) ? 'refunded' : refunded.isZero() ? 'paid' : 'partially_refunded');
      }),
      { numRuns: 25 },
    );
  });
});

describe('markFulfilled', () => {
  it('moves a paid order to fulfilled once, with events', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h);
    const [a, b] = await Promise.all([h.orders.markFulfilled({ orderId: order.id }), h.orders.markFulfilled({ orderId: order.id })]);
    expect([a.status, b.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(h.emitted.filter((e) => e.event === 'order.fulfilled')).toHaveLength(1);
    await expect(h.orders.markFulfilled({ orderId: 'nope' })).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('refuses a cancelled order', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h);
    await h.orders.cancelOrder({ orderId: order.id });
    await expect(h.orders.markFulfilled({ orderId: order.id })).rejects.toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
  });
});

describe('refunds and cancellation together', () => {
  it('restocks each unit once across a returned-goods refund and a later cancellation', async () => {
    const h = makeCheckoutHarness();
    const order = await placeOrder(h, { 'SKU-C': 3 });
    expect(h.inventory.onHand.get('SKU-C')).toBe(7);
    await h.orders.refundOrder({ orderId: order.id, lines: [{ sku: 'SKU-C', quantity: 1 }], restock: true });
    expect(h.inventory.onHand.get('SKU-C')).toBe(8);
    const cancelled = await h.orders.cancelOrder({ orderId: order.id });
    expect(h.inventory.onHand.get('SKU-C')).toBe(10);
    expect(cancelled).toMatchObject({ status: 'cancelled', refundedTotal: order.total, lines: [{ restockedQuantity: 3 }] });
    expect(h.payments.charges.get(order.payment.paymentId)?.status).toBe('refunded');
  });
});
