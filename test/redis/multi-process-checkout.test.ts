// Several app instances completing one checkout: 4 worker processes, each with its own
// connection (two node-redis, two ioredis) and its own services, make 10 concurrent
// completeOrder calls on the same checkout. One order, one payment with one authorization,
// one stock reservation, and every call answers with that order.
import { afterAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import type { PaymentRecord } from '../../src/ports/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { forkWorker, runTogether } from './worker-process.js';
import { REDIS_URL, connect, redisSkipReason, testPrefix, type ClientKind, type RawRedis } from './harness.js';
import { mugCheckoutReadyToPay } from '../support/mug-checkout.js';

interface Report {
  results: { orderId: string; replayed: boolean }[];
  failed: string[];
  placed: number;
}

const skip = await redisSkipReason('multi-process checkout');
const prefix = testPrefix('multi-process-checkout');
let raw: RawRedis | undefined;
afterAll(async () => {
  await raw?.scanDelete(`${prefix}*`);
  await raw?.close();
});

describe.skipIf(skip)(`Redis checkout across processes${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('4 processes, 10 concurrent completeOrder on one checkout: one order, one authorization, one reservation', async () => {
    raw = await connect('ioredis');
    const adapters = redisAdapters({ client: raw.client, prefix });
    const shop = createCommerce({ adapters, payments: { gateways: [new TestGateway()] } });
    const checkoutId = await mugCheckoutReadyToPay(shop, TEST_TOKENS.approve);

    const plan: [ClientKind, number][] = [['node-redis', 3], ['ioredis', 3], ['node-redis', 2], ['ioredis', 2]];
    const reports = await runTogether(plan.map(([kind, count]) => forkWorker<Report>('./checkout-worker.ts', [kind, REDIS_URL, prefix, checkoutId, String(count)])));

    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    const results = reports.flatMap((r) => r.results);
    expect(results).toHaveLength(10);
    const orderIds = new Set(results.map((r) => r.orderId));
    expect(orderIds.size).toBe(1);
    const [orderId] = [...orderIds];
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.placed, 0)).toBe(1);

    // One order record, under that id, paid.
    const orderKeys = await raw.keys(`${prefix}ord:{*`);
    const order = await adapters.orders.get(orderId ?? '');
    expect(order).toMatchObject({ id: orderId, status: 'paid', email: 'guest@example.com' });
    expect(orderKeys.filter((k) => k.endsWith(`:${orderId}`))).toHaveLength(1);
    expect(orderKeys).toHaveLength(1);

    // One payment in the shared store, for that order, with one authorization in its ledger:
    // the gateways were per process, so this is where a second authorization would show.
    // Payment records are `pay:{o<shard>}:<id>` (event-recording.ts); parked events add a suffix.
    const paymentIds = (await raw.keys(`${prefix}pay:{*}:*`)).map((k) => k.slice(k.indexOf('}:') + 2)).filter((id) => !id.includes(':'));
    expect(paymentIds).toHaveLength(1);
    const payments = (await Promise.all(paymentIds.map((id) => adapters.payments.get(id)))).filter((p): p is PaymentRecord => p !== null);
    expect(payments.map((p) => p.orderId)).toEqual([orderId]);
    expect(payments[0]?.ledger.filter((l) => l.kind === 'authorization')).toHaveLength(1);
    expect(order?.payment.paymentId).toBe(payments[0]?.id);

    // One reservation of the two mugs, confirmed with the order.
    const moves = await adapters.inventory.listMovements({ sku: 'MUG', limit: 1000 });
    expect(moves.filter((m) => m.kind === 'reservation')).toHaveLength(1);
    const mug = await shop.inventory.getInventoryStatus('MUG');
    expect([mug.onHand, mug.reserved]).toEqual([8, 0]);
    expect(await adapters.checkouts.get(checkoutId)).toMatchObject({ status: 'confirmed', orderId });
  }, 30_000);
});
