// Each SKU's ledger is its own key, and a script writes only the keys it is given, so confirm,
// release and the sweep must pass the ledgers of SKUs they learn only from a reservation. The
// store remembers the SKUs of the reservations it made; for any other, the first call answers
// the SKUs it needs and writes nothing, and a second call settles. These tests pin both paths
// and that they end as the memory store does.
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { ReservationSkus } from '../../src/adapters/redis/inventory-ledgers.js';
import { LuaScript, redisAdapters, toScriptClient, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('inventory ledgers');
const SKUS = ['A', 'B', 'C'];

function counting(client: RedisScriptClient) {
  let calls = 0;
  return {
    client: {
      evalsha: (sha, keys, args) => (calls++, client.evalsha(sha, keys, args)),
      eval: (source, keys, args) => (calls++, client.eval(source, keys, args)),
    } satisfies RedisScriptClient,
    calls: () => calls,
  };
}

describe('ReservationSkus', () => {
  it('forgets the oldest reservation past its limit, and a settled one', () => {
    const skus = new ReservationSkus(2);
    skus.remember('r1', ['A']);
    skus.remember('r2', ['B', 'C']);
    skus.remember('r3', ['C']);
    expect([skus.recall('r1'), skus.recall('r2'), skus.recall('r3')]).toEqual([[], ['B', 'C'], ['C']]);
    skus.forget('r2');
    expect(skus.recall('r2')).toEqual([]);
  });
});

describe.skipIf(skip)(`Redis inventory ledgers of reservations made elsewhere${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('inv-ledgers');
  let raw: Redis;
  beforeAll(async () => {
    raw = (await space.open('ioredis')).client as Redis;
    // Loaded up front, so a NOSCRIPT answer and its EVAL never count as a second call.
    for (const name of ['inventory-confirm', 'inventory-release', 'inventory-sweep'] as const) await raw.script('LOAD', new LuaScript(name).source);
  });

  /** Two Redis stores on the same keys (as two app instances), and a memory store doing the same steps. */
  async function instances() {
    const prefix = space.prefix();
    const open = () => {
      const counted = counting(toScriptClient(raw));
      return { store: redisAdapters({ client: counted.client, prefix }).inventory, calls: counted.calls };
    };
    const [maker, other] = [open(), open()];
    const memory = new MemoryInventoryStore();
    for (const s of [maker.store, memory]) {
      for (const sku of SKUS) await s.addItem({ item: inventoryItemFixture(sku, { onHand: 10, reorderPoint: 8, reorderQuantity: 5 }), reason: 'i', now: 1 });
    }
    return { maker, other, memory, prefix };
  }

  const hold = (id: string, skus: string[], expiresAt = 1000) => ({ reservationId: id, lines: skus.map((sku) => ({ sku, quantity: 2 })), now: 5, expiresAt });

  /** Both stores' items and every SKU's movements. */
  async function state(store: InventoryStore) {
    return { items: await store.getItems(SKUS), moves: await Promise.all(SKUS.map((sku) => store.listMovements({ sku, limit: 100 }))) };
  }

  it('settles its own reservation in one call and one made by another instance in two, as memory does', async () => {
    const { maker, other, memory } = await instances();
    for (const s of [maker.store, memory]) {
      await s.reserve(hold('own', ['A', 'B']));
      await s.reserve(hold('elsewhere', ['B', 'C']));
      await s.reserve(hold('released', ['C']));
    }
    let calls = maker.calls();
    expect(await maker.store.confirm({ reservationId: 'own', now: 6 })).toEqual(await memory.confirm({ reservationId: 'own', now: 6 }));
    expect(maker.calls() - calls).toBe(1);
    calls = other.calls();
    expect(await other.store.confirm({ reservationId: 'elsewhere', now: 7 })).toEqual(await memory.confirm({ reservationId: 'elsewhere', now: 7 }));
    expect(await other.store.release({ reservationId: 'released', now: 8 })).toEqual(await memory.release({ reservationId: 'released', now: 8 }));
    expect(other.calls() - calls).toBe(4);
    // Settled already: answered from the record, without asking for ledgers.
    calls = other.calls();
    expect(await other.store.confirm({ reservationId: 'elsewhere', now: 9 })).toEqual(await memory.confirm({ reservationId: 'elsewhere', now: 9 }));
    expect(other.calls() - calls).toBe(1);
    expect(await state(other.store)).toEqual(await state(memory));
  });

  it('writes nothing on a call that lacks a ledger it needs', async () => {
    const { maker, prefix } = await instances();
    await maker.store.reserve(hold('r1', ['A', 'C']));
    const dump = async () => Promise.all((await raw.keys(`${prefix}*`)).sort().map(async (key) => [key, await raw.dump(key)]));
    const before = await dump();
    const tag = `{${prefix}inventory}`;
    const fixed = ['items', 'reservations', 'expiry', 'low-stock', 'seq'].map((name) => `${prefix}inv:${tag}:${name}`);
    // Given A's ledger but not C's: it names C and changes nothing.
    const answer = await raw.evalsha(new LuaScript('inventory-confirm').sha, 6, ...fixed, `${prefix}inv:${tag}:ledger:A`, 'r1', '6', 'A');
    expect(JSON.parse(answer as string)).toEqual({ ledgers: ['C'] });
    expect(await dump()).toEqual(before);
  });

  it('sweeps reservations another instance made in two calls, as memory does, and one call when none is due', async () => {
    const { maker, other, memory } = await instances();
    for (const s of [maker.store, memory]) {
      await s.reserve(hold('r1', ['A'], 10));
      await s.reserve(hold('r2', ['B', 'C'], 20));
      await s.reserve(hold('r3', ['C'], 30));
      await s.reserve(hold('later', ['A'], 500));
    }
    let calls = other.calls();
    expect(await other.store.sweepExpired({ now: 25, limit: 10 })).toEqual(await memory.sweepExpired({ now: 25, limit: 10 }));
    expect(other.calls() - calls).toBe(2);
    expect(await other.store.sweepExpired({ now: 100, limit: 1 })).toEqual(await memory.sweepExpired({ now: 100, limit: 1 }));
    calls = other.calls();
    expect(await other.store.sweepExpired({ now: 100, limit: 10 })).toEqual({ expired: [], more: false });
    expect(other.calls() - calls).toBe(1);
    expect(await state(other.store)).toEqual(await state(memory));
  });
});
