// Issue 25 on the Redis stores, as several app instances run it: several captures of one
// authorization, capture error codes and long keys, and a checkout through 3-D Secure whose
// second call lands on another instance. One TestGateway account is shared by the instances.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce, isCommerceError, type Commerce } from '../../src/index.js';
import { ManualClock, TEST_TOKENS, TestGateway, TestGatewayState } from '../../src/testing/index.js';
import { request, setup } from '../payment/setup.js';
import { redisSkipReason, redisTestSpace } from './harness.js';
import { mugCheckoutReadyToPay } from '../support/mug-checkout.js';

const skip = await redisSkipReason('payments on Redis (issue 25)');
const space = redisTestSpace('payments-issue-25');
const usd = (amount: string) => ({ amount, currency: 'USD' });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isCommerceError(error) ? error.code : 'not a CommerceError';
  }
}

async function twoShops(gateway: TestGateway, clock: ManualClock): Promise<[Commerce, Commerce]> {
  const p = space.prefix();
  const make = async (kind: 'node-redis' | 'ioredis') =>
    createCommerce({ adapters: redisAdapters({ client: (await space.openNew(kind)).client, prefix: p, clock }), clock, payments: { gateways: [gateway] } });
  return [await make('node-redis'), await make('ioredis')];
}

const threeDsCheckout = (shop: Commerce): Promise<string> => mugCheckoutReadyToPay(shop, TEST_TOKENS.requiresAction);

describe.skipIf(skip)(`payments on Redis (issue 25)${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('several captures from two instances keep captured <= authorized; 99 then 2 answers PAYMENT_INVALID_TRANSITION; a 255-character key stays within 100 at the gateway', async () => {
    const clock = new ManualClock('2025-06-15T12:00:00.000Z');
    const p = space.prefix();
    const a = redisAdapters({ client: (await space.openNew('node-redis')).client, prefix: p, clock });
    const b = redisAdapters({ client: (await space.openNew('ioredis')).client, prefix: p, clock });
    const one = setup({ store: a.payments, idempotency: a.idempotency, velocity: a.velocity, clock });
    const two = setup({ store: b.payments, idempotency: b.idempotency, velocity: b.velocity, clock, gateways: [one.gateway], ids: one.ids });
    const { paymentId } = await one.service.processPayment(request({ amount: usd('100.00'), idempotencyKey: 'k'.repeat(255) }));
    await one.service.capturePayment(paymentId, { amount: usd('30.00'), final: false, idempotencyKey: 'ship-1' });
    await two.service.capturePayment(paymentId, { amount: usd('50.00'), final: false, idempotencyKey: 'ship-2' });
    expect(await codeOf(one.service.capturePayment(paymentId, { amount: usd('20.01'), idempotencyKey: 'too-much' }))).toBe('CAPTURE_EXCEEDS_AUTHORIZED');
    expect(await two.service.capturePayment(paymentId, { amount: usd('20.00'), idempotencyKey: 'ship-3' })).toMatchObject({ status: 'captured', capturedAmount: { amount: '100.00' } });
    const stored = await a.payments.get(paymentId);
    expect(stored?.ledger.filter((e) => e.kind === 'capture').map((e) => [e.amountMinor, e.final ?? true])).toEqual([[3000, false], [5000, false], [2000, true]]);
    for (const call of one.gateway.calls) expect(call.idempotencyKey?.length ?? 0).toBeLessThanOrEqual(100);

    const other = await one.service.processPayment(request({ amount: usd('100.00') }));
    await one.service.capturePayment(other.paymentId, { amount: usd('99.00') });
    expect(await codeOf(two.service.capturePayment(other.paymentId, { amount: usd('2.00') }))).toBe('PAYMENT_INVALID_TRANSITION');
  });

  it('3-D Secure: the first call on one instance answers the action, the second on another places the order once', async () => {
    const clock = new ManualClock();
    const gateway = new TestGateway({ clock });
    const [a, b] = await twoShops(gateway, clock);
    const checkoutId = await threeDsCheckout(a);
    const first = await a.checkout.completeOrder({ checkoutId });
    expect(first).toMatchObject({ status: 'payment_pending', paymentStatus: 'requires_action' });
    expect(first.nextAction?.url).toContain('/3ds/');
    expect((await b.inventory.getInventoryStatus('MUG')).reserved).toBe(2);
    gateway.completeAction(first.nextAction?.gatewayTransactionId ?? '');
    expect(await b.checkout.completeOrder({ checkoutId })).toMatchObject({ orderId: first.orderId, status: 'paid' });
    expect(await a.checkout.completeOrder({ checkoutId })).toMatchObject({ orderId: first.orderId, status: 'paid' });
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    const mug = await a.inventory.getInventoryStatus('MUG');
    expect([mug.onHand, mug.reserved]).toEqual([8, 0]);
  });

  it('3-D Secure abandoned: after the reservation lapses another instance voids the payment, releases the stock and reopens the checkout', async () => {
    const clock = new ManualClock();
    const gateway = new TestGateway({ clock });
    const [a, b] = await twoShops(gateway, clock);
    const checkoutId = await threeDsCheckout(a);
    const first = await a.checkout.completeOrder({ checkoutId });
    clock.advance((first.nextAction?.expiresAt ?? 0) - clock.now());
    const report = await b.checkout.reconcilePendingOrders();
    expect(report.cancelled).toEqual([first.orderId]);
    expect(await b.payments.getPayment(first.paymentId)).toMatchObject({ status: 'voided' });
    expect((await a.inventory.getInventoryStatus('MUG')).reserved).toBe(0);
    expect(await a.stores.checkouts.get(checkoutId)).toMatchObject({ status: 'open' });
  });
});

describe.skipIf(skip)(`the TestGateway account shared by instances${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('a payment authorized and captured through one instance is refunded through another (not "declined: invalid_state")', async () => {
    const clock = new ManualClock();
    const account = new TestGatewayState();
    const p = space.prefix();
    const shop = async (kind: 'node-redis' | 'ioredis') =>
      createCommerce({ adapters: redisAdapters({ client: (await space.openNew(kind)).client, prefix: p, clock }), clock, payments: { gateways: [new TestGateway({ clock, state: account })] } });
    const [a, b] = [await shop('node-redis'), await shop('ioredis')];
    const paid = await a.payments.processPayment(request({ capture: true, amount: usd('40.00') }));
    expect(paid.status).toBe('captured');
    expect(await b.payments.refundPayment(paid.paymentId, { amount: usd('15.00'), idempotencyKey: 'r-b' })).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '15.00' } });
    expect(await a.payments.refundPayment(paid.paymentId, { idempotencyKey: 'r-a' })).toMatchObject({ status: 'refunded', refundedAmount: { amount: '40.00' } });
  });

  it('without a shared account the other instance cannot know the payment (the reason to share one)', async () => {
    const clock = new ManualClock();
    const p = space.prefix();
    const shop = async (kind: 'node-redis' | 'ioredis') =>
      createCommerce({ adapters: redisAdapters({ client: (await space.openNew(kind)).client, prefix: p, clock }), clock, payments: { gateways: [new TestGateway({ clock })] } });
    const [a, b] = [await shop('node-redis'), await shop('ioredis')];
    const paid = await a.payments.processPayment(request({ capture: true, amount: usd('40.00') }));
    expect(await codeOf(b.payments.refundPayment(paid.paymentId, { idempotencyKey: 'r-b' }))).toBe('PAYMENT_DECLINED');
  });
});
