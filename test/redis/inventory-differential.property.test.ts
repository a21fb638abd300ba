// The Redis InventoryStore against the memory one, step by step: random sequences of every
// step (including refusals) must give deep-equal answers and leave deep-equal state: items,
// low stock, reservations and each SKU's ledger. SKUs are chosen to trip the Lua side:
// separators and digits that could confuse the ledger's member layout, quotes, non-ASCII.
// A burst fires several reserves at once (Promise.all), which the Redis store sends as one
// script call; the memory store applies them one by one in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('InventoryStore differential');
const SKUS = ['A', 'A:1', '1:A', 'A:0000000000000001', 'é"\\/'] as const;
const IDS = ['r1', 'r2', 'r3', 'r4'] as const;
const T0 = 1_700_000_000_000;
/**
 * Times move in whole "ticks" plus a step's number (times BURST, plus its place in a burst), so
 * no two expiries ever tie (heap and sorted set may break ties differently).
 */
const TICK = 1_000_000;
const BURST = 8;

const sku = fc.constantFrom(...SKUS);
const id = fc.constantFrom(...IDS);
const add = fc.record({ kind: fc.constant('add' as const), sku, onHand: fc.integer({ min: -2, max: 8 }), reorderPoint: fc.integer({ min: 0, max: 4 }), reorderQuantity: fc.integer({ min: 0, max: 5 }), allowBackorder: fc.boolean(), discontinued: fc.boolean() });
const reserve = fc.record({
  kind: fc.constant('reserve' as const),
  id,
  lines: fc.uniqueArray(fc.record({ sku, quantity: fc.integer({ min: 1, max: 6 }) }), { selector: (l) => l.sku, minLength: 1, maxLength: 3 }),
  ttl: fc.integer({ min: 1, max: 3 }),
  order: fc.option(fc.constantFrom('o-1', 'o-2'), { nil: undefined }),
});
const step = fc.oneof(
  add,
  reserve,
  fc.record({ kind: fc.constant('burst' as const), reserves: fc.array(reserve, { minLength: 2, maxLength: BURST }) }),
  fc.record({ kind: fc.constantFrom('confirm' as const, 'release' as const), id }),
  fc.record({ kind: fc.constant('extend' as const), id, ttl: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('adjust' as const), sku, operation: fc.constantFrom('set' as const, 'add' as const, 'subtract' as const), quantity: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })) }),
  fc.record({ kind: fc.constant('discontinue' as const), sku, discontinued: fc.boolean() }),
  fc.record({ kind: fc.constant('sweep' as const), limit: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('cancelReorder' as const), sku, count: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('advance' as const), ticks: fc.integer({ min: 1, max: 2 }) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

type Reserve = typeof reserve extends fc.Arbitrary<infer R> ? R : never;

function reserveStep(store: InventoryStore, s: Reserve, now: number): Promise<unknown> {
  const lines = [...s.lines].sort((a, b) => (a.sku < b.sku ? -1 : 1));
  return store.reserve({ reservationId: s.id, lines, ...(s.order === undefined ? {} : { orderId: s.order }), now, expiresAt: now + s.ttl * TICK });
}

function run(store: InventoryStore, s: Step, now: number): Promise<unknown> {
  switch (s.kind) {
    case 'add': {
      const { kind: _, ...spec } = s;
      return store.addItem({ item: inventoryItemFixture(s.sku, { ...spec, createdAt: now, updatedAt: now }), reason: 'initial stock', now });
    }
    case 'reserve':
      return reserveStep(store, s, now);
    case 'burst':
      // All made in the same tick: the Redis store sends them as one call. The memory store
      // does each step inside its call, so this applies them one by one, in this order.
      return Promise.all(s.reserves.map((r, k) => reserveStep(store, r, now + k)));
    case 'confirm':
      return store.confirm({ reservationId: s.id, now });
    case 'release':
      return store.release({ reservationId: s.id, now });
    case 'extend':
      return store.extend({ reservationId: s.id, expiresAt: now + s.ttl * TICK, now });
    case 'adjust':
      return store.adjust({ sku: s.sku, operation: s.operation, quantity: s.quantity, reason: 'count "x"', now });
    case 'discontinue':
      return store.setDiscontinued({ sku: s.sku, discontinued: s.discontinued, now });
    case 'sweep':
      return store.sweepExpired({ now, limit: s.limit });
    case 'cancelReorder':
      return store.cancelReorder({ sku: s.sku, reorderCount: s.count, now });
    case 'advance':
      return Promise.resolve(null);
  }
}

async function snapshot(store: InventoryStore): Promise<unknown> {
  return {
    items: await store.getItems(SKUS),
    low: await store.listLowStockItems(),
    reservations: await Promise.all(IDS.map((r) => store.getReservation(r))),
    ledger: await Promise.all(SKUS.map((s) => store.listMovements({ sku: s, limit: 1000 }))),
    paged: await Promise.all(SKUS.map((s) => store.listMovements({ sku: s, afterSeq: 3, limit: 2 }))),
  };
}

const space = redisTestSpace('inv-diff');

describe.skipIf(skip)(`Redis InventoryStore = memory InventoryStore${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('gives the same answers and state over random step sequences', async () => {
    const client = (await space.open('node-redis')).client;
    await fc.assert(
      fc.asyncProperty(fc.array(add, { minLength: 1, maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 40 }), async (stock, rest) => {
        const steps = [...stock, ...rest];
        const prefix = space.prefix();
        const redis = redisAdapters({ client, prefix }).inventory;
        const memory = new MemoryInventoryStore();
        let ticks = 0;
        for (const [n, s] of steps.entries()) {
          if (s.kind === 'advance') ticks += s.ticks;
          const now = T0 + ticks * TICK + n * BURST;
          expect(await run(redis, s, now), `step ${n} ${s.kind}`).toEqual(await run(memory, s, now));
        }
        expect(await snapshot(redis)).toEqual(await snapshot(memory));
      }),
      { numRuns: 100 },
    );
  });
});
