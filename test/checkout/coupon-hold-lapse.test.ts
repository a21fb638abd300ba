// Coupon holds lapse with the stock reservation (reservationTtlMs, 15 min in the harness), so a
// checkout that died or was abandoned while holding a use never keeps it for ever.
import { describe, expect, it } from 'vitest';
import type { CommerceError } from '../../src/index.js';
import { makeCheckoutHarness, type CheckoutHarness } from './fixtures.js';

const TTL_MINUTES = 15;

/** Starts a completion that dies right after holding its coupon use (before reserving stock). */
async function diedHoldingCoupon(h: CheckoutHarness, coupon: string) {
  const { checkoutId } = await h.readyCheckout({ coupons: [coupon] });
  h.faults.hangOn('inventory.reserveItems');
  void h.checkout.completeOrder({ checkoutId });
  // Until it holds the use (on a loaded machine, not a few ms); the hang is used up by then.
  for (let waited = 0; h.cart.couponUse(coupon).held === 0 && waited < 5_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(h.cart.couponUse(coupon).held).toBe(1);
  return checkoutId;
}

const usage = (h: CheckoutHarness, code: string) => h.adapters.promotions.getUsage(code.toLowerCase(), undefined, h.clock.now());

describe('a coupon hold left by a checkout that died', () => {
  it('holds the last use until it lapses; then another shopper gets it, and the dead checkout resumed fails cleanly', async () => {
    const h = makeCheckoutHarness();
    const dead = await diedHoldingCoupon(h, 'ONCE');
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });
    const other = await h.readyCheckout({ coupons: ['ONCE'] });
    const refused = (await h.checkout.completeOrder({ checkoutId: other.checkoutId }).catch((e: unknown) => e)) as CommerceError;
    expect(refused).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'coupons', code: 'COUPON_USAGE_LIMIT' } });

    h.clock.advance({ minutes: TTL_MINUTES });
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 0 });
    expect(await h.checkout.completeOrder({ checkoutId: other.checkoutId })).toMatchObject({ status: 'paid' });
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });

    // The dead attempt taken over: its hold lapsed and the use is gone, so it stops at the
    // coupon step having taken nothing (no stock, no money).
    const resumed = (await h.build().completeOrder({ checkoutId: dead }).catch((e: unknown) => e)) as CommerceError;
    expect(resumed).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'coupons', code: 'COUPON_USAGE_LIMIT' } });
    expect(h.inventory.activeReservations()).toHaveLength(0);
    expect(h.payments.authorizations).toBe(1); // the other shopper's payment only
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });
    expect(await h.checkoutStore.get(dead)).toMatchObject({ status: 'open' });
  });

  it('resumed after its hold lapsed, it reserves the use anew when it is still free and places the order once', async () => {
    const h = makeCheckoutHarness();
    const dead = await diedHoldingCoupon(h, 'ONCE');
    h.clock.advance({ minutes: TTL_MINUTES + 1 });
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 0 });
    const placed = await h.build().completeOrder({ checkoutId: dead });
    expect(placed.status).toBe('paid');
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });
    h.clock.advance({ days: 30 });
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 }); // committed uses never lapse
  });
});

describe('a 3-D Secure payment that outlasts its coupon hold', () => {
  async function authenticatedLate(h: CheckoutHarness) {
    const { checkoutId } = await h.readyCheckout({ coupons: ['ONCE'], token: 'tok_3ds' });
    const first = await h.checkout.completeOrder({ checkoutId });
    expect(first.status).toBe('payment_pending');
    h.clock.advance({ minutes: TTL_MINUTES, seconds: 1 });
    return first;
  }

  async function authenticateAndReconcile(h: CheckoutHarness, first: { nextAction?: { gatewayTransactionId?: string | undefined } | undefined }) {
    const webhook = h.gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '');
    expect((await h.payments.handleWebhook(webhook.rawBody, webhook.headers)).outcome).toBe('applied');
    return h.checkout.reconcilePendingOrders();
  }

  it('places the order when the lapsed use is still free', async () => {
    const h = makeCheckoutHarness();
    const first = await authenticatedLate(h);
    const report = await authenticateAndReconcile(h, first);
    expect(report.placed).toEqual([first.orderId]);
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });
  });

  it('cancels the order and gives money and stock back when another order took the use meanwhile', async () => {
    const h = makeCheckoutHarness();
    const first = await authenticatedLate(h);
    const other = await h.readyCheckout({ coupons: ['ONCE'] });
    expect(await h.checkout.completeOrder({ checkoutId: other.checkoutId })).toMatchObject({ status: 'paid' });
    const onHand = h.inventory.onHand.get('SKU-A');

    const report = await authenticateAndReconcile(h, first);
    expect(report.cancelled).toEqual([first.orderId]);
    expect(await h.orderStore.get(first.orderId)).toMatchObject({ status: 'cancelled', cancelReason: 'coupon_unavailable' });
    expect(await h.payments.getPayment(first.paymentId)).toMatchObject({ status: 'voided' });
    expect(h.inventory.onHand.get('SKU-A')).toBe(onHand);
    expect(await usage(h, 'ONCE')).toMatchObject({ used: 1 });
    // Reconciled again: nothing more happens.
    expect((await h.checkout.reconcilePendingOrders()).cancelled).toEqual([]);
    expect(h.inventory.onHand.get('SKU-A')).toBe(onHand);
  });
});
