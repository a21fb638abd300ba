// Several app instances, one truth: 4 worker processes, each with its own connection (two
// node-redis, two ioredis), race 1,000 single-unit reservations for 100 units. Exactly 100
// are granted, and stock, reservations and ledger agree afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { inventoryItemFixture } from '../../src/testing/index.js';
import { forkWorker, runTogether } from './worker-process.js';
import { REDIS_URL, connect, redisSkipReason, testPrefix, type ClientKind, type RawRedis } from './harness.js';

interface Tally {
  granted: string[];
  refused: number;
  failed: string[];
}

const skip = await redisSkipReason('multi-process inventory');
const prefix = testPrefix('multi-process');
let raw: RawRedis | undefined;
afterAll(async () => {
  await raw?.scanDelete(`${prefix}*`);
  await raw?.close();
});

describe.skipIf(skip)(`Redis inventory across processes${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('4 processes, 1,000 single-unit reservations against 100 units: exactly 100 granted', async () => {
    raw = await connect('ioredis');
    const store = redisAdapters({ client: raw.client, prefix }).inventory;
    const added = await store.addItem({ item: inventoryItemFixture('HOT', { onHand: 100 }), reason: 'initial stock', now: 0 });
    expect(added.ok).toBe(true);

    const kinds: ClientKind[] = ['node-redis', 'ioredis', 'node-redis', 'ioredis'];
    const tallies = await runTogether(kinds.map((kind) => forkWorker<Tally>('./reserve-worker.ts', [kind, REDIS_URL, prefix, 'HOT', '250'])));

    expect(tallies.flatMap((t) => t.failed)).toEqual([]);
    const granted = tallies.flatMap((t) => t.granted);
    expect(granted).toHaveLength(100);
    expect(new Set(granted).size).toBe(100);
    expect(tallies.reduce((n, t) => n + t.refused, 0)).toBe(900);
    // Every process made all its attempts: none was lost or cut short.
    expect(tallies.every((t) => t.granted.length + t.refused === 250)).toBe(true);

    const item = await store.getItem('HOT');
    expect([item?.onHand, item?.reserved]).toEqual([100, 100]);
    const moves = await store.listMovements({ sku: 'HOT', limit: 10_000 });
    expect(moves.filter((m) => m.kind === 'reservation')).toHaveLength(100);
    expect(moves.reduce((s, m) => s + m.onHandDelta, 0)).toBe(item?.onHand);
    expect(moves.reduce((s, m) => s + m.reservedDelta, 0)).toBe(item?.reserved);
    expect(new Set(moves.filter((m) => m.kind === 'reservation').map((m) => m.reservationId))).toEqual(new Set(granted));
    const reservations = await Promise.all(granted.map((id) => store.getReservation(id)));
    expect(reservations.every((r) => r?.status === 'active' && r.lines[0]?.quantity === 1)).toBe(true);
  });
});
