import { describe, expect, it } from 'vitest';
import { CheckoutService, Money } from '../../src/index.js';
import { makeCheckoutHarness } from './fixtures.js';

describe('completeOrder', () => {
  it('places one order for the exact total: stock taken, coupon used, cart gone, events in order', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId, cartId } = await h.readyCheckout({ coupons: ['SAVE10'] });
    const summary = await h.checkout.getCheckoutSummary({ checkoutId });
    const placed = await h.checkout.completeOrder({ checkoutId, expectedTotal: summary.total });

    expect(placed).toMatchObject({ checkoutId, orderNumber: 'ORD-000001', status: 'paid', total: summary.total.toJSON(), replayed: false });
    const order = await h.orders.getOrder({ orderId: placed.orderId });
    expect(order).toMatchObject({ status: 'paid', email: 'guest@example.com', couponCodes: ['SAVE10'], total: summary.total.toJSON() });
    expect(order?.lines.map((l) => [l.sku, l.quantity])).toEqual([['SKU-A', 2], ['SKU-B', 1]]);
    expect(Money.fromJSON(order?.payment.captured ?? { amount: '0.00', currency: 'USD' }).equals(summary.total)).toBe(true);
    const charge = h.payments.charges.get(placed.paymentId);
    expect(charge?.amount.equals(summary.total)).toBe(true);
    expect(charge?.status).toBe('captured');

    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    expect(h.inventory.onHand.get('SKU-B')).toBe(9);
    expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
    expect(h.cart.couponUse('SAVE10')).toEqual({ used: 1, held: 0 });
    expect(h.cart.carts.has(cartId)).toBe(false);

    const state = await h.checkoutStore.get(checkoutId);
    expect(state).toMatchObject({ status: 'confirmed', currentStep: 'confirmation', orderId: placed.orderId, completedSteps: ['cart_review', 'shipping_info', 'payment_info', 'order_review'] });
    expect(state?.completion).toBeUndefined();
    expect(h.emitted.map((e) => e.event)).toEqual(['checkout.started', 'order.placed', 'order.paid', 'checkout.completed']);

    // The confirmed checkout's summary comes from its order (the cart is gone).
    const after = await h.checkout.getCheckoutSummary({ checkoutId });
    expect(after).toMatchObject({ status: 'confirmed', currentStep: 'confirmation', orderNumber: 'ORD-000001' });
    expect(after.total.equals(summary.total)).toBe(true);
    expect(after.appliedPromotions.map((p) => [p.code, p.amount.amount])).toEqual([['SAVE10', '6.00']]);
    expect(after.discountTotal.amount).toBe('6.00');
    await expect(h.checkout.updateGuestInfo({ checkoutId, email: 'late@example.com' })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
  });

  it('authorizes only, when capture waits for fulfilment', async () => {
    const h = makeCheckoutHarness({ captureMode: 'on_fulfilment' });
    const { checkoutId } = await h.readyCheckout();
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect(placed).toMatchObject({ status: 'placed', paymentStatus: 'authorized' });
    expect(h.payments.charges.get(placed.paymentId)?.status).toBe('authorized');
    const fulfilled = await h.orders.markFulfilled({ orderId: placed.orderId, carrier: 'UPS', trackingNumber: '1Z' });
    expect(fulfilled).toMatchObject({ status: 'fulfilled', fulfilment: { carrier: 'UPS', trackingNumber: '1Z' } });
    expect(fulfilled.payment.captured).toEqual(fulfilled.total);
    expect(h.payments.charges.get(placed.paymentId)?.status).toBe('captured');
    // The capture is written on the order before the gateway is asked (payment_settling).
    expect(fulfilled.history.map((e) => e.status)).toEqual(['placed', 'payment_settling', 'paid', 'fulfilled']);
  });

  it('reads the checkout once and never reads the order it is creating (each read is a round trip on Redis)', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    h.faults.calls.clear();
    await h.checkout.completeOrder({ checkoutId });
    const calls = Object.fromEntries([...h.faults.calls].filter(([name]) => name.startsWith('checkoutStore.') || name.startsWith('orderStore.')));
    // The lease and the confirmation write from the state read first and the lease's answer;
    // the capture is written on the order it just created before the gateway is asked, then
    // marks it paid.
    expect(calls).toEqual({ 'checkoutStore.get': 1, 'checkoutStore.update': 2, 'orderStore.nextSequence': 1, 'orderStore.create': 1, 'orderStore.update': 2 });
  });

  it('a step written between the first read and the lease is not lost: the lease re-reads on conflict', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    // A guest-email change lands right after completeOrder's first read (before its claim).
    let reads = 0;
    const realGet = h.checkoutStore.get.bind(h.checkoutStore);
    h.checkoutStore.get = async (id: string) => {
      const state = await realGet(id);
      if (++reads === 1) await h.checkout.updateGuestInfo({ checkoutId, email: 'changed@example.com' });
      return state;
    };
    const placed = await h.checkout.completeOrder({ checkoutId });
    expect((await h.orders.getOrder({ orderId: placed.orderId }))?.email).toBe('changed@example.com');
    // completeOrder's read, the step's read, and the lease's read after its write was refused.
    expect(reads).toBe(3);
  });

  it('10 concurrent calls make one order, one authorization, one reservation', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const results = await Promise.all(Array.from({ length: 10 }, () => h.checkout.completeOrder({ checkoutId })));
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(h.payments.authorizations).toBe(1);
    expect(h.inventory.reservations.size).toBe(1);
    expect(h.inventory.onHand.get('SKU-A')).toBe(8);
    expect(h.emitted.filter((e) => e.event === 'order.placed')).toHaveLength(1);
  });

  it('several processes sharing the stores make one order', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const services = Array.from({ length: 4 }, () => h.build());
    const results = await Promise.all(services.flatMap((s) => [s.completeOrder({ checkoutId }), s.completeOrder({ checkoutId })]));
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(h.payments.authorizations).toBe(1);
    expect(h.inventory.reservations.size).toBe(1);
  });

  it('callers with their own keys still get one order: concurrently one runs, later ones get it', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const settled = await Promise.allSettled(['k1', 'k2', 'k3'].map((idempotencyKey) => h.checkout.completeOrder({ checkoutId, idempotencyKey })));
    const fulfilled = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as { code: string }] : []));
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((e) => e.code === 'IDEMPOTENCY_IN_PROGRESS')).toBe(true);
    const later = await h.checkout.completeOrder({ checkoutId, idempotencyKey: 'k9' });
    expect(later.orderId).toBe(fulfilled[0]?.orderId);
    expect(h.payments.authorizations).toBe(1);
  });

  it('a later call replays the same order', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const first = await h.checkout.completeOrder({ checkoutId });
    h.clock.advance({ minutes: 5 });
    const again = await h.checkout.completeOrder({ checkoutId });
    expect(again).toEqual({ ...first, replayed: true });
    expect(h.payments.authorizations).toBe(1);
  });

  it('refuses a checkout not at review, or a guest without email, and changes nothing', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    await expect(h.checkout.completeOrder({ checkoutId: id })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
    await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: { firstName: 'A', lastName: 'B', line1: '1 Rue', city: 'Paris', postalCode: '75001', country: 'FR' } });
    await h.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: 'tok_ok' });
    await expect(h.checkout.completeOrder({ checkoutId: id })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
    expect(h.payments.authorizations).toBe(0);
    await h.checkout.updateGuestInfo({ checkoutId: id, email: 'p@example.com' });
    expect((await h.checkout.completeOrder({ checkoutId: id })).status).toBe('paid');
  });

  it('refuses a signed-in checkout started without the account email', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('u', { 'SKU-A': 1 }, { userId: 'carol' });
    const { id } = await h.checkout.startCheckout({ cartId: 'u', userId: 'carol' });
    await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: { firstName: 'C', lastName: 'D', line1: '1 High St', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' } });
    await h.checkout.updatePaymentInfo({ checkoutId: id, method: 'google_pay', paymentToken: 'tok_ok' });
    await expect(h.checkout.completeOrder({ checkoutId: id })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP', details: { reason: 'no account email was given at start' } });
    expect(h.payments.authorizations).toBe(0);
    expect((await h.checkoutStore.get(id))?.completion).toBeUndefined();
  });

  it('refuses to charge when the total changed since review', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const error = await h.checkout.completeOrder({ checkoutId, expectedTotal: Money.of('1.00', 'USD') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKOUT_FAILED', details: { step: 'pricing', code: 'CHECKOUT_PRICE_CHANGED' } });
    expect(h.payments.authorizations).toBe(0);
    expect((await h.checkout.completeOrder({ checkoutId })).status).toBe('paid');
  });

  it('numbers orders from the atomic sequence in the configured format', async () => {
    const h = makeCheckoutHarness();
    const service = new CheckoutService({
      store: h.checkoutStore, orderStore: h.orderStore, idempotencyStore: h.idempotencyStore,
      cart: h.cart, inventory: h.inventory, payments: h.payments, clock: h.clock, ids: h.ids,
      formatOrderNumber: (n) => `SHOP-${n}`,
    });
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { checkoutId } = await h.readyCheckout({ lines: { 'SKU-C': 1 } });
      numbers.push((await service.completeOrder({ checkoutId })).orderNumber);
    }
    expect(numbers).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3']);
    expect((await h.orders.getOrderByNumber({ orderNumber: 'SHOP-2' }))?.number).toBe('SHOP-2');
  });

  it('a signed-in shopper pays with the account email and finds the order in their list', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout({ userId: 'alice' });
    const placed = await h.checkout.completeOrder({ checkoutId });
    const page = await h.orders.listOrdersForCustomer({ customerId: 'alice' });
    expect(page.orders.map((o) => o.id)).toEqual([placed.orderId]);
    expect(page.orders[0]).toMatchObject({ customerId: 'alice', email: 'alice@example.com' });
  });
});
