// Several app instances, one PostgreSQL: 4 worker processes, each with its own pool and its
// own services on one schema. Reservations never oversell, one checkout completed from every
// process makes one order, concurrent line edits of one cart lose nothing, and migrations
// started together apply once.
import { describe, expect, it } from 'vitest';
import { migrate, postgresAdapters } from '../../src/adapters/postgres/index.js';
import { createCommerce } from '../../src/index.js';
import { TEST_TOKENS, TestGateway, inventoryItemFixture } from '../../src/testing/index.js';
import { forkWorker, runTogether } from '../redis/worker-process.js';
import { PG_URL, pgSkipReason, pgTestSpace, testSchema } from './harness.js';
import { mugCheckoutReadyToPay } from '../support/mug-checkout.js';

interface Tally<T> {
  ok: T[];
  refused: number;
  failed: string[];
}

const skip = await pgSkipReason('multi-process');
const space = pgTestSpace('multi_process');
const workers = <R>(mode: string, schema: string, target: string, counts: number[]) =>
  runTogether(counts.map((count) => forkWorker<R>('../postgres/pg-worker.ts', [mode, PG_URL, schema, target, String(count)])));

// Starting 4 processes under tsx takes seconds on a busy 2-core machine: a generous limit.
describe.skipIf(skip)(`PostgreSQL across processes${skip ? ` SKIPPED: ${skip}` : ''}`, { timeout: 180_000 }, () => {
  it('4 processes, 1,000 single-unit reservations against 100 units: exactly 100 granted, the ledger agrees', async () => {
    const { schema, adapters } = await space.schema();
    const store = adapters.inventory;
    expect((await store.addItem({ item: inventoryItemFixture('HOT', { onHand: 100 }), reason: 'initial stock', now: 0 })).ok).toBe(true);

    const tallies = await workers<Tally<string>>('reserve', schema, 'HOT', [250, 250, 250, 250]);

    expect(tallies.flatMap((t) => t.failed)).toEqual([]);
    const granted = tallies.flatMap((t) => t.ok);
    expect(granted).toHaveLength(100);
    expect(new Set(granted).size).toBe(100);
    expect(tallies.reduce((n, t) => n + t.refused, 0)).toBe(900);
    const item = await store.getItem('HOT');
    expect([item?.onHand, item?.reserved]).toEqual([100, 100]);
    const moves = await store.listMovements({ sku: 'HOT', limit: 10_000 });
    expect(moves.filter((m) => m.kind === 'reservation')).toHaveLength(100);
    expect(moves.reduce((s, m) => s + m.reservedDelta, 0)).toBe(item?.reserved);
    expect(new Set(moves.filter((m) => m.kind === 'reservation').map((m) => m.reservationId))).toEqual(new Set(granted));
  });

  it('4 processes, 10 concurrent completeOrder on one checkout: one order, one authorization, one stock sale', async () => {
    const { schema, adapters } = await space.schema();
    const shop = createCommerce({ adapters, payments: { gateways: [new TestGateway()] } });
    const checkoutId = await mugCheckoutReadyToPay(shop, TEST_TOKENS.approve);

    const reports = await workers<Tally<{ orderId: string; replayed: boolean }> & { placed: number }>('checkout', schema, checkoutId, [3, 3, 2, 2]);

    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    const results = reports.flatMap((r) => r.ok);
    expect(results).toHaveLength(10);
    const orderIds = [...new Set(results.map((r) => r.orderId))];
    expect(orderIds).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.placed, 0)).toBe(1);
    const pool = space.pool();
    const count = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${table}`)).rows[0]?.n);
    expect(await count('orders')).toBe(1);
    // The gateways were per process: the shared payment ledger is where a second authorization would show.
    expect(await count('payments')).toBe(1);
    const order = await adapters.orders.get(orderIds[0] ?? '');
    expect(order).toMatchObject({ status: 'paid' });
    const payment = await adapters.payments.get(order?.payment.paymentId ?? '');
    expect(payment?.ledger.filter((l) => l.kind === 'authorization')).toHaveLength(1);
    const moves = await adapters.inventory.listMovements({ sku: 'MUG', limit: 100 });
    expect(moves.filter((m) => m.kind === 'reservation')).toHaveLength(1);
    expect(moves.filter((m) => m.kind === 'sale')).toHaveLength(1);
    const mug = await shop.inventory.getInventoryStatus('MUG');
    expect([mug.onHand, mug.reserved]).toEqual([8, 0]);
  });

  it('4 processes, 400 concurrent addItem on one cart: nothing lost', async () => {
    const { schema, adapters } = await space.schema();
    const shop = createCommerce({ adapters });
    for (let i = 0; i < 4; i++) await shop.catalog.saveProduct({ id: `p${i}`, name: `P${i}`, variants: [{ sku: `SKU-${i}`, prices: [{ currency: 'USD', amount: '1.00' }] }] });
    const cart = await shop.cart.createCart({ sessionId: 's1', currency: 'USD' });

    const tallies = await workers<Tally<undefined>>('add-item', schema, cart.id, [100, 100, 100, 100]);

    expect(tallies.flatMap((t) => t.failed)).toEqual([]);
    const stored = await adapters.carts.get(cart.id, Date.now());
    expect(stored?.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([['SKU-0', 100], ['SKU-1', 100], ['SKU-2', 100], ['SKU-3', 100]]);
    expect(stored?.version).toBe(401);
  });

  it('migrations: from an empty database, twice in a row, and from 4 processes at once', async () => {
    const pool = space.pool();
    const first = testSchema('migrate');
    const second = testSchema('migrate');
    try {
      const applied = await migrate(pool, { schema: first });
      expect(applied.applied.length).toBeGreaterThan(0);
      expect(applied.applied).toEqual([...applied.applied].sort((a, b) => a - b));
      expect(await migrate(pool, { schema: first })).toEqual({ applied: [], version: applied.version });
      // Usable afterwards: the adapters answer on the migrated schema.
      expect(await postgresAdapters({ pool, schema: first }).orders.nextSequence()).toBe(1);

      const reports = await workers<{ applied: number[]; version: number }>('migrate', second, '-', [0, 0, 0, 0]);
      expect(reports.map((r) => r.version)).toEqual([applied.version, applied.version, applied.version, applied.version]);
      // Exactly one process applied every migration; the others found them applied.
      expect(reports.filter((r) => r.applied.length > 0)).toEqual([{ applied: applied.applied, version: applied.version }]);
      const rows = await pool.query<{ version: number }>(`SELECT version FROM "${second}".schema_migrations ORDER BY version`);
      expect(rows.rows.map((r) => r.version)).toEqual(applied.applied);
    } finally {
      await space.drop(first);
      await space.drop(second);
    }
  });
});
