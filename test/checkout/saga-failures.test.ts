import { describe, expect, it } from 'vitest';
import { CommerceError, type CommerceErrorCode } from '../../src/index.js';
import { makeCheckoutHarness, type CheckoutHarness } from './fixtures.js';

const injected = (code: CommerceErrorCode) => new CommerceError(code, { reason: 'injected' });

/** Nothing held anywhere, stock as it started, no coupon used, the checkout open at review. */
async function expectNothingLeftBehind(h: CheckoutHarness, checkoutId: string) {
  expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
  for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) expect(h.inventory.onHand.get(sku)).toBe(10);
  expect(h.cart.couponUse('SAVE10').used).toBe(0);
  const state = await h.checkoutStore.get(checkoutId);
  expect(state).toMatchObject({ status: 'open', currentStep: 'order_review' });
  expect(state?.completion).toBeUndefined();
  expect(state?.orderId).toBeUndefined();
}

/** After a failure, the same checkout completes once the fault is gone. */
async function expectCompletableAgain(h: CheckoutHarness, checkoutId: string) {
  h.faults.clear();
  const placed = await h.checkout.completeOrder({ checkoutId });
  expect(placed.status).toBe('paid');
  const live = [...h.payments.charges.values()].filter((c) => c.status === 'captured');
  expect(live).toHaveLength(1);
  expect(h.inventory.onHand.get('SKU-A')).toBe(8);
  expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
}

describe('completeOrder undoes every step on failure', () => {
  const cases: { fault: string; error: CommerceErrorCode; step: string; skip?: number }[] = [
    { fault: 'cart.priceCart', error: 'STORE_UNAVAILABLE', step: 'pricing' },
    { fault: 'cart.reserveCouponUsage', error: 'COUPON_USAGE_LIMIT', step: 'coupons' },
    { fault: 'inventory.reserveItems', error: 'INSUFFICIENT_INVENTORY', step: 'inventory' },
    { fault: 'payments.processPayment', error: 'PAYMENT_GATEWAY_ERROR', step: 'payment' },
    { fault: 'orderStore.nextSequence', error: 'STORE_UNAVAILABLE', step: 'order' },
    { fault: 'orderStore.create', error: 'STORE_UNAVAILABLE', step: 'order' },
    // The first checkout write of the saga takes the lease; the next one confirms.
    { fault: 'checkoutStore.update', error: 'STORE_UNAVAILABLE', step: 'confirmation', skip: 1 },
    { fault: 'inventory.confirmReservation', error: 'RESERVATION_NOT_ACTIVE', step: 'confirmation' },
    { fault: 'cart.commitCouponUsage', error: 'STORE_UNAVAILABLE', step: 'confirmation' },
  ];

  it.each(cases)('$fault fails -> CHECKOUT_FAILED at $step with $error, nothing left behind', async ({ fault, error, step, skip }) => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout({ coupons: ['SAVE10'] });
    h.faults.failOn(fault, injected(error), skip !== undefined ? { skip } : {});

    const failure = (await h.checkout.completeOrder({ checkoutId }).catch((e: unknown) => e)) as CommerceError;
    expect(failure).toBeInstanceOf(CommerceError);
    expect(failure.code).toBe('CHECKOUT_FAILED');
    expect(failure.details).toMatchObject({ checkoutId, step, code: error });
    expect(failure.details.compensationErrors).toBeUndefined();
    expect((failure.cause as CommerceError).code).toBe(error);
    expect(h.emitted.filter((e) => e.event === 'checkout.failed')).toEqual([{ event: 'checkout.failed', payload: { checkoutId, step, code: error } }]);
    expect(h.emitted.some((e) => e.event === 'order.placed')).toBe(false);

    await expectNothingLeftBehind(h, checkoutId);
    // An order recorded before the failure stays, cancelled, so its number is never reused.
    const page = await h.orderStore.listByStatus('cancelled', { limit: 10 });
    for (const order of page.orders) expect(order.cancelReason).toBe('checkout_failed');
    expect((await h.orderStore.listByStatus('paid', { limit: 10 })).orders).toHaveLength(0);

    await expectCompletableAgain(h, checkoutId);
  });

  it.each([
    ['tok_declined', 'PAYMENT_DECLINED'],
    ['tok_fraud', 'PAYMENT_BLOCKED'],
  ] as const)('a payment answered %s fails with %s and releases stock and coupon', async (token, code) => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout({ coupons: ['SAVE10'], token });
    const failure = (await h.checkout.completeOrder({ checkoutId }).catch((e: unknown) => e)) as CommerceError;
    expect(failure).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'payment', code } });
    expect(failure.details.paymentId).toBeDefined();
    await expectNothingLeftBehind(h, checkoutId);
    // A new payment method, and the same checkout goes through.
    await h.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: 'tok_ok' });
    await expectCompletableAgain(h, checkoutId);
  });

  it('stock sold to someone else after start: INSUFFICIENT_INVENTORY at the inventory step', async () => {
    const h = makeCheckoutHarness({ stock: 2 });
    const first = await h.readyCheckout({ lines: { 'SKU-A': 2 } });
    const second = await h.readyCheckout({ lines: { 'SKU-A': 1 } });
    await h.checkout.completeOrder({ checkoutId: first.checkoutId });
    const failure = await h.checkout.completeOrder({ checkoutId: second.checkoutId }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'inventory', code: 'INSUFFICIENT_INVENTORY' } });
    expect(h.inventory.onHand.get('SKU-A')).toBe(0);
    expect(h.payments.authorizations).toBe(1);
  });

  it('a single-use coupon used by one order fails the other at the coupon step, uncharged', async () => {
    const h = makeCheckoutHarness();
    const a = await h.readyCheckout({ coupons: ['ONCE'] });
    const b = await h.readyCheckout({ coupons: ['ONCE'] });
    await h.checkout.completeOrder({ checkoutId: a.checkoutId });
    const failure = await h.checkout.completeOrder({ checkoutId: b.checkoutId }).catch((e: unknown) => e);
    // The cart prices a used-up coupon; its store refuses the use when the order holds it.
    expect(failure).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'coupons', code: 'COUPON_USAGE_LIMIT' } });
    expect(h.cart.couponUse('ONCE')).toEqual({ used: 1, held: 0 });
    expect(h.payments.authorizations).toBe(1);
  });

  it('two checkouts racing for a single-use coupon: one order uses it, the other is refused', async () => {
    const h = makeCheckoutHarness();
    const a = await h.readyCheckout({ coupons: ['ONCE'] });
    const b = await h.readyCheckout({ coupons: ['ONCE'] });
    const settled = await Promise.allSettled([h.checkout.completeOrder({ checkoutId: a.checkoutId }), h.checkout.completeOrder({ checkoutId: b.checkoutId })]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const refused = settled.find((s) => s.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'CHECKOUT_FAILED', details: { code: 'COUPON_USAGE_LIMIT' } });
    expect(h.cart.couponUse('ONCE')).toEqual({ used: 1, held: 0 });
    expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
  });

  it('reports an undo that fails, and still frees the checkout', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    h.faults.failOn('orderStore.create');
    h.faults.failOn('payments.voidPayment', injected('PAYMENT_GATEWAY_ERROR'));
    const failure = (await h.checkout.completeOrder({ checkoutId }).catch((e: unknown) => e)) as CommerceError;
    expect(failure.details).toMatchObject({ step: 'order', compensationErrors: [{ undo: 'payment', code: 'PAYMENT_GATEWAY_ERROR' }] });
    expect(h.inventory.activeReservations()).toHaveLength(0);
    expect((await h.checkoutStore.get(checkoutId))?.completion).toBeUndefined();
  });

  it('a capture or cart deletion failing after commit does not fail the placed order', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, cartId } = await h.readyCheckout();
    h.faults.failOn('payments.capturePayment', injected('PAYMENT_GATEWAY_ERROR'));
    h.faults.failOn('cart.deleteCart');
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect(placed.status).toBe('placed'); // authorized; captured at fulfilment instead
    expect(h.cart.carts.has(cartId)).toBe(true);
    const fulfilled = await h.orders.markFulfilled({ orderId: placed.orderId });
    expect(fulfilled.status).toBe('fulfilled');
    expect(h.payments.charges.get(placed.paymentId)?.status).toBe('captured');
  });
});

describe('a completion whose process died', () => {
  it.each([
    ['after authorizing', 'orderStore.nextSequence', 0],
    ['after recording the order', 'checkoutStore.update', 1],
  ] as const)('dying %s, it is taken over after its lease lapses, reusing authorization, coupon hold and order', async (_when, fault, skip) => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout({ coupons: ['SAVE10'] });
    h.faults.hangOn(fault, skip);
    void h.checkout.completeOrder({ checkoutId });
    // Until the first attempt hangs past its authorization (on a loaded machine, not 20 ms).
    for (let waited = 0; h.payments.authorizations === 0 && waited < 5_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.payments.authorizations).toBe(1);
    await expect(h.build().completeOrder({ checkoutId, idempotencyKey: 'other' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });

    h.clock.advance({ seconds: 31 }); // past the claim and the lease
    const placed = await h.build().completeOrder({ checkoutId });
    expect(placed.status).toBe('paid');
    expect(h.payments.authorizations).toBe(1);
    expect(h.payments.charges.size).toBe(1);
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    expect((await h.orderStore.listByStatus('paid', { limit: 10 })).orders.map((o) => o.id)).toEqual([placed.orderId]);
    expect((await h.orderStore.listByStatus('cancelled', { limit: 10 })).orders).toEqual([]);
    // The dead attempt's own stock hold lapses by itself.
    h.clock.advance({ minutes: 16 });
    expect(h.inventory.available('SKU-A')).toBe(8);
  });
});

describe('only CommerceError escapes', () => {
  it('wraps a bare Error thrown by a collaborator', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    h.faults.failOn('inventory.checkAvailability', new TypeError('socket hang up'));
    await expect(h.checkout.startCheckout({ cartId: 'c' })).rejects.toMatchObject({ name: 'CommerceError', code: 'INTERNAL' });
    const { checkoutId } = await h.readyCheckout();
    h.faults.failOn('inventory.reserveItems', new TypeError('socket hang up'));
    const failure = (await h.checkout.completeOrder({ checkoutId }).catch((e: unknown) => e)) as CommerceError;
    expect(failure).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'inventory', code: 'INTERNAL' } });
    h.faults.failOn('checkoutStore.get', new Error('redis down'));
    await expect(h.checkout.getCheckoutSummary({ checkoutId })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
