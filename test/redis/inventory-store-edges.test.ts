// What the shared conformance suite does not reach but the Lua side could get wrong: the key
// layout, numbers past cjson's 14 digits, odd strings, empty answers, wide reservations.
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryInventoryStore } from '../../src/adapters/memory/inventory-store.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import type { InventoryStore } from '../../src/ports/inventory-store.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace, type RawRedis } from './harness.js';

const skip = await redisSkipReason('InventoryStore edges');
const T = 8_640_000_000_000_000 - 10_000_000; // near the largest Date: far past 2^53 / 1e14 digits

for (const kind of CLIENT_KINDS) {
  describe.skipIf(skip)(`Redis InventoryStore edges (${kind})${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
    const space = redisTestSpace('inv-edges');
    let raw: RawRedis;
    beforeAll(async () => void (raw = await space.open(kind)));
    const fresh = (): { store: InventoryStore; prefix: string } => {
      const prefix = space.prefix();
      return { store: redisAdapters({ client: raw.client, prefix }).inventory, prefix };
    };
    const zcard = async (key: string): Promise<number> => Number(await toScriptClient(raw.client).eval("return redis.call('ZCARD', KEYS[1])", [key], []));

    it('keeps every key of the store under one hash tag made of the prefix: eight fixed keys and a ledger list per SKU', async () => {
      const { store, prefix } = fresh();
      await store.addItem({ item: inventoryItemFixture('A', { onHand: 3, reorderPoint: 5, reorderQuantity: 2 }), reason: 'i', now: 1 });
      await store.addItem({ item: inventoryItemFixture('B'), reason: 'i', now: 1 });
      await store.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }], now: 2, expiresAt: 100 });
      await store.reserve({ reservationId: 'r2', lines: [{ sku: 'B', quantity: 1 }], now: 2, expiresAt: 200 });
      await store.release({ reservationId: 'r2', now: 3 }); // its movement goes to the shared `ledger`
      const keys = (await raw.keys(`${prefix}*`)).sort();
      const names = ['expiry', 'items', 'ledger', 'ledger:A', 'ledger:B', 'low-stock', 'reservations', 'seq'];
      // A is added under its reorder point: low stock and a reorder, recorded on the store's own stream.
      const events = ['evt', 'evtseq'].map((kind) => `${prefix}${kind}:{${prefix}inventory}`);
      expect(keys.filter((k) => !k.startsWith(`${prefix}op:`))).toEqual([...events, ...names.map((n) => `${prefix}inv:{${prefix}inventory}:${n}`)]);
      // One operation key per write that changed something (2 adds, 2 reserves, 1 release), in the same slot.
      const ops = keys.filter((k) => k.startsWith(`${prefix}op:`));
      expect(ops).toHaveLength(5);
      for (const op of ops) expect(op.startsWith(`${prefix}op:{${prefix}inventory}:`)).toBe(true);
    });

    it('keeps integers past 1e14 and odd strings exact through every script', async () => {
      const { store } = fresh();
      const big = 123_456_789_012_345;
      const item = inventoryItemFixture('Ünï "q" \\ / \n 🚀', { productName: 'Straße "Ω" 🚀\t', onHand: big, createdAt: T, updatedAt: T, reorderCount: 2 ** 40 });
      await store.addItem({ item, reason: 'über "reason"', now: T });
      expect(await store.getItem(item.sku)).toEqual({ ...item });
      const held = await store.reserve({ reservationId: 'r "1"', lines: [{ sku: item.sku, quantity: big - 1 }], orderId: 'o/ü', now: T, expiresAt: T + 5_000_000 });
      expect(held).toMatchObject({ ok: true, reservation: { id: 'r "1"', orderId: 'o/ü', expiresAt: T + 5_000_000, lines: [{ quantity: big - 1, backordered: 0 }] } });
      const sold = await store.confirm({ reservationId: 'r "1"', now: T + 1 });
      expect(sold).toMatchObject({ ok: true, changed: true, reservation: { status: 'confirmed', settledAt: T + 1 } });
      expect(await store.getItem(item.sku)).toMatchObject({ onHand: 1, reserved: 0, updatedAt: T + 1 });
      const moves = await store.listMovements({ sku: item.sku, limit: 10 });
      expect(moves.map((m) => [m.kind, m.onHandDelta, m.reservedDelta, m.at, m.reason])).toEqual([
        ['receipt', big, 0, T, 'über "reason"'],
        ['reservation', 0, big - 1, T, 'reserved'],
        ['sale', -(big - 1), -(big - 1), T + 1, 'confirmed'],
      ]);
    });

    it('lists the movements of a SKU holding a NUL byte, as memory does', async () => {
      const { store } = fresh();
      const memory = new MemoryInventoryStore();
      const sku = 'nul\u0000sku';
      for (const s of [store, memory]) {
        await s.addItem({ item: inventoryItemFixture(sku, { onHand: 5 }), reason: 'i', now: 1 });
        await s.reserve({ reservationId: 'r1', lines: [{ sku, quantity: 2 }], now: 2, expiresAt: 9 });
        await s.adjust({ sku, operation: 'add', quantity: 1, reason: 'r', now: 3 });
        await s.confirm({ reservationId: 'r1', now: 4 });
      }
      const moves = await store.listMovements({ sku, limit: 10 });
      expect(moves).toEqual(await memory.listMovements({ sku, limit: 10 }));
      expect(moves.map((m) => m.kind)).toEqual(['receipt', 'reservation', 'receipt', 'sale']);
    });

    it("merges a SKU's list (receipts, adjustments, reservations) and the shared set (sales, releases) in seq order, paging from every seq", async () => {
      const { store } = fresh();
      await store.addItem({ item: inventoryItemFixture('A', { onHand: 5 }), reason: 'i', now: 1 });
      await store.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 2 }], now: 2, expiresAt: 9 });
      await store.release({ reservationId: 'r1', now: 3 });
      await store.adjust({ sku: 'A', operation: 'add', quantity: 1, reason: 'r', now: 4 });
      await store.reserve({ reservationId: 'r2', lines: [{ sku: 'A', quantity: 1 }], now: 5, expiresAt: 9 });
      await store.confirm({ reservationId: 'r2', now: 6 });
      const all = await store.listMovements({ sku: 'A', limit: 10 });
      expect(all.map((m) => [m.seq, m.kind])).toEqual([[1, 'receipt'], [2, 'reservation'], [3, 'release'], [4, 'receipt'], [5, 'reservation'], [6, 'sale']]);
      for (let after = 0; after <= 6; after++) {
        for (const limit of [1, 2, 3]) expect(await store.listMovements({ sku: 'A', afterSeq: after, limit })).toEqual(all.filter((m) => m.seq > after).slice(0, limit));
      }
    });

    it('answers empty lists as arrays', async () => {
      const { store } = fresh();
      expect(await store.getItems([])).toEqual([]);
      expect(await store.listLowStockItems()).toEqual([]);
      expect(await store.listMovements({ sku: 'nope', limit: 10 })).toEqual([]);
      expect(await store.sweepExpired({ now: 10, limit: 5 })).toEqual({ expired: [], more: false });
      await store.addItem({ item: inventoryItemFixture('A'), reason: 'i', now: 1 });
      await store.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 1 }], now: 1, expiresAt: 5 });
      expect(await store.sweepExpired({ now: 10, limit: 0 })).toEqual({ expired: [], more: true });
      const released = await store.release({ reservationId: 'r1', now: 2 });
      expect(await store.release({ reservationId: 'r1', now: 3 })).toEqual({ ok: true, changed: false, changes: [], reservation: released.ok && released.reservation });
      const empty = { reservationId: 'r0', lines: [], now: 1, expiresAt: 5 };
      expect(await store.reserve(empty)).toEqual(await new MemoryInventoryStore().reserve(empty));
    });

    it('a receipt of nothing keeps the pending reorder, as in memory', async () => {
      const { store } = fresh();
      const memory = new MemoryInventoryStore();
      for (const s of [store, memory]) await s.addItem({ item: inventoryItemFixture('A', { onHand: 1, reorderPoint: 2, reorderQuantity: 3 }), reason: 'i', now: 1 });
      const step = { sku: 'A', operation: 'add' as const, quantity: 0, reason: 'empty delivery', now: 2 };
      const answer = await store.adjust(step);
      expect(answer).toEqual(await memory.adjust(step));
      expect(answer).toMatchObject({ ok: true, change: { reorderRequested: false, after: { reorderPending: true, reorderCount: 1 } } });
    });

    it('reserves 300 SKUs in one step, or none when the last one is short', async () => {
      const { store } = fresh();
      const skus = Array.from({ length: 300 }, (_, i) => `S${String(i).padStart(3, '0')}`);
      for (const sku of skus) await store.addItem({ item: inventoryItemFixture(sku, { onHand: 2 }), reason: 'i', now: 1 });
      const lines = skus.map((sku) => ({ sku, quantity: 2 }));
      const short = await store.reserve({ reservationId: 'r0', lines: [...lines.slice(0, -1), { sku: 'S299', quantity: 3 }], now: 1, expiresAt: 9 });
      expect(short).toMatchObject({ ok: false, code: 'INSUFFICIENT_INVENTORY', details: { shortages: [{ sku: 'S299', requested: 3, available: 2 }] } });
      expect((await store.getItems(skus)).every((i) => i?.reserved === 0)).toBe(true);
      const all = await store.reserve({ reservationId: 'r1', lines, now: 1, expiresAt: 9 });
      expect(all.ok && all.changes.length).toBe(300);
      expect((await store.getItems(skus)).every((i) => i?.reserved === 2)).toBe(true);
      expect((await store.listLowStockItems()).map((i) => i.sku)).toEqual(skus);
    });

    it('indexes one reserve call in one expiry entry per expiresAt, which a sweep of a smaller limit cuts in the order made', async () => {
      const { store, prefix } = fresh();
      const expiry = `${prefix}inv:{${prefix}inventory}:expiry`;
      await store.addItem({ item: inventoryItemFixture('A', { onHand: 100 }), reason: 'i', now: 1 });
      // Ids that would confuse a length-prefixed list if it were read carelessly.
      const ids = ['3:ab', '\u0000x', 'r 1', '12:', 'é"\\'];
      const made = await Promise.all(ids.map((reservationId, k) => store.reserve({ reservationId, lines: [{ sku: 'A', quantity: 1 }], now: 1, expiresAt: k === 2 ? 20 : 10 })));
      expect(made.every((r) => r.ok)).toBe(true);
      expect(await zcard(expiry)).toBe(2);
      await store.confirm({ reservationId: '3:ab', now: 2 }); // settled: dropped when its entry falls due
      const first = await store.sweepExpired({ now: 30, limit: 2 });
      expect(first.expired.map((e) => e.reservation.id)).toEqual(['\u0000x', '12:']);
      expect(first.more).toBe(true);
      const rest = await store.sweepExpired({ now: 30, limit: 10 });
      expect(rest).toMatchObject({ more: false, expired: [{ reservation: { id: 'é"\\', status: 'expired' } }, { reservation: { id: 'r 1', status: 'expired' } }] });
      expect(await zcard(expiry)).toBe(0);
      expect((await store.getItem('A'))?.reserved).toBe(0);
    });

    it('reads a bounded number of settled ids per sweep and answers more, so a backlog never blocks Redis in one call', async () => {
      const { store, prefix } = fresh();
      await store.addItem({ item: inventoryItemFixture('A', { onHand: 5000 }), reason: 'i', now: 1 });
      const settled = Array.from({ length: 1100 }, (_, i) => `s${i}`);
      await Promise.all(settled.map((reservationId) => store.reserve({ reservationId, lines: [{ sku: 'A', quantity: 1 }], now: 1, expiresAt: 10 })));
      await Promise.all(settled.map((reservationId) => store.confirm({ reservationId, now: 2 })));
      await Promise.all(['l1', 'l2', 'l3'].map((reservationId) => store.reserve({ reservationId, lines: [{ sku: 'A', quantity: 1 }], now: 1, expiresAt: 11 })));
      const answers = [];
      for (let more = true; more; ) {
        const answer = await store.sweepExpired({ now: 20, limit: 5 });
        answers.push(answer.expired.map((e) => e.reservation.id));
        more = answer.more;
      }
      // The first call stopped at its budget with only settled ids read; a later one reached the live ones.
      expect(answers[0]).toEqual([]);
      expect(answers.flat()).toEqual(['l1', 'l2', 'l3']);
      expect(await zcard(`${prefix}inv:{${prefix}inventory}:expiry`)).toBe(0);
      expect((await store.getItem('A'))?.reserved).toBe(0);
    });

    it('a sweep that meets a record it cannot read fails with nothing written', async () => {
      const { store, prefix } = fresh();
      const items = `${prefix}inv:{${prefix}inventory}:items`;
      await store.addItem({ item: inventoryItemFixture('A', { onHand: 5 }), reason: 'i', now: 1 });
      await store.addItem({ item: inventoryItemFixture('B', { onHand: 5 }), reason: 'i', now: 1 });
      await store.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 2 }], now: 1, expiresAt: 10 });
      await store.reserve({ reservationId: 'r2', lines: [{ sku: 'B', quantity: 1 }], now: 1, expiresAt: 10 });
      await toScriptClient(raw.client).eval("redis.call('HSET', KEYS[1], 'B', 'not a record')", [items], []);
      await expect(store.sweepExpired({ now: 10, limit: 5 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((await store.getItem('A'))?.reserved).toBe(2);
      expect((await store.getReservation('r1'))?.status).toBe('active');
      expect(await zcard(`${prefix}inv:{${prefix}inventory}:expiry`)).toBe(2);
    });

    it('settles a reservation wider than one command chunk, and one with escaped strings, as memory does', async () => {
      const { store } = fresh();
      const memory = new MemoryInventoryStore();
      // 600 lines: the scripts split HMGET/HSET/ZADD into chunks of 1000 arguments.
      const skus = [...Array.from({ length: 600 }, (_, i) => `W${String(i).padStart(3, '0')}`), 'odd "sku" \\ /'];
      for (const s of [store, memory]) for (const sku of skus) await s.addItem({ item: inventoryItemFixture(sku, { onHand: 1, reorderPoint: 0, reorderQuantity: 1 }), reason: 'i', now: 1 });
      const wide = { reservationId: 'wide', lines: skus.slice(0, 600).map((sku) => ({ sku, quantity: 1 })), now: 2, expiresAt: 9 };
      const odd = { reservationId: 'odd "id" \\', lines: [{ sku: skus[600] as string, quantity: 1 }], orderId: 'o"1', now: 2, expiresAt: 5 };
      for (const step of [wide, odd]) expect(await store.reserve(step)).toEqual(await memory.reserve(step));
      expect(await store.sweepExpired({ now: 6, limit: 10 })).toEqual(await memory.sweepExpired({ now: 6, limit: 10 }));
      expect(await store.release({ reservationId: 'wide', now: 7 })).toEqual(await memory.release({ reservationId: 'wide', now: 7 }));
      expect(await store.getItems(skus)).toEqual(await memory.getItems(skus));
      expect(await store.listLowStockItems()).toEqual(await memory.listLowStockItems());
    });
  });
}
