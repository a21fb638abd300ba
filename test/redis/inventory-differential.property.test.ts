// The Redis InventoryStore against the memory one, step by step: random sequences of every
// step (including refusals) must give deep-equal answers and leave deep-equal state: items,
// low stock, reservations and each SKU's ledger. SKUs are chosen to trip the Lua side:
// separators and digits that could confuse the ledger's member layout, quotes, non-ASCII.
// A burst fires several reserves at once (Promise.all), which the Redis store sends as one
// script call; the memory store applies them one by one in the same order. Some bursts make
// all their reserves at the same time with the same ttl, so they expire together and share
// one expiry entry in Redis, which sweeps of a smaller limit cut. The test counts what its
// bursts and sweeps hit (refusals between applied reservations, stock an earlier one of the
// burst took, reorders, backorders, discontinued items, ties) and fails if one never came up.
// The inventory.* events each side recorded (the Lua mirror of inventoryEventsOf against the
// memory store's call of it) must be deep-equal too, numbered alike per SKU.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../src/adapters/memory/event-log.js';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import type { EventLog } from '../../src/ports/event-log.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('InventoryStore differential');
const SKUS = ['A', 'A:1', '1:A', 'A:0000000000000001', 'é"\\/'] as const;
/** Enough ids for several reservations of a burst to pass, few enough for CONFLICTs. */
const IDS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'] as const;
const T0 = 1_700_000_000_000;
/**
 * Times move in whole "ticks" plus a step's number (times BURST, plus its place in a burst
 * unless the burst is made at one time), so expiries tie only within one burst. The port sets
 * no order among ties; both stores keep the order made there (the memory heap breaks ties by
 * push order, a Redis expiry entry lists its call's ids in order), so answers still compare.
 */
const TICK = 1_000_000;
const BURST = 8;

const sku = fc.constantFrom(...SKUS);
const id = fc.constantFrom(...IDS);
const add = fc.record({ kind: fc.constant('add' as const), sku, onHand: fc.integer({ min: -2, max: 8 }), reorderPoint: fc.integer({ min: 0, max: 4 }), reorderQuantity: fc.integer({ min: 0, max: 5 }), allowBackorder: fc.boolean(), discontinued: fc.constantFrom(false, false, false, true) });
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
  { arbitrary: fc.record({ kind: fc.constant('burst' as const), together: fc.boolean(), reserves: fc.array(reserve, { minLength: 2, maxLength: BURST }) }), weight: 3 },
  fc.record({ kind: fc.constantFrom('confirm' as const, 'release' as const), id }),
  fc.record({ kind: fc.constant('extend' as const), id, ttl: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('adjust' as const), sku, operation: fc.constantFrom('set' as const, 'add' as const, 'subtract' as const), quantity: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })) }),
  fc.record({ kind: fc.constant('discontinue' as const), sku, discontinued: fc.boolean() }),
  // A sweep moves time on first (0-3 ticks), so most find something due.
  { arbitrary: fc.record({ kind: fc.constant('sweep' as const), limit: fc.integer({ min: 0, max: 3 }), ticks: fc.integer({ min: 0, max: 3 }) }), weight: 2 },
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
      return Promise.all(s.reserves.map((r, k) => (s.together ? reserveStep(store, { ...r, ttl: 1 }, now) : reserveStep(store, r, now + k))));
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

/** Every event of the log, in sequence per aggregate, as a handler would see it. */
async function recorded(log: EventLog): Promise<unknown[]> {
  await log.join('diff');
  const events = [];
  for (let round = 0; round < 100; round++) {
    const got = await log.receive('diff', 'c', { limit: 500 });
    if (got.length === 0) break;
    events.push(...got.map((d) => d.event));
  }
  return events.sort((a, b) => (a.aggregateId < b.aggregateId ? -1 : a.aggregateId > b.aggregateId ? 1 : a.sequence - b.sequence));
}

type ReserveAnswer = Awaited<ReturnType<InventoryStore['reserve']>>;

/** What the bursts and sweeps of all runs hit, by case; each must come up (see the end of the test). */
const CASES = [
  'applied after a refusal',
  'applied on stock an earlier one took',
  'applied with several lines',
  'reorder requested',
  'backordered',
  'refused SKU_DISCONTINUED',
  'refused SKU_NOT_FOUND',
  'refused INSUFFICIENT_INVENTORY',
  'refused CONFLICT',
  'swept several that expire together',
  'sweep left due ones for later',
  'recorded out of stock',
  'recorded low stock',
] as const;
type Case = (typeof CASES)[number];

const hit = (seen: Map<Case, number>, c: Case): void => void seen.set(c, (seen.get(c) ?? 0) + 1);

function tally(seen: Map<Case, number>, answers: readonly ReserveAnswer[]): void {
  let refused = false;
  const taken = new Set<string>();
  for (const answer of answers) {
    if (!answer.ok) {
      refused = true;
      hit(seen, `refused ${answer.code}` as Case);
      continue;
    }
    const { lines } = answer.reservation;
    if (refused) hit(seen, 'applied after a refusal');
    if (lines.some((l) => taken.has(l.sku))) hit(seen, 'applied on stock an earlier one took');
    if (lines.length > 1) hit(seen, 'applied with several lines');
    if (answer.changes.some((c) => c.reorderRequested)) hit(seen, 'reorder requested');
    if (lines.some((l) => l.backordered > 0)) hit(seen, 'backordered');
    for (const l of lines) taken.add(l.sku);
  }
}

type SweepAnswer = Awaited<ReturnType<InventoryStore['sweepExpired']>>;

function tallySweep(seen: Map<Case, number>, answer: SweepAnswer): void {
  const times = answer.expired.map((e) => e.reservation.expiresAt);
  if (new Set(times).size < times.length) hit(seen, 'swept several that expire together');
  if (answer.more) hit(seen, 'sweep left due ones for later');
}

const space = redisTestSpace('inv-diff');

describe.skipIf(skip)(`Redis InventoryStore = memory InventoryStore${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('gives the same answers and state over random step sequences', async () => {
    const client = (await space.open('node-redis')).client;
    const seen = new Map<Case, number>();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(add, { selector: (a) => a.sku, minLength: 2, maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), async (stock, rest) => {
        const steps = [...stock, ...rest];
        const prefix = space.prefix();
        const set = redisAdapters({ client, prefix });
        const redis = set.inventory;
        const log = new MemoryEventLog();
        const memory = new MemoryInventoryStore({ events: log });
        let ticks = 0;
        for (const [n, s] of steps.entries()) {
          if (s.kind === 'advance' || s.kind === 'sweep') ticks += s.ticks;
          const now = T0 + ticks * TICK + n * BURST;
          const answer = await run(redis, s, now);
          expect(answer, `step ${n} ${s.kind}`).toEqual(await run(memory, s, now));
          if (s.kind === 'burst') tally(seen, answer as ReserveAnswer[]);
          if (s.kind === 'sweep') tallySweep(seen, answer as SweepAnswer);
        }
        expect(await snapshot(redis)).toEqual(await snapshot(memory));
        const events = await recorded(set.eventLog);
        expect(events).toEqual(await recorded(log));
        if (events.some((e) => (e as { type: string }).type === 'inventory.out_of_stock')) hit(seen, 'recorded out of stock');
        if (events.some((e) => (e as { type: string }).type === 'inventory.low_stock')) hit(seen, 'recorded low stock');
      }),
      { numRuns: 200 },
    );
    expect(CASES.filter((c) => !seen.has(c)), `cases never hit (seen: ${JSON.stringify([...seen])})`).toEqual([]);
  });
});
