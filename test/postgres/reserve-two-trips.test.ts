// The reservation's two-round-trip path (PgSteps.writeLed): a reservation id taken between
// its lead and its writes refuses with nothing written, and on any items and lines it answers
// and writes exactly what the memory store does (both apply inventory/stock-rules.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/inventory-store-conformance.js';
import { pgSkipReason, pgTestSpace } from './harness.js';

const skip = await pgSkipReason('reserve in two round trips');
const space = pgTestSpace('reserve2');
const note = skip ? ` SKIPPED: ${skip}` : '';
const NOW = Date.parse('2025-01-01T00:00:00.000Z');

describe('PostgreSQL reserve in two round trips', () => {
  it.skipIf(skip)(`an id taken after the lead looked is a CONFLICT refusal, and nothing is written${note}`, async () => {
    const { schema, adapters } = await space.schema();
    await adapters.inventory.addItem({ item: inventoryItemFixture('A', { onHand: 5 }), reason: 'seed', now: NOW });
    // Another transaction inserts the id and holds it uncommitted: the lead does not see it,
    // the reservation's insert waits on it, then fails on the key once it commits.
    const blocker = await space.pool().connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO "${schema}".reservations (id, status, lines, created_at, expires_at) VALUES ('r1', 'active', '[]', 0, 1)`);
      const pending = adapters.inventory.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 2 }], now: NOW, expiresAt: NOW + 60_000, opId: 'op-r1' });
      // Let the step reach its writes (it blocks there) before the blocker commits.
      for (let i = 0; i < 100; i++) {
        const { rows } = await space.pool().query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.query LIKE '%reservations%'`);
        if (Number(rows[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query('COMMIT');
      await expect(pending).resolves.toMatchObject({ ok: false, code: 'CONFLICT' });
    } finally {
      blocker.release();
    }
    expect(await adapters.inventory.getItem('A')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await adapters.inventory.listMovements({ sku: 'A', limit: 10 })).toHaveLength(1); // the seed receipt
    const { rows } = await space.pool().query(`SELECT 1 FROM "${schema}".applied_ops WHERE op_id = 'op-r1'`);
    expect(rows).toHaveLength(0); // a refusal is not remembered
  });

  it.skipIf(skip)(`answers and writes what the memory store does, on any items and lines${note}`, async () => {
    const { adapters } = await space.schema();
    const item = fc.record({
      onHand: fc.integer({ min: 0, max: 6 }),
      reserved: fc.integer({ min: 0, max: 6 }),
      reorderPoint: fc.integer({ min: 0, max: 4 }),
      reorderQuantity: fc.integer({ min: 0, max: 3 }),
      allowBackorder: fc.boolean(),
      discontinued: fc.boolean(),
      reorderPending: fc.boolean(),
    }).filter((i) => i.allowBackorder || i.onHand - i.reserved >= 0);
    const skus = ['A', 'B', 'C', 'D'];
    const lines = fc.uniqueArray(fc.record({ sku: fc.constantFrom(...skus, 'missing'), quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4, selector: (l) => l.sku });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 4, maxLength: 4 }), fc.array(lines, { minLength: 1, maxLength: 3 }), async (items, requests) => {
        run++;
        const memory = new MemoryInventoryStore();
        const stores: InventoryStore[] = [memory, adapters.inventory];
        const answers: unknown[][] = [[], []];
        for (const [s, store] of stores.entries()) {
          for (const [k, fields] of items.entries()) {
            const sku = skus[k] as string;
            await store.addItem({ item: inventoryItemFixture(`${sku}-${run}`, fields), reason: 'seed', now: NOW });
          }
          for (const [n, request] of requests.entries()) {
            const answer = await store.reserve({ reservationId: `r-${run}-${n}`, lines: request.map((l) => ({ sku: `${l.sku}-${run}`, quantity: l.quantity })), now: NOW + n, expiresAt: NOW + 60_000 });
            answers[s]?.push(answer);
          }
          answers[s]?.push(await store.getItems(skus.map((sku) => `${sku}-${run}`)));
        }
        expect(answers[1]).toEqual(answers[0]);
      }),
      { numRuns: 60 },
    );
  });
});
