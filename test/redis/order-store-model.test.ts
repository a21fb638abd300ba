// The Redis order store against the memory one as a model: any sequence of creates and
// compare-and-set updates gives the same answers, and every listing (walked page by page
// across the 16 shards) gives the same orders in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryOrderStore } from '../../src/adapters/memory/index.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { ORDER_STATUSES, type OrderStatus } from '../../src/checkout/order-status.js';
import type { OrderStore } from '../../src/ports/order-store.js';
import { ManualClock, sampleOrder } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('OrderStore model');
const space = redisTestSpace('order-model');

const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ü-1', 'x:y'];
const customers = ['alice', 'bob', 'ca:rol', undefined];

type Step =
  | { op: 'create'; id: string; number: string; customer: string | undefined; status: OrderStatus; createdAt: number }
  | { op: 'update'; id: string; status: OrderStatus; customer: string | undefined; stale: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    id: fc.constantFrom(...ids),
    number: fc.constantFrom('N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'),
    customer: fc.constantFrom(...customers),
    status: fc.constantFrom(...ORDER_STATUSES),
    createdAt: fc.constantFrom(1000, 2000, 3000),
  }),
  fc.record({ op: fc.constant('update' as const), id: fc.constantFrom(...ids), status: fc.constantFrom(...ORDER_STATUSES), customer: fc.constantFrom(...customers), stale: fc.boolean() }),
);

async function apply(store: OrderStore, model: OrderStore, s: Step): Promise<void> {
  if (s.op === 'create') {
    const order = sampleOrder(s.id, s.createdAt, { number: s.number, status: s.status, ...(s.customer ? { customerId: s.customer } : {}) });
    expect(await store.create(order)).toEqual(await model.create(order));
    return;
  }
  const current = await model.get(s.id);
  const version = current ? current.version - (s.stale ? 1 : 0) : 1;
  const { customerId: _dropped, ...base } = current ?? sampleOrder(s.id, 0);
  const next = { ...base, status: s.status, ...(s.customer ? { customerId: s.customer } : {}) };
  expect(await store.update(next, version)).toEqual(await model.update(next, version));
}

async function walk(list: (cursor?: string) => Promise<{ orders: { id: string }[]; cursor?: string }>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    seen.push(...page.orders.map((o) => o.id));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return seen;
}

describe.skipIf(skip)(`Redis OrderStore behaves like the memory model${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('answers, reads and listings agree after any sequence of steps', async () => {
    const client = (await space.open('ioredis')).client;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), async (steps, limit) => {
        const prefix = space.prefix();
        const store = redisAdapters({ client, prefix, clock: new ManualClock() }).orders;
        const model = new MemoryOrderStore();
        for (const s of steps) await apply(store, model, s);
        for (const id of ids) expect(await store.get(id)).toEqual(await model.get(id));
        for (const n of ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']) expect(await store.getByNumber(n)).toEqual(await model.getByNumber(n));
        for (const c of customers.filter((x) => x !== undefined)) {
          expect(await walk((cursor) => store.listByCustomer(c, { limit, ...(cursor ? { cursor } : {}) }))).toEqual(
            await walk((cursor) => model.listByCustomer(c, { limit, ...(cursor ? { cursor } : {}) })),
          );
        }
        for (const status of ORDER_STATUSES) {
          expect(await walk((cursor) => store.listByStatus(status, { limit, ...(cursor ? { cursor } : {}) }))).toEqual(
            await walk((cursor) => model.listByStatus(status, { limit, ...(cursor ? { cursor } : {}) })),
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});
