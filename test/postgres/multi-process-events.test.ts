// Durable events on PostgreSQL (issue 23), on the mixed set (test/postgres/mixed-set.ts):
// each backend records the events of what it holds (orders, payments, stock and the
// catalogue in the outbox, in their transactions; checkouts on Redis) and shop.subscribe
// reads both; consumers in other processes than the placers (following the orders' events),
// a consumer killed mid-handler, placers killed at random points.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/index.js';
import { placeOrder, stock } from '../events/shop-fixture.js';
import { REDIS_URL, redisSkipReason, redisTestSpace } from '../redis/harness.js';
import { forkWorker, runTogether, type WorkerProcess } from '../redis/worker-process.js';
import { PG_URL, pgSkipReason, pgTestSpace } from './harness.js';
import { mixedShop } from './mixed-set.js';

const skip = (await pgSkipReason('multi-process events')) ?? (await redisSkipReason('multi-process events (mixed set)'));
const pgSpace = pgTestSpace('mp_events');
const redisSpace = redisTestSpace('pg-multi-process-events');
const notes = skip ? undefined : new Redis(REDIS_URL);
afterAll(async () => void (await notes?.quit()));

interface Run {
  eventId: string;
  consumer: string;
  aggregateId: string;
  sequence: number;
}

async function runsOf(prefix: string, group: string): Promise<Run[]> {
  const lines = (await notes?.lrange(`${prefix}handled:${group}`, 0, -1)) ?? [];
  return lines.map((line) => {
    const [eventId = '', consumer = '', aggregateId = '', sequence = '0'] = line.split('|');
    return { eventId, consumer, aggregateId, sequence: Number(sequence) };
  });
}

async function until(check: () => Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A fresh schema and prefix, stocked through a mixed shop of this process. */
async function mixedSpace() {
  const { schema } = await pgSpace.schema();
  const prefix = redisSpace.prefix();
  const shop = mixedShop({ pool: pgSpace.pool(), schema, client: (await redisSpace.open('ioredis')).client, prefix });
  await stock(shop, 100_000);
  return { schema, prefix, shop };
}

/** A consumer process that handles (and notes) the orders' events and settles the others unnoted. */
function consumer(space: { schema: string; prefix: string }, name: string, groups: string, options: { mode?: string; visibilityMs?: number } = {}): WorkerProcess<{ runs: number }> {
  return forkWorker('./event-consumer-worker.ts', ['ioredis', REDIS_URL, space.prefix, groups, options.mode ?? 'normal', String(options.visibilityMs ?? 30_000), name, 'order.', PG_URL, space.schema]);
}

function placer(space: { schema: string; prefix: string }, name: string, count: string): WorkerProcess<{ placed: string[] }> {
  return forkWorker('./event-placer-worker.ts', [REDIS_URL, space.prefix, name, count, '3', PG_URL, space.schema]);
}

describe.skipIf(skip)(`Durable events on PostgreSQL, mixed set${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('each backend records what it holds, and shop.subscribe hears both: orders and payments from the outbox, the checkout from Redis', async () => {
    const space = await mixedSpace();
    const seen: DomainEvent[] = [];
    const relay = await space.shop.subscribe('mail', { '*': (e) => Promise.resolve(void seen.push(e)) }, { pollMs: 5 });
    try {
      const orderId = await placeOrder(space.shop, 'mixed');
      await space.shop.orders.markFulfilled({ orderId });
      await until(() => Promise.resolve(seen.some((e) => e.type === 'order.fulfilled') && seen.some((e) => e.type === 'checkout.completed')), 'the fulfilment and the checkout');
      expect(seen.filter((e) => e.aggregateId === orderId).map((e) => [e.id, e.type])).toEqual([
        [`${orderId}:1`, 'order.placed'],
        [`${orderId}:2`, 'order.paid'],
        [`${orderId}:3`, 'order.fulfilled'],
      ]);
      const outbox = await pgSpace.pool().query<{ id: string; type: string }>(`SELECT aggregate_id || ':' || sequence AS id, type FROM "${space.schema}".events ORDER BY position`);
      const redis = (await redisSpace.open('ioredis')).client as Redis;
      const streams = await redis.keys(`${space.prefix}evt:*`);
      const onRedis = (await Promise.all(streams.map((key) => redis.xrange(key, '-', '+'))))
        .flat()
        .map(([, fields]) => JSON.parse(fields[fields.indexOf('e') + 1] as string) as DomainEvent);
      // The checkout lives on Redis: the outbox holds none of its events, Redis nothing else.
      expect(outbox.rows.filter((r) => r.type.startsWith('checkout.'))).toEqual([]);
      expect(outbox.rows.map((r) => r.type)).toEqual(expect.arrayContaining(['order.placed', 'payment.authorized']));
      expect(onRedis.map((e) => e.type)).toEqual(['checkout.completed']);
      await until(() => Promise.resolve(seen.length >= outbox.rows.length + onRedis.length), 'every recorded event');
      expect(new Set(seen.map((e) => e.id))).toEqual(new Set([...outbox.rows.map((r) => r.id), ...onRedis.map((e) => e.id)]));
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('3 consumer processes in 2 groups, 200 orders from 4 processes: each event once per group, in order per order', async () => {
    const space = await mixedSpace();
    const consumers = ['c1', 'c2', 'c3'].map((name) => consumer(space, name, 'mail,ledger'));
    await Promise.all(consumers.map((c) => c.ready));
    for (const c of consumers) c.go();
    const placed = (await runTogether(['p1', 'p2', 'p3', 'p4'].map((name) => placer(space, name, '50')))).flatMap((r) => r.placed);
    expect(new Set(placed).size).toBe(200);

    const expected = 200 * 3;
    await until(async () => (await runsOf(space.prefix, 'mail')).length >= expected && (await runsOf(space.prefix, 'ledger')).length >= expected, 'every event in both groups');
    // Late duplicates would show up now.
    await new Promise((r) => setTimeout(r, 300));
    for (const c of consumers) c.go();
    const reports = await Promise.all(consumers.map((c) => c.done));
    expect(reports.reduce((n, r) => n + r.runs, 0)).toBe(2 * expected);

    for (const group of ['mail', 'ledger']) {
      const runs = await runsOf(space.prefix, group);
      expect(runs).toHaveLength(expected);
      expect(new Set(runs.map((r) => r.eventId)).size).toBe(expected);
      expect(new Set(runs.map((r) => r.aggregateId))).toEqual(new Set(placed));
      const byOrder = new Map<string, number[]>();
      for (const r of runs) byOrder.set(r.aggregateId, [...(byOrder.get(r.aggregateId) ?? []), r.sequence]);
      for (const sequences of byOrder.values()) expect(sequences).toEqual([1, 2, 3]);
      expect(new Set(runs.map((r) => r.consumer)).size).toBe(3);
    }
  }, 240_000);

  it('kill -9 of a consumer while its handler runs: the event goes to another consumer, then the next one', async () => {
    const space = await mixedSpace();
    const orderId = await placeOrder(space.shop, 'solo');
    const doomed = consumer(space, 'doomed', 'g', { mode: 'hang', visibilityMs: 1500 });
    await doomed.ready;
    doomed.go();
    await until(async () => (await runsOf(space.prefix, 'g')).length === 1, 'the first handler to start');
    doomed.kill('SIGKILL');
    await doomed.done.catch(() => undefined);
    const heir = consumer(space, 'heir', 'g', { visibilityMs: 1500 });
    await heir.ready;
    heir.go();
    await until(async () => (await runsOf(space.prefix, 'g')).length === 3, 'the redelivery');
    heir.go();
    await heir.done;
    const runs = await runsOf(space.prefix, 'g');
    expect(runs.map((r) => `${r.consumer} ${r.eventId}`)).toEqual([`doomed ${orderId}:1`, `heir ${orderId}:1`, `heir ${orderId}:2`]);
  }, 90_000);

  it('placing processes killed at random points lose no event: every stored order has its events, gapless', async () => {
    const space = await mixedSpace();
    for (let round = 0; round < 3; round++) {
      const doomed = placer(space, `r${round}`, 'forever');
      await doomed.ready;
      doomed.go();
      await new Promise((r) => setTimeout(r, 500 + Math.floor(Math.random() * 1500)));
      doomed.kill('SIGKILL');
      await doomed.done.catch(() => undefined);
    }
    const log = space.shop.stores.eventLog;
    expect(log).toBeDefined();
    if (!log) return;
    await log.join('audit');
    const events: DomainEvent[] = [];
    for (let got = await log.receive('audit', 'a', { limit: 500 }); got.length > 0; got = await log.receive('audit', 'a', { limit: 500 })) events.push(...got.map((d) => d.event));
    const orderIds = (await pgSpace.pool().query<{ id: string }>(`SELECT id FROM "${space.schema}".orders`)).rows.map((r) => r.id);
    expect(orderIds.length).toBeGreaterThan(3);
    const byOrder = new Map<string, DomainEvent[]>();
    for (const e of events.filter((event) => event.type.startsWith('order.'))) byOrder.set(e.aggregateId, [...(byOrder.get(e.aggregateId) ?? []), e]);
    expect(new Set(byOrder.keys())).toEqual(new Set(orderIds));
    for (const id of orderIds) {
      const order = await space.shop.orders.getOrder({ orderId: id });
      const own = (byOrder.get(id) ?? []).sort((a, b) => a.sequence - b.sequence);
      expect(own.map((e) => e.sequence)).toEqual(own.map((_, i) => i + 1));
      expect(own[0]?.type).toBe('order.placed');
      if (order && order.status !== 'payment_settling') expect(own.at(-1)?.payload).toMatchObject({ status: order.status });
    }
  }, 120_000);
});
