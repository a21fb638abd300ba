// The payment and checkout services on the Redis stores, as several app instances would run
// them: each instance has its own connection (node-redis and ioredis mixed) and they share
// one Redis, with one TestGateway account.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { ManualClock, TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { US_ADDRESS } from '../checkout/fixtures.js';
import { request, setup } from '../payment/setup.js';
import { redisSkipReason, redisTestSpace, type ClientKind } from './harness.js';

const skip = await redisSkipReason('services on Redis');
const space = redisTestSpace('services');
// Each call is another app instance: a connection of its own.
const open = space.openNew;
const prefix = space.prefix;

describe.skipIf(skip)(`services on Redis stores${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('payments: an early webhook is parked, applied when the payment appears, and a duplicate is ignored', async () => {
    const raw = await open('ioredis');
    const clock = new ManualClock('2025-06-15T12:00:00.000Z');
    const { payments, idempotency, velocity } = redisAdapters({ client: raw.client, prefix: prefix(), clock });
    const { service, gateway, seen } = setup({ store: payments, idempotency, velocity, clock });
    const early = gateway.signEvent({ type: 'payment.captured', paymentId: 'payment_1', transactionId: 'test_txn_x', operationId: 'op_early', amountMinor: 4999 });
    expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('parked');
    const paid = await service.processPayment(request());
    expect(paid).toMatchObject({ paymentId: 'payment_1', status: 'captured' });
    expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('duplicate');
    expect(seen.map((e) => e.name)).toEqual(['payment.authorized', 'payment.captured']);
    expect(await payments.parkedEvents('payment_1')).toEqual([]);
  });

  it('payments: concurrent refunds from two instances never exceed what was captured', async () => {
    const [a, b] = [await open('node-redis'), await open('ioredis')];
    const p = prefix();
    const clock = new ManualClock('2025-06-15T12:00:00.000Z');
    const first = redisAdapters({ client: a.client, prefix: p, clock });
    const second = redisAdapters({ client: b.client, prefix: p, clock });
    const one = setup({ store: first.payments, idempotency: first.idempotency, velocity: first.velocity, clock });
    // The second instance shares the stores and the gateway (one gateway account).
    const two = setup({ store: second.payments, idempotency: second.idempotency, velocity: second.velocity, clock, gateways: [one.gateway], ids: one.ids });
    const paid = await one.service.processPayment(request({ capture: true }));
    const refund = (svc: typeof one.service, key: string) => svc.refundPayment(paid.paymentId, { amount: { amount: '30', currency: 'USD' }, idempotencyKey: key });
    const settled = await Promise.allSettled([refund(one.service, 'r1'), refund(two.service, 'r2'), refund(one.service, 'r3'), refund(two.service, 'r4')]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const stored = await first.payments.get(paid.paymentId);
    const refunded = stored?.ledger.filter((l) => l.kind === 'refund' && l.state !== 'failed').reduce((n, l) => n + l.amountMinor, 0);
    expect(refunded).toBe(3000);
    expect(stored?.status).toBe('partially_refunded');
  });

  it('checkout: 10 concurrent completeOrder calls over 4 instances make one order, one authorization, one reservation', async () => {
    const p = prefix();
    const clock = new ManualClock();
    // One gateway account shared by every instance; each instance has its own connection.
    const gateway = new TestGateway({ clock });
    const kinds: ClientKind[] = ['node-redis', 'ioredis', 'node-redis', 'ioredis'];
    const shops = await Promise.all(
      kinds.map(async (kind) =>
        createCommerce({
          adapters: redisAdapters({ client: (await open(kind)).client, prefix: p, clock }),
          clock,
          payments: { gateways: [gateway] },
          checkout: { idempotency: { pollMs: 2, waitMs: 10_000 } },
        }),
      ),
    );
    const [main] = shops;
    if (!main) throw new Error('no instance');
    const placed: unknown[] = [];
    for (const shop of shops) shop.events.on('order.placed', (e) => void placed.push(e));

    await main.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
    await main.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 10, costPerUnit: { amount: '4.00', currency: 'USD' } });
    const cart = await main.cart.createCart({ sessionId: 's1', currency: 'USD' });
    await main.cart.addItem(cart.id, { sku: 'MUG', quantity: 2 });
    const started = await main.checkout.startCheckout({ cartId: cart.id });
    await main.checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
    await main.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await main.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => shops[i % shops.length]!.checkout.completeOrder({ checkoutId: started.id })));
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(gateway.calls.filter((c) => c.op === 'authorize')).toHaveLength(1);
    expect(placed).toHaveLength(1);
    const mug = await main.inventory.getInventoryStatus('MUG');
    expect([mug.onHand, mug.reserved]).toEqual([8, 0]);
    expect((await main.inventory.listMovements({ sku: 'MUG' })).filter((m) => m.kind === 'reservation')).toHaveLength(1);

    const [result] = results;
    const order = await main.orders.getOrder({ orderId: result?.orderId ?? '' });
    expect(order).toMatchObject({ number: 'ORD-000001', status: 'paid', email: 'guest@example.com' });
    expect(await main.stores.orders.getByNumber('ORD-000001')).toMatchObject({ id: result?.orderId });
    expect(await main.stores.checkouts.get(started.id)).toMatchObject({ status: 'confirmed', orderId: result?.orderId });
    expect(await main.cart.getCart(cart.id)).toBeNull();
  });
});
