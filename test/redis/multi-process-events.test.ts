// Durable events across processes on Redis (issue 23): consumers in other processes than the
// placers, a consumer killed mid-handler, placers killed at random points.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce, type DomainEvent } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { placeOrder, stock } from '../events/shop-fixture.js';
import { forkWorker, runTogether, type WorkerProcess } from './worker-process.js';
import { REDIS_URL, redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('multi-process events');
const space = redisTestSpace('multi-process-events');
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

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function consumer(prefix: string, name: string, groups: string, options: { mode?: string; visibilityMs?: number; kind?: string; only?: string } = {}): WorkerProcess<{ runs: number }> {
  return forkWorker('./event-consumer-worker.ts', [options.kind ?? 'ioredis', REDIS_URL, prefix, groups, options.mode ?? 'normal', String(options.visibilityMs ?? 30_000), name, options.only ?? '']);
}

async function stockedShop(prefix: string) {
  const shop = createCommerce({ adapters: redisAdapters({ client: await space.open('ioredis').then((r) => r.client), prefix }), payments: { gateways: [new TestGateway()] } });
  await stock(shop, 100_000);
  return shop;
}

describe.skipIf(skip)(`Durable events across processes on Redis${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('3 consumer processes in 2 groups, 200 orders from 4 processes: each event once per group, in order per aggregate (order, payment, checkout, product)', async () => {
    const prefix = space.prefix();
    await stockedShop(prefix);
    const consumers = [consumer(prefix, 'c1', 'mail,ledger'), consumer(prefix, 'c2', 'mail,ledger', { kind: 'node-redis' }), consumer(prefix, 'c3', 'mail,ledger')];
    await Promise.all(consumers.map((c) => c.ready));
    for (const c of consumers) c.go();
    const placers = ['p1', 'p2', 'p3', 'p4'].map((name) => forkWorker<{ placed: string[] }>('./event-placer-worker.ts', [REDIS_URL, prefix, name, '50', '3']));
    const placed = (await runTogether(placers)).flatMap((r) => r.placed);
    expect(new Set(placed).size).toBe(200);

    // Per order: placed, paid, fulfilled; its payment's authorized and captured; its checkout's
    // completed. And the product's first two (activity, prices) from stocking the shop.
    const expected = 200 * (3 + 2 + 1) + 2;
    await until(async () => (await runsOf(prefix, 'mail')).length >= expected && (await runsOf(prefix, 'ledger')).length >= expected, 'every event in both groups');
    // Late duplicates would show up now.
    await new Promise((r) => setTimeout(r, 300));
    for (const c of consumers) c.go();
    const reports = await Promise.all(consumers.map((c) => c.done));
    expect(reports.reduce((n, r) => n + r.runs, 0)).toBe(2 * expected);

    for (const group of ['mail', 'ledger']) {
      const runs = await runsOf(prefix, group);
      expect(runs).toHaveLength(expected);
      expect(new Set(runs.map((r) => r.eventId)).size).toBe(expected);
      const byAggregate = new Map<string, number[]>();
      for (const r of runs) byAggregate.set(r.aggregateId, [...(byAggregate.get(r.aggregateId) ?? []), r.sequence]);
      // 200 orders, 200 payments, 200 checkouts and the product, each handled in its sequence.
      expect(byAggregate.size).toBe(200 * 3 + 1);
      for (const id of placed) expect(byAggregate.get(id)).toEqual([1, 2, 3]);
      for (const sequences of byAggregate.values()) expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      // The work was shared: every consumer ran some of it.
      expect(new Set(runs.map((r) => r.consumer)).size).toBe(3);
    }
  }, 180_000);

  it('kill -9 of a consumer while its handler runs: the event goes to another consumer, then the next one', async () => {
    const prefix = space.prefix();
    const shop = await stockedShop(prefix);
    const orderId = await placeOrder(shop, 'solo');
    // Only the order's events are noted (the payment's, checkout's and product's are settled
    // at once), so the one hanging handler is the order's first.
    const doomed = consumer(prefix, 'doomed', 'g', { mode: 'hang', visibilityMs: 1500, only: 'order.' });
    await doomed.ready;
    doomed.go();
    await until(async () => (await runsOf(prefix, 'g')).length === 1, 'the first handler to start');
    doomed.kill('SIGKILL');
    await doomed.done.catch(() => undefined);
    const heir = consumer(prefix, 'heir', 'g', { visibilityMs: 1500, only: 'order.' });
    await heir.ready;
    heir.go();
    await until(async () => (await runsOf(prefix, 'g')).length === 3, 'the redelivery');
    heir.go();
    await heir.done;
    const runs = await runsOf(prefix, 'g');
    expect(runs.map((r) => `${r.consumer} ${r.eventId}`)).toEqual([`doomed ${orderId}:1`, `heir ${orderId}:1`, `heir ${orderId}:2`]);
  }, 60_000);

  it('placing processes killed at random points lose no event: every stored order and payment has its events, gapless', async () => {
    const prefix = space.prefix();
    const shop = await stockedShop(prefix);
    const raw = await space.open('ioredis');
    for (let round = 0; round < 3; round++) {
      const placer = forkWorker<{ placed: string[] }>('./event-placer-worker.ts', [REDIS_URL, prefix, `r${round}`, 'forever', '3']);
      await placer.ready;
      placer.go();
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 1200)));
      placer.kill('SIGKILL');
      await placer.done.catch(() => undefined);
    }
    const audit = shop.stores.eventLog;
    expect(audit).toBeDefined();
    if (!audit) return;
    await audit.join('audit');
    const events: DomainEvent[] = [];
    for (let got = await audit.receive('audit', 'a', { limit: 500 }); got.length > 0; got = await audit.receive('audit', 'a', { limit: 500 })) events.push(...got.map((d) => d.event));
    const orderIds = (await raw.keys(`${prefix}ord:{o*`)).map((k) => k.slice(k.lastIndexOf(':') + 1));
    expect(orderIds.length).toBeGreaterThan(3);
    const byAggregate = new Map<string, DomainEvent[]>();
    for (const e of events) byAggregate.set(e.aggregateId, [...(byAggregate.get(e.aggregateId) ?? []), e]);
    expect(new Set(events.filter((e) => e.type.startsWith('order.')).map((e) => e.aggregateId))).toEqual(new Set(orderIds));
    for (const own of byAggregate.values()) {
      own.sort((a, b) => a.sequence - b.sequence);
      expect(own.map((e) => e.sequence)).toEqual(own.map((_, i) => i + 1));
    }
    for (const id of orderIds) {
      const order = await shop.orders.getOrder({ orderId: id });
      // The order's payment, if stored, has its events too; the last says where it stands.
      const payment = order ? await shop.stores.payments.get(order.payment.paymentId) : null;
      if (payment) expect(byAggregate.get(payment.id)?.at(-1)?.payload).toMatchObject({ status: payment.status });
      const own = byAggregate.get(id) ?? [];
      expect(own.map((e) => e.sequence)).toEqual(own.map((_, i) => i + 1));
      const types = own.map((e) => e.type);
      expect(types[0]).toBe('order.placed');
      if (order?.status === 'paid' || order?.status === 'fulfilled') expect(types).toContain('order.paid');
      if (order?.status === 'fulfilled') expect(types).toContain('order.fulfilled');
      if (order?.status === 'cancelled') expect(types).toContain('order.cancelled');
      // The last event reports where the order stands (a settling order stands where it was).
      if (order && order.status !== 'payment_settling') expect(own.at(-1)?.payload).toMatchObject({ status: order.status });
    }
  }, 120_000);
});
