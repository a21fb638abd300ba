import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommerceError } from '../../src/shared/index.js';
import type { InventoryItem } from '../../src/inventory/index.js';
import { setup } from './fixtures.js';

const SKUS = ['A', 'B', 'C', 'D'] as const;
const sku = fc.constantFrom(...SKUS);

const itemArb = fc.record({
  onHand: fc.integer({ min: 0, max: 30 }),
  reorderPoint: fc.integer({ min: 0, max: 10 }),
  reorderQuantity: fc.integer({ min: 0, max: 20 }),
  allowBackorder: fc.boolean(),
});

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 4 }), ttlMs: fc.integer({ min: 1, max: 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), pick: fc.nat(), ttlMs: fc.integer({ min: 1, max: 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), sku, operation: fc.constantFrom('set' as const, 'add' as const, 'subtract' as const), quantity: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 40_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
);

/** Codes a command may legitimately refuse with; anything else is a bug. */
const EXPECTED = new Set(['INSUFFICIENT_INVENTORY', 'RESERVATION_NOT_ACTIVE', 'STOCK_NEGATIVE']);

describe('inventory invariants over random command sequences', () => {
  it('never oversells, keeps reserved = active holds, and the ledger replays to the stock', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(itemArb, itemArb, itemArb, itemArb), fc.array(op, { maxLength: 40 }), async (items, ops) => {
        const { inventory, store, clock, named } = setup();
        for (const [i, spec] of items.entries()) await inventory.addInventoryItem({ sku: SKUS[i] as string, productName: `P${i}`, costPerUnit: { amount: '1.00', currency: 'EUR' }, ...spec });
        const reservationIds: string[] = [];
        const pick = (n: number) => reservationIds[n % Math.max(1, reservationIds.length)] ?? 'none';

        for (const o of ops) {
          const before = await Promise.all(SKUS.map((s) => inventory.getInventoryStatus(s)));
          try {
            switch (o.kind) {
              case 'reserve': reservationIds.push((await inventory.reserveItems(o.lines, { ttlMs: o.ttlMs })).id); break;
              case 'confirm': await inventory.confirmReservation(pick(o.pick)); break;
              case 'release': await inventory.releaseReservation(pick(o.pick)); break;
              case 'extend': await inventory.extendReservation(pick(o.pick), { ttlMs: o.ttlMs }); break;
              case 'adjust': await inventory.updateStock(o.sku, o.quantity, o.operation, 'prop'); break;
              case 'advance': clock.advance(o.ms); break;
              case 'sweep': await inventory.sweepExpiredReservations(); break;
            }
          } catch (error) {
            expect(error).toBeInstanceOf(CommerceError);
            const code = (error as CommerceError).code;
            if (!(code === 'RESERVATION_NOT_FOUND' && reservationIds.length === 0)) expect(EXPECTED.has(code), code).toBe(true);
            // A refused command leaves every item exactly as it was.
            const after = await Promise.all(SKUS.map((s) => inventory.getInventoryStatus(s)));
            expect(after.map(stock)).toEqual(before.map(stock));
          }
          await checkInvariants();
        }

        // Reorders: never two for an item without a receipt in between.
        const log = [...named('inventory.reorder_requested'), ...named('inventory.stock_updated')] as { sku: string; requestedAt?: number; operation?: string; movement?: { seq: number } }[];
        for (const s of SKUS) {
          const receipts = (await inventory.listMovements({ sku: s })).filter((m) => m.kind === 'receipt' && m.reason !== 'initial stock').length;
          const requests = log.filter((e) => e.sku === s && e.requestedAt !== undefined).length;
          expect(requests).toBeLessThanOrEqual(receipts + 1);
        }

        async function checkInvariants(): Promise<void> {
          const holds = new Map<string, number>();
          for (const id of reservationIds) {
            const r = await store.getReservation(id);
            if (r?.status === 'active') for (const line of r.lines) holds.set(line.sku, (holds.get(line.sku) ?? 0) + line.quantity);
          }
          for (const s of SKUS) {
            const item = await inventory.getInventoryStatus(s);
            if (!item.allowBackorder) {
              expect(item.onHand, `${s} on hand`).toBeGreaterThanOrEqual(0);
              expect(item.available, `${s} available`).toBeGreaterThanOrEqual(0);
            }
            expect(item.reserved, `${s} reserved`).toBe(holds.get(s) ?? 0);
            const ledger = await inventory.listMovements({ sku: s });
            expect(ledger.reduce((n, m) => n + m.onHandDelta, 0), `${s} ledger on hand`).toBe(item.onHand);
            expect(ledger.reduce((n, m) => n + m.reservedDelta, 0), `${s} ledger reserved`).toBe(item.reserved);
            expect(ledger.every((m, i) => i === 0 || m.seq > (ledger[i - 1]?.seq ?? 0))).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a sweep expires exactly the active reservations past their time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ ttlMs: fc.integer({ min: 1, max: 10_000 }), settle: fc.constantFrom('none', 'confirm', 'release') }), { maxLength: 30 }), fc.integer({ min: 0, max: 12_000 }), async (specs, wait) => {
        const { inventory, clock } = setup();
        await inventory.addInventoryItem({ sku: 'A', productName: 'A', onHand: 1000, costPerUnit: { amount: '1', currency: 'USD' } });
        let due = 0;
        for (const spec of specs) {
          const r = await inventory.reserveItems([{ sku: 'A', quantity: 1 }], { ttlMs: spec.ttlMs });
          if (spec.settle === 'confirm') await inventory.confirmReservation(r.id);
          if (spec.settle === 'release') await inventory.releaseReservation(r.id);
          if (spec.settle === 'none' && spec.ttlMs <= wait) due += 1;
        }
        clock.advance(wait);
        expect(await inventory.sweepExpiredReservations({ batchSize: 3 })).toBe(due);
        expect(await inventory.sweepExpiredReservations()).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe('inventory invariants under concurrent commands', () => {
  it('concurrent reserves, confirms, releases, adjusts and sweeps keep every invariant', async () => {
    const concurrentOp = fc.oneof(
      fc.record({ kind: fc.constant('reserve' as const), lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('adjust' as const), sku, operation: fc.constantFrom('add' as const, 'subtract' as const), quantity: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('sweep' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 4, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }), fc.array(concurrentOp, { minLength: 1, maxLength: 30 }), async (stocks, heldTtls, ops) => {
        const { inventory, store, clock } = setup();
        for (const [i, onHand] of stocks.entries()) await inventory.addInventoryItem({ sku: SKUS[i] as string, productName: `P${i}`, onHand, costPerUnit: { amount: '1', currency: 'USD' } });
        // Some reservations made earlier, a few of them due, so sweeps race confirms and releases.
        const ids: string[] = [];
        for (const ttl of heldTtls) {
          try {
            ids.push((await inventory.reserveItems([{ sku: 'A', quantity: 1 }], { ttlMs: ttl * 1000 })).id);
          } catch (error) {
            expect((error as CommerceError).code).toBe('INSUFFICIENT_INVENTORY');
          }
        }
        clock.advance(2000);
        const pick = (n: number) => ids[n % Math.max(1, ids.length)] ?? 'none';
        const results = await Promise.allSettled(
          ops.map(async (o) => {
            switch (o.kind) {
              case 'reserve': return ids.push((await inventory.reserveItems(o.lines)).id);
              case 'confirm': return inventory.confirmReservation(pick(o.pick));
              case 'release': return inventory.releaseReservation(pick(o.pick));
              case 'adjust': return inventory.updateStock(o.sku, o.quantity, o.operation);
              case 'sweep': return inventory.sweepExpiredReservations();
            }
          }),
        );
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CommerceError);
        const swept = results.filter((r, i) => ops[i]?.kind === 'sweep' && r.status === 'fulfilled').reduce((n, r) => n + ((r as PromiseFulfilledResult<number>).value), 0);
        const expired = (await Promise.all(ids.map((id) => store.getReservation(id)))).filter((r) => r?.status === 'expired').length;
        expect(swept).toBe(expired);
        for (const s of SKUS) {
          const item = await inventory.getInventoryStatus(s);
          expect(item.onHand).toBeGreaterThanOrEqual(0);
          expect(item.available).toBeGreaterThanOrEqual(0);
          let held = 0;
          for (const id of ids) {
            const r = await store.getReservation(id);
            if (r?.status === 'active') held += r.lines.find((l) => l.sku === s)?.quantity ?? 0;
          }
          expect(item.reserved).toBe(held);
          const ledger = await inventory.listMovements({ sku: s });
          expect(ledger.reduce((n, m) => n + m.onHandDelta, 0)).toBe(item.onHand);
        }
      }),
      { numRuns: 100 },
    );
  });
});

function stock(item: InventoryItem) {
  return { sku: item.sku, onHand: item.onHand, reserved: item.reserved, reorderPending: item.reorderPending };
}
