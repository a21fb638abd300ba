// `npm run bench:inventory`: reservation throughput in memory, and the cost of the expiry sweep
// next to a naive full scan (the seed's cleanup loop) measured in the same run.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryInventoryStore } from '../src/adapters/memory/inventory-store.js';
import { InventoryService } from '../src/inventory/index.js';
import { ManualClock, SequentialIds } from '../src/testing/index.js';

const HUGE = 1_000_000_000_000;
const HOUR = 3_600_000;

// A full GC before each timed section, so a collection of the setup's garbage is not billed to
// whichever sweep happens to run when the heap fills up.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function timed(body: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await body();
  return performance.now() - start;
}

async function stockedService<S extends MemoryInventoryStore>(skus: number, store: S) {
  const clock = new ManualClock();
  const inventory = new InventoryService({ store, clock, ids: new SequentialIds() });
  for (let i = 0; i < skus; i++) {
    await inventory.addInventoryItem({ sku: `SKU-${i}`, productName: `P${i}`, onHand: HUGE, costPerUnit: { amount: '1.00', currency: 'USD' } });
  }
  return { clock, store, inventory };
}

async function reservationThroughput(): Promise<void> {
  console.log('reservations per second (memory store, through the service, best of 3 rounds)');
  console.log('  baseline: checkAvailability of the same lines (validation + reads, no write)');
  for (const perReservation of [1, 10, 50]) {
    const { inventory } = await stockedService(perReservation, new MemoryInventoryStore());
    const lines = Array.from({ length: perReservation }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
    const count = Math.max(1000, Math.round(40_000 / perReservation));
    for (let i = 0; i < 200; i++) await inventory.reserveItems(lines); // warm up
    const reserveMs: number[] = [];
    const checkMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      reserveMs.push(await timed(async () => { for (let i = 0; i < count; i++) await inventory.reserveItems(lines); }));
      checkMs.push(await timed(async () => { for (let i = 0; i < count; i++) await inventory.checkAvailability(lines); }));
    }
    const reservePerSec = (count / Math.min(...reserveMs)) * 1000;
    const checkPerSec = (count / Math.min(...checkMs)) * 1000;
    console.log(
      `  ${String(perReservation).padStart(2)} SKUs/reservation: ${Math.round(reservePerSec).toLocaleString('en-US').padStart(9)} reservations/s` +
        ` (${Math.round(reservePerSec * perReservation).toLocaleString('en-US')} lines/s);` +
        ` checkAvailability ${Math.round(checkPerSec).toLocaleString('en-US')}/s; reserve costs ${(checkPerSec / reservePerSec).toFixed(2)}x a check`,
    );
  }
}

/**
 * The baseline: the same memory store and service path, except that the sweep finds expired
 * reservations the way the seed's cleanup loop did, by reading every reservation held, and
 * then releases each due one with the store's own release step.
 */
class FullScanSweepStore extends MemoryInventoryStore {
  readonly ids = new Set<string>();

  override async sweepExpired(step: { now: number; limit: number }): ReturnType<MemoryInventoryStore['sweepExpired']> {
    const expired: Awaited<ReturnType<MemoryInventoryStore['sweepExpired']>>['expired'] = [];
    for (const id of this.ids) {
      const reservation = await this.getReservation(id);
      if (reservation?.status !== 'active' || reservation.expiresAt > step.now) continue;
      const released = await this.release({ reservationId: id, now: step.now });
      if (released.ok) expired.push({ reservation: released.reservation, changes: released.changes });
      this.ids.delete(id);
    }
    return { expired, more: false };
  }
}

/**
 * Sweep cost with `unexpired` reservations held far into the future: each round adds `expired`
 * reservations that fall due, advances the clock and times one sweep on each store. The held
 * ones stay throughout, so every round measures the sweep at that population.
 */
async function sweepCase(unexpired: number, expired: number, rounds: number): Promise<{ indexedMs: number; naiveMs: number }> {
  const indexed = await stockedService(10, new MemoryInventoryStore());
  const naiveStore = new FullScanSweepStore();
  const naive = await stockedService(10, naiveStore);
  // Setup goes straight to the stores: only the sweeps are measured.
  const hold = async (id: string, sku: string, now: number, expiresAt: number) => {
    const step = { reservationId: id, lines: [{ sku, quantity: 1 }], now, expiresAt };
    await indexed.store.reserve(step);
    await naiveStore.reserve(step);
    naiveStore.ids.add(id);
  };
  for (let i = 0; i < unexpired; i++) await hold(`held-${i}`, `SKU-${i % 10}`, indexed.clock.now(), indexed.clock.now() + 1000 * HOUR);
  const indexedMs: number[] = [];
  const naiveMs: number[] = [];
  for (let round = 0; round < rounds + 2; round++) {
    for (let i = 0; i < expired; i++) await hold(`due-${round}-${i}`, `SKU-${i % 10}`, indexed.clock.now(), indexed.clock.now() + 1000);
    indexed.clock.advance(1000);
    naive.clock.advance(1000);
    let counts = [0, 0];
    const a = await timed(async () => (counts[0] = await indexed.inventory.sweepExpiredReservations()));
    const b = await timed(async () => (counts[1] = await naive.inventory.sweepExpiredReservations()));
    if (counts[0] !== expired || counts[1] !== expired) throw new Error(`sweeps released ${counts.join('/')}, expected ${expired}`);
    counts = [0, 0];
    // The first two rounds warm the JIT up and are not counted.
    if (round >= 2) {
      indexedMs.push(a);
      naiveMs.push(b);
    }
  }
  return { indexedMs: Math.min(...indexedMs), naiveMs: Math.min(...naiveMs) };
}

async function sweepCost(): Promise<void> {
  const rounds = 15;
  const expired = 1000;
  console.log(`\nexpiry sweep: ${expired} reservations fall due among those held (best of ${rounds} sweeps: the machine is shared)`);
  console.log("  indexed:   sweepExpiredReservations through the memory store's expiry heap");
  console.log("  full scan: the same service and store, finding the due ones by reading every reservation (the seed's loop)");
  const results = new Map<number, { indexedMs: number; naiveMs: number }>();
  for (const unexpired of [9_000, 99_000]) {
    const { indexedMs, naiveMs } = await sweepCase(unexpired, expired, rounds);
    results.set(unexpired, { indexedMs, naiveMs });
    const total = unexpired + expired;
    console.log(
      `  ${total.toLocaleString('en-US').padStart(7)} reservations (${((expired / total) * 100).toFixed(0)}% expired): ` +
        `indexed ${indexedMs.toFixed(2)} ms, full scan ${naiveMs.toFixed(2)} ms, full scan / indexed = ${(naiveMs / indexedMs).toFixed(1)}x`,
    );
  }
  const small = results.get(9_000);
  const large = results.get(99_000);
  if (small && large) {
    console.log(
      `  from 9,000 to 99,000 unexpired (11x): indexed sweep ${(large.indexedMs / small.indexedMs).toFixed(2)}x, full scan ${(large.naiveMs / small.naiveMs).toFixed(2)}x`,
    );
  }
}

await reservationThroughput();
await sweepCost();
