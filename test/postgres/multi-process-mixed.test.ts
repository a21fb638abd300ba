// The multi-process races of multi-process.test.ts on the mixed set (mixed-set.ts): carts,
// checkouts and idempotency claims on Redis, inventory, orders and payments on PostgreSQL;
// 4 worker processes, each with its own pool and Redis connection.
import { describe, expect, it } from 'vitest';
import { TEST_TOKENS, inventoryItemFixture } from '../../src/testing/index.js';
import { REDIS_URL, redisSkipReason, redisTestSpace } from '../redis/harness.js';
import { forkWorker, runTogether } from '../redis/worker-process.js';
import { mugCheckoutReadyToPay } from '../support/mug-checkout.js';
import { PG_URL, pgSkipReason, pgTestSpace } from './harness.js';
import { mixedShop } from './mixed-set.js';

interface Tally<T> {
  ok: T[];
  refused: number;
  failed: string[];
}

const skip = (await pgSkipReason('multi-process (mixed set)')) ?? (await redisSkipReason('multi-process (mixed set)'));
const space = pgTestSpace('mp_mixed');
const redisSpace = redisTestSpace('pg-multi-process-mixed');
const workers = <R>(mode: string, schema: string, prefix: string, target: string, counts: number[]) =>
  runTogether(counts.map((count) => forkWorker<R>('../postgres/pg-worker.ts', [mode, PG_URL, schema, target, String(count), REDIS_URL, prefix])));

describe.skipIf(skip)(`Mixed set across processes${skip ? ` SKIPPED: ${skip}` : ''}`, { timeout: 180_000 }, () => {
  it('4 processes, 1,000 single-unit reservations against 100 units: exactly 100 granted', async () => {
    const { schema, adapters } = await space.schema();
    expect((await adapters.inventory.addItem({ item: inventoryItemFixture('HOT', { onHand: 100 }), reason: 'initial stock', now: 0 })).ok).toBe(true);

    const tallies = await workers<Tally<string>>('reserve', schema, redisSpace.prefix(), 'HOT', [250, 250, 250, 250]);

    expect(tallies.flatMap((t) => t.failed)).toEqual([]);
    expect(new Set(tallies.flatMap((t) => t.ok)).size).toBe(100);
    expect(tallies.reduce((n, t) => n + t.refused, 0)).toBe(900);
    const item = await adapters.inventory.getItem('HOT');
    expect([item?.onHand, item?.reserved]).toEqual([100, 100]);
  });

  it('4 processes, 10 concurrent completeOrder on one checkout (on Redis): one order, one authorization, one stock sale (on PostgreSQL)', async () => {
    const { schema, adapters } = await space.schema();
    const prefix = redisSpace.prefix();
    const shop = mixedShop({ pool: space.pool(), schema, client: (await redisSpace.open('ioredis')).client, prefix });
    const checkoutId = await mugCheckoutReadyToPay(shop, TEST_TOKENS.approve);

    const reports = await workers<Tally<{ orderId: string; replayed: boolean }> & { placed: number }>('checkout', schema, prefix, checkoutId, [3, 3, 2, 2]);

    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    const results = reports.flatMap((r) => r.ok);
    expect(results).toHaveLength(10);
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.placed, 0)).toBe(1);
    const count = async (table: string) => Number((await space.pool().query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${table}`)).rows[0]?.n);
    expect([await count('orders'), await count('payments')]).toEqual([1, 1]);
    const order = await adapters.orders.get(results[0]?.orderId ?? '');
    const payment = await adapters.payments.get(order?.payment.paymentId ?? '');
    expect(payment?.ledger.filter((l) => l.kind === 'authorization')).toHaveLength(1);
    const moves = await adapters.inventory.listMovements({ sku: 'MUG', limit: 100 });
    expect([moves.filter((m) => m.kind === 'reservation').length, moves.filter((m) => m.kind === 'sale').length]).toEqual([1, 1]);
  });
});
