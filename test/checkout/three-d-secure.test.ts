import { describe, expect, it } from 'vitest';
import { makeCheckoutHarness, type CheckoutHarness } from './fixtures.js';

/** A checkout whose card asks for 3-D Secure, completed once: the order waits on the shopper. */
async function awaitingShopper(h: CheckoutHarness) {
  const { checkoutId } = await h.readyCheckout({ coupons: ['SAVE10'], token: 'tok_3ds' });
  const first = await h.checkout.completeOrder({ checkoutId });
  return { checkoutId, first };
}

describe('completeOrder meets 3-D Secure', () => {
  it('answers the action and keeps the checkout, the stock and the coupon use held for the order', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, first } = await awaitingShopper(h);
    expect(first).toMatchObject({ status: 'payment_pending', paymentStatus: 'requires_action', replayed: false });
    expect(first.nextAction?.type).toBe('three_d_secure');
    expect(first.nextAction?.url).toContain('/3ds/');
    expect(first.nextAction?.gatewayTransactionId).toMatch(/^test_txn_/);
    const order = await h.orderStore.get(first.orderId);
    expect(first.nextAction?.expiresAt).toBe((order?.createdAt ?? 0) + 900_000);
    expect(h.inventory.activeReservations()).toHaveLength(1);
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 0, held: 1 });
    expect(await h.checkoutStore.get(checkoutId)).toMatchObject({ status: 'confirmed', orderId: first.orderId });
    // Called again before the shopper acted: the same order and action, no second authorization.
    const again = await h.checkout.completeOrder({ checkoutId });
    expect(again).toMatchObject({ orderId: first.orderId, status: 'payment_pending', replayed: true, nextAction: { url: first.nextAction?.url } });
    expect(h.gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
  });

  it('the shopper authenticates, completeOrder again places the order: stock and coupon committed, one authorization', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, first } = await awaitingShopper(h);
    h.gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '');
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect(placed).toMatchObject({ orderId: first.orderId, status: 'paid', replayed: true });
    expect(placed.nextAction).toBeUndefined();
    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
    expect(h.gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(h.emitted.filter((e) => e.event === 'order.placed')).toHaveLength(1);
  });

  it("the gateway's webhook says the shopper authenticated: reconciliation places the order without the shopper coming back", async () => {
    const h = makeCheckoutHarness();
    const { first } = await awaitingShopper(h);
    const webhook = h.gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '');
    expect((await h.payments.handleWebhook(webhook.rawBody, webhook.headers)).outcome).toBe('applied');
    const report = await h.checkout.reconcilePendingOrders();
    expect(report.placed).toEqual([first.orderId]);
    expect((await h.orderStore.get(first.orderId))?.status).toBe('paid');
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
  });

  it('an abandoned action lapses with the held stock: the payment is voided, stock and coupon released, the checkout open again', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, first } = await awaitingShopper(h);
    h.clock.advance(899_000);
    expect((await h.checkout.reconcilePendingOrders()).stillPending).toEqual([first.orderId]);
    h.clock.advance(1_000);
    const report = await h.checkout.reconcilePendingOrders();
    expect(report.cancelled).toEqual([first.orderId]);
    expect(await h.payments.getPayment(first.paymentId)).toMatchObject({ status: 'voided' });
    expect(h.gateway.calls.filter((c) => c.op === 'void')).toHaveLength(1);
    expect(h.inventory.activeReservations()).toHaveLength(0);
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 0, held: 0 });
    // Reopened at the payment step, for another payment.
    expect(await h.checkoutStore.get(checkoutId)).toMatchObject({ status: 'open', currentStep: 'payment_info', reopenCount: 1 });
    // A late authentication finds the payment voided: no money for an order that is gone.
    expect(() => h.gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '')).toThrow();
    await h.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: 'tok_ok' });
    expect((await h.checkout.completeOrder({ checkoutId })).status).toBe('paid');
  });

  it('authentication failed (the webhook says so): the order is cancelled and everything released', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, first } = await awaitingShopper(h);
    const webhook = h.gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '', false);
    await h.payments.handleWebhook(webhook.rawBody, webhook.headers);
    const again = await h.checkout.completeOrder({ checkoutId });
    expect(again).toMatchObject({ orderId: first.orderId, status: 'cancelled' });
    expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
    expect(await h.checkoutStore.get(checkoutId)).toMatchObject({ status: 'open' });
  });
});
