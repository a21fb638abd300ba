// Connections killed every 150 ms (CLIENT KILL) while many steps of the order, payment,
// promotion, idempotency, interaction and model-snapshot stores run at once: with ioredis at
// its defaults (it resends what had no answer when its connection dropped) and with
// node-redis (the adapters resend a call whose answer was lost), no step is applied twice
// and none answers as if another step had written first. A call may still fail
// (STORE_UNAVAILABLE) when every resend is cut off too: then it ran once or not at all.
// Carts and stock under the same faults: connection-kills.test.ts.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters, type RedisAdapters, type RedisClientInput } from '../../src/adapters/redis/index.js';
import { isCommerceError } from '../../src/shared/errors.js';
import { ManualClock, sampleOrder } from '../../src/testing/index.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';
import type { ClientKind } from './harness.js';
import { privateRedisSkipReason, startPrivateRedis, type PrivateRedis } from './private-redis.js';

const KILL_EVERY_MS = 150;
const RUN_MS = 2000;
const WORKERS = 16;

const skip = privateRedisSkipReason('connection-kill (stores)');
let server: PrivateRedis | undefined;
let admin: Redis | undefined;

beforeAll(async () => {
  if (skip) return;
  server = await startPrivateRedis({ aof: false });
  admin = new Redis(server.url);
  admin.on('error', () => undefined);
}, 10_000);

afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

async function open(kind: ClientKind): Promise<{ client: RedisClientInput; close(): void }> {
  const url = (server as PrivateRedis).url;
  if (kind === 'ioredis') {
    const client = new Redis(url); // ioredis at its defaults: it resends unanswered commands
    client.on('error', () => undefined);
    return { client, close: () => client.disconnect() };
  }
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return { client, close: () => void client.destroy() };
}

/** What the calls of one step answered: acknowledged, failed (unknown outcome), or wrong. */
class Tally {
  readonly acked = new Map<string, number>();
  readonly failed = new Map<string, number>();
  readonly wrong: string[] = [];

  async call<T>(step: string, run: () => Promise<T>, right: (answer: T) => boolean): Promise<boolean> {
    try {
      const answer = await run();
      if (right(answer)) return this.count(this.acked, step);
      this.wrong.push(`${step}: ${JSON.stringify(answer)}`);
    } catch (error) {
      if (isCommerceError(error) && error.code === 'STORE_UNAVAILABLE') this.count(this.failed, step);
      else this.wrong.push(`${step}: ${String(error)}`);
    }
    return false;
  }

  /** The bounds a store's count of `step` must lie in: every acknowledged call, and at most every failed one more. */
  bounds(step: string): [number, number] {
    const acked = this.acked.get(step) ?? 0;
    return [acked, acked + this.unknown(step)];
  }

  unknown(step: string): number {
    return this.failed.get(step) ?? 0;
  }

  private count(map: Map<string, number>, step: string): true {
    map.set(step, (map.get(step) ?? 0) + 1);
    return true;
  }
}

/** One worker's steps until `until`: every id is its own, so every answer is known in advance. */
async function work(stores: RedisAdapters, tally: Tally, worker: number, until: number): Promise<void> {
  for (let i = 0; Date.now() < until; i++) {
    const id = `w${worker}-${i}`;
    await tally.call('append', () => stores.interactions.append({ userId: `u${worker}`, productId: id, type: 'view', weight: 1, at: i }), () => true);
    const order = sampleOrder(id, i);
    if (await tally.call('order create', () => stores.orders.create(order), (a) => a.ok)) {
      await tally.call('order update', () => stores.orders.update({ ...order, status: 'paid' }, 1), (a) => a.ok && a.order.version === 2);
    }
    const claim = { key: id, fingerprint: 'f', owner: id, lockMs: 600_000 };
    if (await tally.call('claim', () => stores.idempotency.claim(claim), (a) => a.state === 'claimed')) {
      await tally.call('complete', () => stores.idempotency.complete({ key: id, owner: id, result: i, ttlMs: 600_000 }), (a) => a);
    }
    if (await tally.call('reserve', () => stores.promotions.reserveUsage({ holdId: id, promotionIds: ['coupon'], now: 0 }), (a) => a.code === 'ok')) {
      await tally.call('release', () => stores.promotions.releaseUsage(id), (a) => a.code === 'ok');
    }
    const payment = samplePaymentRecord({ id: `pay-${id}` });
    if (await tally.call('payment create', () => stores.payments.create(payment), (a) => a.ok)) {
      await tally.call('payment commit', () => stores.payments.commit({ next: { ...payment, status: 'captured' }, expectedVersion: 1 }), (a) => a.ok);
    }
    if (i % 4 === 0) await tally.call('snapshot save', () => stores.modelSnapshots.save({ name: 'm', trainedAt: i, snapshot: { id } }), () => true);
  }
}

describe.skipIf(skip)(`connections killed every ${KILL_EVERY_MS} ms under load${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  for (const kind of ['ioredis', 'node-redis'] as const) {
    it(`${kind}: every step is applied once and answers as if it ran once`, async () => {
      const prefix = `kills-${kind}:`;
      const clock = new ManualClock();
      const checker = redisAdapters({ client: admin as Redis, prefix, clock });
      await checker.promotions.save({ id: 'coupon', code: 'C', kind: 'percentage', percent: '10', priority: 0, combinable: true });
      const connection = await open(kind);
      const stores = redisAdapters({ client: connection.client, prefix, clock });
      const tally = new Tally();
      let kills = 0;
      const killer = setInterval(() => {
        void (admin as Redis).call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes').then((n) => void (kills += Number(n)));
      }, KILL_EVERY_MS);
      const until = Date.now() + RUN_MS;
      await Promise.all(Array.from({ length: WORKERS }, (_, worker) => work(stores, tally, worker, until)));
      clearInterval(killer);
      connection.close();

      expect(kills).toBeGreaterThan(3);
      expect(tally.wrong).toEqual([]);
      const within = (value: number, [low, high]: [number, number]) => expect([value >= low, value <= high]).toEqual([true, true]);
      within(await checker.interactions.count(), tally.bounds('append'));
      within((await checker.modelSnapshots.loadLatest('m'))?.version ?? 0, tally.bounds('snapshot save'));
      // Every acknowledged reservation was given back once: only steps of unknown outcome may
      // leave a use counted, and none is given back twice (below zero).
      within((await checker.promotions.getUsage('coupon')).used, [0, tally.unknown('reserve') + tally.unknown('release')]);
      expect(tally.acked.get('order update') ?? 0).toBeGreaterThan(WORKERS);
    }, 30_000);
  }
});
