// The Redis inventory store sends the reserves made in the same tick as one inventory-reserve
// call. Batching may never change an answer: these tests pin the cases where a wrong batch
// would (stock taken by an earlier reservation of the call, an id taken by one, a failed
// call), and that the calls really are shared.
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { MAX_STEPS_PER_CALL as MAX_RESERVES_PER_CALL } from '../../src/adapters/redis/batch-queue.js';
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { LuaScript } from '../../src/adapters/redis/script.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('inventory reserve batches');

/** A script client that counts the calls it sends and can be told to fail before sending. */
function counting(client: RedisScriptClient) {
  let calls = 0;
  let failing = false;
  const call = (send: () => Promise<unknown>): Promise<unknown> => {
    if (failing) return Promise.reject(new Error('connection lost')); // nothing reaches Redis
    calls += 1;
    return send();
  };
  return {
    client: {
      evalsha: (sha, keys, args) => call(() => client.evalsha(sha, keys, args)),
      eval: (source, keys, args) => call(() => client.eval(source, keys, args)),
    } satisfies RedisScriptClient,
    calls: () => calls,
    fail: (on: boolean) => void (failing = on),
  };
}

const reserve = (id: string, sku: string, quantity: number, now = 10) => ({ reservationId: id, lines: [{ sku, quantity }], now, expiresAt: now + 1000 });

describe.skipIf(skip)(`Redis inventory reserve batches${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('inv-batch');
  let raw: Redis;
  beforeAll(async () => {
    raw = (await space.open('ioredis')).client as Redis;
    // Loaded up front: on a Redis that does not hold the script yet (a fresh one, or a new
    // version of the script), the first call is an EVALSHA answered NOSCRIPT and an EVAL,
    // which `counting` would count as two calls.
    await raw.script('LOAD', new LuaScript('inventory-reserve').source);
  });

  async function stores(items: { sku: string; onHand: number }[]) {
    const prefix = space.prefix();
    const counted = counting(toScriptClient(raw));
    const store = redisAdapters({ client: counted.client, prefix }).inventory;
    const memory = new MemoryInventoryStore();
    for (const s of [store, memory]) {
      for (const { sku, onHand } of items) await s.addItem({ item: inventoryItemFixture(sku, { onHand, reorderPoint: 1, reorderQuantity: 5 }), reason: 'i', now: 1 });
    }
    const key = (name: string): string => `${prefix}inv:{${prefix}inventory}:${name}`;
    return { store, memory, counted, key };
  }

  /** Every inventory key's type and content (the ledgers included), to show that a failed call wrote nothing. */
  async function dump(key: (name: string) => string): Promise<unknown> {
    const names = (await raw.keys(key('*'))).sort();
    return Promise.all(
      names.map(async (name) => {
        const type = await raw.type(name);
        const content =
          type === 'hash' ? await raw.hgetall(name)
          : type === 'zset' ? await raw.call('ZRANGE', name, '0', '-1', 'WITHSCORES')
          : type === 'set' ? (await raw.smembers(name)).sort()
          : type === 'list' ? await raw.lrange(name, 0, -1)
          : await raw.get(name);
        return [name, type, content];
      }),
    );
  }

  /** Runs the same reserves on both stores, all at once; answers the Redis answers. */
  async function both(store: InventoryStore, memory: InventoryStore, steps: ReturnType<typeof reserve>[]) {
    const answers = await Promise.all(steps.map((s) => store.reserve(s)));
    expect(answers).toEqual(await Promise.all(steps.map((s) => memory.reserve(s))));
    return answers;
  }

  it(`sends the reserves made in the same tick as few calls, ${MAX_RESERVES_PER_CALL} at most each, in order`, async () => {
    const { store, memory, counted } = await stores([{ sku: 'A', onHand: 1000 }]);
    const before = counted.calls();
    const answers = await both(store, memory, Array.from({ length: 100 }, (_, i) => reserve(`r${i}`, 'A', 1, 10 + i)));
    // Half at the end of the tick, half one event-loop turn later (flush-schedule.ts).
    expect(counted.calls() - before).toBe(2);
    // Each saw the stock the ones before it took, in call order.
    expect(answers.map((a) => a.ok && a.changes[0]?.before?.reserved)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect((await store.getItem('A'))?.reserved).toBe(100);
    const moves = await store.listMovements({ sku: 'A', limit: 200 });
    expect(moves.slice(1).map((m) => [m.seq, m.reservationId])).toEqual(answers.map((_, i) => [i + 2, `r${i}`]));
  });

  it('caps a call at the most reserves per call, and queues a reserve made meanwhile behind the held-back half', async () => {
    const { store, memory, counted } = await stores([{ sku: 'A', onHand: 1000 }]);
    const before = counted.calls();
    const first = Array.from({ length: 150 }, (_, i) => store.reserve(reserve(`r${i}`, 'A', 1)));
    await new Promise((resolve) => process.nextTick(resolve));
    expect(counted.calls() - before).toBe(2); // the first 75: 64 + 11
    const late = store.reserve(reserve('late', 'A', 1)); // made before the held-back 75 go
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted.calls() - before).toBe(4); // the other 75 and the late one: 64 + 12
    const answers = await Promise.all([...first, late]);
    expect(answers.map((a) => a.ok && a.changes[0]?.before?.reserved)).toEqual(Array.from({ length: 151 }, (_, i) => i));
    for (let i = 0; i < 150; i++) await memory.reserve(reserve(`r${i}`, 'A', 1));
    await memory.reserve(reserve('late', 'A', 1));
    expect(await store.getItem('A')).toEqual(await memory.getItem('A'));
  });

  it('sends a reserve made while a call is in flight at once, in a call of its own', async () => {
    const { store, counted } = await stores([{ sku: 'A', onHand: 10 }]);
    const before = counted.calls();
    const first = [store.reserve(reserve('r1', 'A', 1)), store.reserve(reserve('r2', 'A', 1))];
    await new Promise((resolve) => process.nextTick(resolve)); // the first call is sent, not answered
    expect(counted.calls() - before).toBe(1);
    const second = store.reserve(reserve('r3', 'A', 1));
    await new Promise((resolve) => process.nextTick(resolve));
    expect(counted.calls() - before).toBe(2);
    const answers = await Promise.all([...first, second]);
    expect(answers.map((a) => a.ok && a.reservation.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('refuses a reservation whose stock earlier ones of the call took, and still grants later smaller ones', async () => {
    const { store, memory, counted } = await stores([{ sku: 'A', onHand: 5 }, { sku: 'B', onHand: 2 }]);
    const before = counted.calls();
    const answers = await both(store, memory, [reserve('r1', 'A', 3), reserve('r2', 'A', 3), reserve('r3', 'B', 1), reserve('r4', 'A', 2), reserve('r5', 'A', 1)]);
    expect(counted.calls() - before).toBe(1);
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual(['ok', 'INSUFFICIENT_INVENTORY', 'ok', 'ok', 'INSUFFICIENT_INVENTORY']);
    expect(answers[1]).toMatchObject({ details: { shortages: [{ sku: 'A', requested: 3, available: 2 }] } });
    expect(answers[4]).toMatchObject({ details: { shortages: [{ sku: 'A', requested: 1, available: 0 }] } });
    // The reorder was requested once, by the reservation that took A to its reorder point.
    expect(answers.map((a) => a.ok && a.changes[0]?.reorderRequested)).toEqual([false, false, true, true, false]);
    expect(await store.getItems(['A', 'B'])).toEqual(await memory.getItems(['A', 'B']));
    expect(await store.listLowStockItems()).toEqual(await memory.listLowStockItems());
    expect(await store.listMovements({ sku: 'A', limit: 10 })).toEqual(await memory.listMovements({ sku: 'A', limit: 10 }));
  });

  it('answers CONFLICT to the second reservation of an id in one call, but frees the id of a refused one', async () => {
    const { store, memory, counted } = await stores([{ sku: 'A', onHand: 5 }]);
    const before = counted.calls();
    const answers = await both(store, memory, [reserve('r1', 'A', 1), reserve('r1', 'A', 1), reserve('r2', 'NOPE', 1), reserve('r2', 'A', 2)]);
    expect(counted.calls() - before).toBe(1);
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual(['ok', 'CONFLICT', 'SKU_NOT_FOUND', 'ok']);
    expect(answers[1]).toEqual({ ok: false, code: 'CONFLICT', details: { reservationId: 'r1', reason: 'reservation id taken' } });
    expect((await store.getItem('A'))?.reserved).toBe(3);
  });

  it('rejects every reservation of a call that fails with STORE_UNAVAILABLE, and writes none of them', async () => {
    const { store, counted, key } = await stores([{ sku: 'A', onHand: 5 }]);
    const state = await dump(key);
    counted.fail(true);
    const answers = [store.reserve(reserve('r1', 'A', 1)), store.reserve(reserve('r2', 'A', 1)), store.reserve(reserve('r3', 'A', 9))];
    for (const answer of answers) await expectCode(answer, 'STORE_UNAVAILABLE');
    counted.fail(false);
    expect(await dump(key)).toEqual(state);
    expect(await store.reserve(reserve('r1', 'A', 1))).toMatchObject({ ok: true });
  });

  const broken: [string, (key: (name: string) => string) => Promise<unknown>][] = [
    ['the reservations hash is a string', (key) => raw.set(key('reservations'), 'not a hash')],
    ['the record of a SKU a reservation in the middle asks for is not a record', (key) => raw.hset(key('items'), 'BAD', 'not a record')],
    // Deciding never reads reorderCount of an item with a reorder pending; only building the
    // record to write does, which must therefore come before the first write.
    ['that record passes the checks but its reorderCount is not a number', (key) => raw.hset(key('items'), 'BAD', '5,0,1,5,x,1,0,0,1,{"sku":"BAD"}')],
    ['the movement counter is not a number (the first write)', (key) => raw.set(key('seq'), 'not a number')],
  ];
  for (const [what, breakIt] of broken) {
    it(`fails the whole call, writing nothing for the reservations before the fault, when ${what}`, async () => {
      const { store, key } = await stores([{ sku: 'A', onHand: 5 }, { sku: 'B', onHand: 5 }]);
      await breakIt(key);
      const state = await dump(key);
      const answers = [store.reserve(reserve('r1', 'A', 1)), store.reserve(reserve('r2', 'BAD', 1)), store.reserve(reserve('r3', 'B', 1))];
      for (const answer of answers) await expectCode(answer, 'STORE_UNAVAILABLE');
      expect(await dump(key)).toEqual(state);
    });
  }
});
