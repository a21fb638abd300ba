import { describe, expect, it } from 'vitest';
import { makeCheckoutHarness } from './fixtures.js';

describe('a payment whose outcome is unknown', () => {
  it('leaves the order payment_pending holding stock and coupon, and never charges twice', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, cartId } = await h.readyCheckout({ coupons: ['SAVE10'], token: 'tok_unknown_ok' });
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect(placed).toMatchObject({ status: 'payment_pending', paymentStatus: 'unknown' });
    expect(h.inventory.activeReservations()).toHaveLength(1);
    expect(h.inventory.available('SKU-A')).toBe(8);
    expect(h.inventory.onHand.get('SKU-A')).toBe(10);
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 0, held: 1 });
    expect(h.cart.carts.has(cartId)).toBe(true);
    expect((await h.checkoutStore.get(checkoutId))?.status).toBe('confirmed');
    expect(h.emitted.map((e) => e.event)).toContain('order.payment_pending');

    // Retries, with or without a key, answer the pending order and charge nothing more.
    const again = await h.checkout.completeOrder({ checkoutId });
    const keyed = await h.checkout.completeOrder({ checkoutId, idempotencyKey: 'retry-1' });
    expect([again.orderId, keyed.orderId]).toEqual([placed.orderId, placed.orderId]);
    expect(h.payments.charges.size).toBe(1);
    await expect(h.orders.cancelOrder({ orderId: placed.orderId })).rejects.toMatchObject({ code: 'ORDER_PAYMENT_PENDING', details: { operation: 'authorization' } });
  });

  it('reconciles to placed when the money was taken: stock and coupon committed, captured once', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, cartId } = await h.readyCheckout({ coupons: ['SAVE10'], token: 'tok_unknown_ok' });
    const placed = await h.checkout.completeOrder({ checkoutId });
    const [a, b] = await Promise.all([h.checkout.reconcileOrder({ orderId: placed.orderId }), h.checkout.reconcileOrder({ orderId: placed.orderId })]);
    // The loser of the race answers the order as the winner left it, never a second settlement.
    expect([a.status, b.status]).toContain('paid');
    expect((await h.orders.getOrder({ orderId: placed.orderId }))?.status).toBe('paid');
    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
    expect(h.cart.carts.has(cartId)).toBe(false);
    expect(h.payments.charges.size).toBe(1);
    expect(h.emitted.filter((e) => e.event === 'order.placed')).toHaveLength(1);
    const order = await h.orders.getOrder({ orderId: placed.orderId });
    expect(order?.history.map((e) => e.status)).toEqual(['payment_pending', 'placed', 'payment_settling', 'paid']);
    expect(order?.couponHold).toBeUndefined();
  });

  it('reconciles to cancelled when the payment failed, and the checkout takes a new payment', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout({ coupons: ['SAVE10'], token: 'tok_unknown_fail' });
    const pending = await h.checkout.completeOrder({ checkoutId });
    const cancelled = await h.checkout.reconcileOrder({ orderId: pending.orderId });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'payment_failed' });
    expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
    expect(h.inventory.onHand.get('SKU-A')).toBe(10);
    const reopened = await h.checkoutStore.get(checkoutId);
    expect(reopened).toMatchObject({ status: 'open', currentStep: 'payment_info', reopenCount: 1 });
    expect(reopened?.payment).toBeUndefined();

    await h.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: 'tok_ok' });
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect(placed.orderId).not.toBe(pending.orderId);
    expect(placed.status).toBe('paid');
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
  });

  it('reconcilePendingOrders settles what it can and reports the rest', async () => {
    const h = makeCheckoutHarness();
    const ok = await h.checkout.completeOrder({ checkoutId: (await h.readyCheckout({ token: 'tok_unknown_ok', lines: { 'SKU-C': 1 } })).checkoutId });
    const bad = await h.checkout.completeOrder({ checkoutId: (await h.readyCheckout({ token: 'tok_unknown_fail', lines: { 'SKU-C': 1 } })).checkoutId });
    const review = await h.checkout.completeOrder({ checkoutId: (await h.readyCheckout({ token: 'tok_review', lines: { 'SKU-C': 1 } })).checkoutId });
    // The reviewer has not decided: the payment module keeps it in review until approvePayment.
    expect(h.payments.charges.get(review.paymentId)?.status).toBe('review');
    const report = await h.checkout.reconcilePendingOrders();
    expect(report).toEqual({ checked: 3, placed: [ok.orderId], cancelled: [bad.orderId], settled: [], reverted: [], stillPending: [review.orderId], errors: [] });
    expect(h.inventory.onHand.get('SKU-C')).toBe(9);
    expect(h.inventory.available('SKU-C')).toBe(8);
    const limited = await h.checkout.reconcilePendingOrders({ limit: 1 });
    expect(limited).toMatchObject({ checked: 1, stillPending: [review.orderId] });
    await expect(h.checkout.reconcilePendingOrders({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('takes the stock again if its hold lapsed while pending, or cancels and voids if it is gone', async () => {
    const h = makeCheckoutHarness({ stock: 2 });
    const first = await h.checkout.completeOrder({ checkoutId: (await h.readyCheckout({ token: 'tok_unknown_ok', lines: { 'SKU-A': 1 } })).checkoutId });
    expect(h.inventory.available('SKU-A')).toBe(1);
    h.clock.advance({ minutes: 16 }); // past the 15-minute reservation
    expect(h.inventory.activeReservations()).toHaveLength(0);
    const settled = await h.checkout.reconcileOrder({ orderId: first.orderId });
    expect(settled.status).toBe('paid');
    expect(h.inventory.onHand.get('SKU-A')).toBe(1);

    const h2 = makeCheckoutHarness({ stock: 1 });
    const lapsed = await h2.checkout.completeOrder({ checkoutId: (await h2.readyCheckout({ token: 'tok_unknown_ok', lines: { 'SKU-A': 1 } })).checkoutId });
    h2.clock.advance({ minutes: 16 });
    // Lapsed holds free their stock when swept (the host runs the ReservationSweeper).
    await h2.inventory.sweepExpiredReservations();
    await h2.checkout.completeOrder({ checkoutId: (await h2.readyCheckout({ lines: { 'SKU-A': 1 } })).checkoutId });
    const cancelled = await h2.checkout.reconcileOrder({ orderId: lapsed.orderId });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock' });
    expect(h2.payments.charges.get(lapsed.paymentId)?.status).toBe('voided');
    expect(h2.inventory.onHand.get('SKU-A')).toBe(0);
  });

  it('leaves a settled order alone', async () => {
    const h = makeCheckoutHarness();
    const placed = await h.checkout.completeOrder({ checkoutId: (await h.readyCheckout()).checkoutId });
    const calls = h.faults.calls.get('payments.reconcilePayment') ?? 0;
    expect((await h.checkout.reconcileOrder({ orderId: placed.orderId })).status).toBe('paid');
    expect(h.faults.calls.get('payments.reconcilePayment') ?? 0).toBe(calls);
    await expect(h.checkout.reconcileOrder({ orderId: 'nope' })).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });
});
