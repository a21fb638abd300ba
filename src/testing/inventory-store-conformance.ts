import assert from 'node:assert/strict';
import type { InventoryStore, InventoryStepResult, StoredInventoryItem } from '../ports/inventory-store.js';
import { CommerceError } from '../shared/errors.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const MIN = 60_000;

/** A stored item with sensible defaults, for store tests. */
export function inventoryItemFixture(sku: string, overrides: Partial<StoredInventoryItem> = {}): StoredInventoryItem {
  return {
    sku,
    productName: `Product ${sku}`,
    onHand: 10,
    reserved: 0,
    reorderPoint: 0,
    reorderQuantity: 0,
    costPerUnit: { amount: '2.50', currency: 'USD' },
    location: 'A1',
    supplierId: 'sup-1',
    allowBackorder: false,
    discontinued: false,
    reorderPending: false,
    reorderCount: 0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

function ok<T>(result: InventoryStepResult<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.code} ${JSON.stringify(result.details)}`);
  return result;
}

function refused<T>(result: InventoryStepResult<T>, code: string): Record<string, unknown> {
  if (result.ok) assert.fail(`expected ${code}, got ok`);
  assert.equal(result.code, code);
  return result.details;
}

async function stocked(store: InventoryStore, ...items: StoredInventoryItem[]): Promise<void> {
  for (const item of items) ok(await store.addItem({ item, reason: 'initial stock', now: T0 }));
}

async function ledgerMatches(store: InventoryStore, sku: string): Promise<void> {
  const item = await store.getItem(sku);
  const moves = await store.listMovements({ sku, limit: 100_000 });
  assert.ok(item);
  assert.equal(moves.reduce((s, m) => s + m.onHandDelta, 0), item.onHand, `${sku} on hand replays`);
  assert.equal(moves.reduce((s, m) => s + m.reservedDelta, 0), item.reserved, `${sku} reserved replays`);
}

const reserve = (store: InventoryStore, id: string, lines: { sku: string; quantity: number }[], now = T0, ttl = 15 * MIN) =>
  store.reserve({ reservationId: id, lines, now, expiresAt: now + ttl });

/** The InventoryStore contract: run it against every adapter. */
export const inventoryStoreConformance = defineConformanceSuite<InventoryStore>('InventoryStore', (test) => {
  test('refuses a stock count that is not a whole number of units, writing nothing', async ({ store }) => {
    const invalid = (field: string) => (error: unknown) => error instanceof CommerceError && error.code === 'VALIDATION_FAILED' && error.details.field === field;
    await assert.rejects(store.addItem({ item: inventoryItemFixture('A', { onHand: 2.5 }), reason: 'x', now: T0 }), invalid('onHand'));
    await assert.rejects(store.addItem({ item: inventoryItemFixture('A', { reorderPoint: Number.NaN }), reason: 'x', now: T0 }), invalid('reorderPoint'));
    assert.equal(await store.getItem('A'), undefined);
    await stocked(store, inventoryItemFixture('A'), inventoryItemFixture('B'));
    await assert.rejects(reserve(store, 'r1', [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1.5 }]), invalid('quantity'));
    await assert.rejects(store.adjust({ sku: 'A', operation: 'subtract', quantity: 0.5, reason: 'x', now: T0 }), invalid('quantity'));
    await assert.rejects(store.adjust({ sku: 'A', operation: 'add', quantity: 2 ** 53, reason: 'x', now: T0 }), invalid('quantity'));
    assert.equal(await store.getReservation('r1'), undefined);
    for (const sku of ['A', 'B']) {
      const item = await store.getItem(sku);
      assert.deepEqual([item?.onHand, item?.reserved], [10, 0]);
      assert.equal((await store.listMovements({ sku, limit: 10 })).length, 1, `${sku}: only its initial receipt`);
    }
    // A refused reservation made in the same tick as a good one leaves the good one alone.
    const [good, bad] = await Promise.allSettled([reserve(store, 'r2', [{ sku: 'A', quantity: 2 }]), reserve(store, 'r3', [{ sku: 'A', quantity: -0.5 }])]);
    assert.equal(good.status === 'fulfilled' && good.value.ok, true);
    assert.equal(bad.status, 'rejected');
    assert.equal((await store.getItem('A'))?.reserved, 2);
  });

  test('adds an item once, records its initial stock, and hands out copies', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A'));
    assert.equal(refused(await store.addItem({ item: inventoryItemFixture('A'), reason: 'x', now: T0 }), 'SKU_EXISTS').sku, 'A');
    const item = await store.getItem('A');
    assert.equal(item?.onHand, 10);
    if (item) item.onHand = 999;
    assert.equal((await store.getItem('A'))?.onHand, 10);
    assert.deepEqual(await store.getItems(['A', 'nope']).then((r) => r.map((i) => i?.sku)), ['A', undefined]);
    const moves = await store.listMovements({ sku: 'A', limit: 10 });
    assert.deepEqual(moves.map((m) => [m.kind, m.onHandDelta, m.reason]), [['receipt', 10, 'initial stock']]);
  });

  test('reserves every line or none, listing every shortage', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A', { onHand: 5 }), inventoryItemFixture('B', { onHand: 1 }), inventoryItemFixture('C', { onHand: 0 }));
    const details = refused(await reserve(store, 'r1', [{ sku: 'A', quantity: 5 }, { sku: 'B', quantity: 2 }, { sku: 'C', quantity: 1 }]), 'INSUFFICIENT_INVENTORY');
    assert.deepEqual(details.shortages, [{ sku: 'B', requested: 2, available: 1 }, { sku: 'C', requested: 1, available: 0 }]);
    assert.equal((await store.getItem('A'))?.reserved, 0);
    assert.equal(await store.getReservation('r1'), undefined);
    assert.equal((await store.listMovements({ sku: 'A', limit: 10 })).length, 1);
    const { reservation, changes } = ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 5 }, { sku: 'B', quantity: 1 }]));
    assert.equal(reservation.status, 'active');
    assert.equal(reservation.expiresAt, T0 + 15 * MIN);
    assert.deepEqual(reservation.lines, [{ sku: 'A', quantity: 5, backordered: 0 }, { sku: 'B', quantity: 1, backordered: 0 }]);
    assert.deepEqual(changes.map((c) => [c.before?.reserved, c.after.reserved]), [[0, 5], [0, 1]]);
    reservation.lines[0]!.quantity = 99;
    const stored = await store.getReservation('r1');
    assert.deepEqual(stored?.lines.map((l) => l.quantity), [5, 1], 'the store hands out copies');
    if (stored) stored.status = 'released';
    assert.equal((await store.getReservation('r1'))?.status, 'active');
    await ledgerMatches(store, 'A');
  });

  test('refuses unknown and discontinued SKUs, and a taken reservation id', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A'), inventoryItemFixture('D', { discontinued: true }));
    assert.deepEqual(refused(await reserve(store, 'r1', [{ sku: 'A', quantity: 1 }, { sku: 'X', quantity: 1 }]), 'SKU_NOT_FOUND').skus, ['X']);
    assert.deepEqual(refused(await reserve(store, 'r1', [{ sku: 'D', quantity: 1 }]), 'SKU_DISCONTINUED').skus, ['D']);
    ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 1 }]));
    refused(await reserve(store, 'r1', [{ sku: 'A', quantity: 1 }]), 'CONFLICT');
    assert.equal((await store.getItem('A'))?.reserved, 1);
  });

  test('lets a backorderable item go below zero and says by how much', async ({ store }) => {
    await stocked(store, inventoryItemFixture('B', { onHand: 2, allowBackorder: true }));
    const { reservation } = ok(await reserve(store, 'r1', [{ sku: 'B', quantity: 5 }]));
    assert.deepEqual(reservation.lines, [{ sku: 'B', quantity: 5, backordered: 3 }]);
    ok(await store.confirm({ reservationId: 'r1', now: T0 + 1 }));
    assert.equal((await store.getItem('B'))?.onHand, -3);
    await ledgerMatches(store, 'B');
  });

  test('confirms into a sale once; refuses released and expired reservations', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A'));
    ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 3 }]));
    const first = ok(await store.confirm({ reservationId: 'r1', now: T0 + 1 }));
    assert.equal(first.changed, true);
    assert.equal(first.reservation.status, 'confirmed');
    assert.deepEqual(await store.getItem('A').then((i) => [i?.onHand, i?.reserved]), [7, 0]);
    const again = ok(await store.confirm({ reservationId: 'r1', now: T0 + 2 }));
    assert.equal(again.changed, false);
    assert.deepEqual(await store.getItem('A').then((i) => [i?.onHand, i?.reserved]), [7, 0]);
    assert.equal(refused(await store.release({ reservationId: 'r1', now: T0 + 3 }), 'RESERVATION_NOT_ACTIVE').status, 'confirmed');

    ok(await reserve(store, 'r2', [{ sku: 'A', quantity: 1 }]));
    ok(await store.release({ reservationId: 'r2', now: T0 + 1 }));
    assert.equal(refused(await store.confirm({ reservationId: 'r2', now: T0 + 2 }), 'RESERVATION_NOT_ACTIVE').status, 'released');

    ok(await reserve(store, 'r3', [{ sku: 'A', quantity: 1 }]));
    assert.equal(refused(await store.confirm({ reservationId: 'r3', now: T0 + 15 * MIN }), 'RESERVATION_NOT_ACTIVE').status, 'expired');
    assert.equal((await store.getItem('A'))?.reserved, 1, 'a refused confirm writes nothing');
    refused(await store.confirm({ reservationId: 'nope', now: T0 }), 'RESERVATION_NOT_FOUND');
    refused(await store.release({ reservationId: 'nope', now: T0 }), 'RESERVATION_NOT_FOUND');
    await ledgerMatches(store, 'A');
  });

  test('releases once', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A'));
    ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 4 }]));
    const first = ok(await store.release({ reservationId: 'r1', now: T0 + 1 }));
    assert.deepEqual([first.changed, first.reservation.status, first.reservation.settledAt], [true, 'released', T0 + 1]);
    const again = ok(await store.release({ reservationId: 'r1', now: T0 + 2 }));
    assert.deepEqual([again.changed, again.changes.length], [false, 0]);
    assert.equal((await store.getItem('A'))?.reserved, 0);
    const kinds = (await store.listMovements({ sku: 'A', limit: 10 })).map((m) => `${m.kind}:${m.reservedDelta}:${m.reason}`);
    assert.deepEqual(kinds, ['receipt:0:initial stock', 'reservation:4:reserved', 'release:-4:released']);
  });

  test('sweeps only due reservations, oldest first, in batches, skipping settled and extended ones', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A', { onHand: 100 }));
    for (let i = 1; i <= 5; i++) ok(await reserve(store, `r${i}`, [{ sku: 'A', quantity: 1 }], T0, i * MIN));
    ok(await reserve(store, 'late', [{ sku: 'A', quantity: 1 }], T0, 60 * MIN));
    ok(await store.confirm({ reservationId: 'r1', now: T0 }));
    ok(await store.release({ reservationId: 'r2', now: T0 }));
    ok(await store.extend({ reservationId: 'r3', expiresAt: T0 + 30 * MIN, now: T0 }));
    const batch = await store.sweepExpired({ now: T0 + 10 * MIN, limit: 1 });
    assert.deepEqual([batch.expired.map((e) => e.reservation.id), batch.more], [['r4'], true]);
    const rest = await store.sweepExpired({ now: T0 + 10 * MIN, limit: 10 });
    assert.deepEqual([rest.expired.map((e) => e.reservation.id), rest.more], [['r5'], false]);
    assert.equal(rest.expired[0]?.reservation.status, 'expired');
    assert.deepEqual((await store.sweepExpired({ now: T0 + 10 * MIN, limit: 10 })).expired, []);
    assert.equal((await store.getReservation('r3'))?.status, 'active');
    assert.equal((await store.getItem('A'))?.reserved, 2, 'r3 and late still hold stock');
    const later = await store.sweepExpired({ now: T0 + 30 * MIN, limit: 10 });
    assert.deepEqual(later.expired.map((e) => e.reservation.id), ['r3']);
    assert.equal(ok(await store.release({ reservationId: 'r3', now: T0 + 31 * MIN })).changed, false);
    await ledgerMatches(store, 'A');
  });

  test('extends only an active reservation that has not expired', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A'));
    ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 1 }]));
    assert.equal(ok(await store.extend({ reservationId: 'r1', expiresAt: T0 + 40 * MIN, now: T0 + 14 * MIN })).reservation.expiresAt, T0 + 40 * MIN);
    assert.equal(refused(await store.extend({ reservationId: 'r1', expiresAt: T0 + 90 * MIN, now: T0 + 40 * MIN }), 'RESERVATION_NOT_ACTIVE').status, 'expired');
    ok(await store.release({ reservationId: 'r1', now: T0 + 41 * MIN }));
    refused(await store.extend({ reservationId: 'r1', expiresAt: T0 + 90 * MIN, now: T0 + 41 * MIN }), 'RESERVATION_NOT_ACTIVE');
    refused(await store.extend({ reservationId: 'nope', expiresAt: T0, now: T0 }), 'RESERVATION_NOT_FOUND');
  });

  test('adjusts stock by set, add and subtract, never below zero without backorder', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A', { onHand: 5 }), inventoryItemFixture('B', { onHand: 1, allowBackorder: true }));
    const add = ok(await store.adjust({ sku: 'A', operation: 'add', quantity: 3, reason: 'PO-1', now: T0 + 1 }));
    assert.deepEqual([add.change.after.onHand, add.movement.kind, add.movement.onHandDelta, add.movement.reason], [8, 'receipt', 3, 'PO-1']);
    const set = ok(await store.adjust({ sku: 'A', operation: 'set', quantity: 4, reason: 'count', now: T0 + 2 }));
    assert.deepEqual([set.change.after.onHand, set.movement.kind, set.movement.onHandDelta], [4, 'adjustment', -4]);
    assert.deepEqual(refused(await store.adjust({ sku: 'A', operation: 'subtract', quantity: 5, reason: 'x', now: T0 }), 'STOCK_NEGATIVE'), { sku: 'A', onHand: 4, reserved: 0, requested: -1 });
    ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 3 }]));
    refused(await store.adjust({ sku: 'A', operation: 'set', quantity: 2, reason: 'x', now: T0 }), 'STOCK_NEGATIVE');
    assert.equal((await store.getItem('A'))?.onHand, 4);
    ok(await store.adjust({ sku: 'B', operation: 'subtract', quantity: 3, reason: 'damaged', now: T0 }));
    assert.equal((await store.getItem('B'))?.onHand, -2);
    refused(await store.adjust({ sku: 'X', operation: 'add', quantity: 1, reason: 'x', now: T0 }), 'SKU_NOT_FOUND');
    await ledgerMatches(store, 'A');
    await ledgerMatches(store, 'B');
  });

  test('requests one reorder per item until stock is received', async ({ store }) => {
    await stocked(store, inventoryItemFixture('A', { onHand: 10, reorderPoint: 5, reorderQuantity: 20 }));
    assert.equal(ok(await reserve(store, 'r1', [{ sku: 'A', quantity: 4 }])).changes[0]?.reorderRequested, false);
    const crossing = ok(await reserve(store, 'r2', [{ sku: 'A', quantity: 1 }])).changes[0];
    assert.deepEqual([crossing?.reorderRequested, crossing?.after.reorderPending, crossing?.after.reorderCount], [true, true, 1]);
    assert.equal(ok(await reserve(store, 'r3', [{ sku: 'A', quantity: 1 }])).changes[0]?.reorderRequested, false);
    assert.equal(ok(await store.adjust({ sku: 'A', operation: 'subtract', quantity: 1, reason: 'x', now: T0 })).change.reorderRequested, false);
    const receipt = ok(await store.adjust({ sku: 'A', operation: 'add', quantity: 20, reason: 'PO', now: T0 })).change;
    assert.deepEqual([receipt.reorderRequested, receipt.after.reorderPending], [false, false]);
    const small = ok(await store.adjust({ sku: 'A', operation: 'set', quantity: 8, reason: 'count', now: T0 })).change;
    assert.deepEqual([small.reorderRequested, small.after.reorderCount], [true, 2]);
    assert.equal(await store.cancelReorder({ sku: 'A', reorderCount: 1, now: T0 }), false);
    assert.equal(await store.cancelReorder({ sku: 'A', reorderCount: 2, now: T0 }), true);
    assert.equal((await store.getItem('A'))?.reorderPending, false);
  });

  test('a new item at or under its reorder point asks at once; discontinued never asks', async ({ store }) => {
    const added = ok(await store.addItem({ item: inventoryItemFixture('A', { onHand: 2, reorderPoint: 2, reorderQuantity: 5 }), reason: 'i', now: T0 }));
    assert.equal(added.change.reorderRequested, true);
    const disc = ok(await store.addItem({ item: inventoryItemFixture('D', { onHand: 0, reorderPoint: 2, reorderQuantity: 5, discontinued: true }), reason: 'i', now: T0 }));
    assert.equal(disc.change.reorderRequested, false);
    const flagged = ok(await store.setDiscontinued({ sku: 'A', discontinued: true, now: T0 + 1 }));
    assert.deepEqual([flagged.change.before?.discontinued, flagged.change.after.discontinued], [false, true]);
    refused(await store.setDiscontinued({ sku: 'X', discontinued: true, now: T0 }), 'SKU_NOT_FOUND');
  });

  test('lists low stock items by SKU and pages the ledger', async ({ store }) => {
    await stocked(store, inventoryItemFixture('C', { onHand: 3, reorderPoint: 5 }), inventoryItemFixture('A', { onHand: 0 }), inventoryItemFixture('B', { onHand: 50, reorderPoint: 5 }), inventoryItemFixture('D', { onHand: 0, discontinued: true }));
    assert.deepEqual((await store.listLowStockItems()).map((i) => i.sku), ['A', 'C']);
    for (let i = 0; i < 5; i++) ok(await store.adjust({ sku: 'B', operation: 'add', quantity: 1, reason: `r${i}`, now: T0 + i }));
    const first = await store.listMovements({ sku: 'B', limit: 2 });
    assert.deepEqual(first.map((m) => m.reason), ['initial stock', 'r0']);
    const next = await store.listMovements({ sku: 'B', afterSeq: first[1]?.seq ?? 0, limit: 10 });
    assert.deepEqual(next.map((m) => m.reason), ['r1', 'r2', 'r3', 'r4']);
    assert.ok(next.every((m, i) => i === 0 || m.seq > (next[i - 1]?.seq ?? 0)));
    assert.deepEqual(await store.listMovements({ sku: 'nope', limit: 10 }), []);
  });

  test('pages a SKU\'s movements from any seq, among other SKUs\' movements', async ({ store }) => {
    // SKUs that share a prefix, a separator or a length, so one SKU's entries can never be read as another's.
    const skus = ['A', 'A:1', 'A1', '1:A', 'ÄA'];
    await stocked(store, ...skus.map((sku) => inventoryItemFixture(sku, { onHand: 100 })));
    for (let i = 0; i < 12; i++) {
      const lines = skus.filter((_, k) => (i + k) % 3 !== 0).map((sku) => ({ sku, quantity: 1 }));
      ok(await reserve(store, `r${i}`, lines));
      if (i % 4 === 0) ok(await store.release({ reservationId: `r${i}`, now: T0 }));
      if (i % 5 === 1) ok(await store.adjust({ sku: skus[i % skus.length] as string, operation: 'add', quantity: 2, reason: 'restock', now: T0 }));
    }
    for (const sku of skus) {
      const all = await store.listMovements({ sku, limit: 1000 });
      assert.ok(all.length > 5 && all.every((m, i) => m.sku === sku && (i === 0 || m.seq > (all[i - 1] as { seq: number }).seq)), `${sku}: its own, in seq order`);
      const last = (all[all.length - 1] as { seq: number }).seq;
      for (let after = 0; after <= last + 1; after++) {
        for (const limit of [1, 2, 7]) {
          const expected = all.filter((m) => m.seq > after).slice(0, limit);
          assert.deepEqual(await store.listMovements({ sku, afterSeq: after, limit }), expected, `${sku} after ${after}, limit ${limit}`);
        }
      }
    }
  });

  test('every step sent again with its opId answers its first answer, changes included, and writes once', async ({ store }) => {
    const add = { item: inventoryItemFixture('A', { onHand: 3, reorderPoint: 1, reorderQuantity: 5 }), reason: 'initial', now: T0, opId: 'op-add' };
    const added = await store.addItem(add);
    assert.deepEqual(await store.addItem(add), added);
    await store.addItem({ item: inventoryItemFixture('B', { onHand: 9 }), reason: 'initial', now: T0 });

    // Two reservations of A in one tick; the first sent again (alone, then beside a new one) answers as first.
    const r1 = { reservationId: 'r1', lines: [{ sku: 'A', quantity: 1 }], now: T0 + 1, expiresAt: T0 + MIN, opId: 'op-r1' };
    const r2 = { reservationId: 'r2', lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }], now: T0 + 1, expiresAt: T0 + MIN, opId: 'op-r2' };
    const [first1, first2] = await Promise.all([store.reserve(r1), store.reserve(r2)]);
    assert.equal(ok(first2).changes[0]?.reorderRequested, true);
    const r3 = { reservationId: 'r3', lines: [{ sku: 'B', quantity: 1 }], now: T0 + 2, expiresAt: T0 + MIN, opId: 'op-r3' };
    const [again2, third, again1] = await Promise.all([store.reserve(r2), store.reserve(r3), store.reserve(r1)]);
    assert.deepEqual(again1, first1);
    assert.deepEqual(again2, first2);
    assert.equal(third.ok, true);
    assert.deepEqual([(await store.getItem('A'))?.reserved, (await store.getItem('B'))?.reserved], [2, 3]);

    const confirm = { reservationId: 'r1', now: T0 + 3, opId: 'op-confirm' };
    const confirmed = await store.confirm(confirm);
    assert.equal(ok(confirmed).changed, true);
    assert.deepEqual(await store.confirm(confirm), confirmed);
    const release = { reservationId: 'r2', now: T0 + 3, opId: 'op-release' };
    const released = await store.release(release);
    assert.deepEqual(await store.release(release), released);
    const extend = { reservationId: 'r3', expiresAt: T0 + 2 * MIN, now: T0 + 3, opId: 'op-extend' };
    const extended = await store.extend(extend);
    assert.deepEqual(await store.extend(extend), extended);
    const adjust = { sku: 'B', operation: 'add' as const, quantity: 4, reason: 'delivery', now: T0 + 4, opId: 'op-adjust' };
    const adjusted = await store.adjust(adjust);
    assert.deepEqual(await store.adjust(adjust), adjusted);
    const discontinue = { sku: 'B', discontinued: true, now: T0 + 5, opId: 'op-discontinue' };
    const discontinued = await store.setDiscontinued(discontinue);
    await store.setDiscontinued({ sku: 'B', discontinued: false, now: T0 + 6 });
    assert.deepEqual(await store.setDiscontinued(discontinue), discontinued);
    assert.equal((await store.getItem('B'))?.discontinued, false);
    const cancel = { sku: 'A', reorderCount: 1, now: T0 + 7, opId: 'op-cancel' };
    assert.equal(await store.cancelReorder(cancel), true);
    assert.equal(await store.cancelReorder(cancel), true);

    const a = await store.getItem('A');
    const b = await store.getItem('B');
    assert.deepEqual([a?.onHand, a?.reserved, b?.onHand, b?.reserved], [2, 0, 13, 1]);
    // Each write's movement once: A: receipt, r1, r2, sale of r1, release of r2; B: receipt, r2, r3, release of r2, delivery.
    assert.equal((await store.listMovements({ sku: 'A', limit: 100 })).length, 5);
    assert.equal((await store.listMovements({ sku: 'B', limit: 100 })).length, 5);
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store }) => {
    await store.addItem({ item: inventoryItemFixture('A', { onHand: 1 }), reason: 'initial', now: T0 });
    const reserve = { reservationId: 'r1', lines: [{ sku: 'A', quantity: 2 }], now: T0, expiresAt: T0 + MIN, opId: 'op-r1' };
    refused(await store.reserve(reserve), 'INSUFFICIENT_INVENTORY');
    await store.adjust({ sku: 'A', operation: 'add', quantity: 1, reason: 'delivery', now: T0 });
    assert.equal(ok(await store.reserve(reserve)).reservation.id, 'r1');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await store.addItem({ item: inventoryItemFixture('A'), reason: 'initial', now: T0 });
    await store.reserve({ reservationId: 'r1', lines: [{ sku: 'A', quantity: 1 }], now: T0, expiresAt: T0 + MIN });
    await assertRefusesIllFormed(() => store.addItem({ item: inventoryItemFixture(LONE_SURROGATE), reason: 'initial', now: T0 }));
    await assertRefusesIllFormed(() => store.addItem({ item: inventoryItemFixture('B', { productName: LONE_SURROGATE }), reason: 'initial', now: T0 }));
    await assertRefusesIllFormed(() => store.addItem({ item: inventoryItemFixture('B'), reason: LONE_SURROGATE, now: T0 }));
    await assertRefusesIllFormed(() => store.getItem(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.getItems(['A', LONE_SURROGATE]));
    await assertRefusesIllFormed(() => store.reserve({ reservationId: 'r2', lines: [{ sku: LONE_SURROGATE, quantity: 1 }], now: T0, expiresAt: T0 + MIN }));
    await assertRefusesIllFormed(() => store.reserve({ reservationId: LONE_SURROGATE, lines: [{ sku: 'A', quantity: 1 }], now: T0, expiresAt: T0 + MIN }));
    await assertRefusesIllFormed(() => store.reserve({ reservationId: 'r2', lines: [{ sku: 'A', quantity: 1 }], orderId: LONE_SURROGATE, now: T0, expiresAt: T0 + MIN }));
    await assertRefusesIllFormed(() => store.confirm({ reservationId: LONE_SURROGATE, now: T0 }));
    await assertRefusesIllFormed(() => store.release({ reservationId: 'r1', now: T0, opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.extend({ reservationId: LONE_SURROGATE, expiresAt: T0 + 2 * MIN, now: T0 }));
    await assertRefusesIllFormed(() => store.adjust({ sku: 'A', operation: 'add', quantity: 1, reason: LONE_SURROGATE, now: T0 }));
    await assertRefusesIllFormed(() => store.setDiscontinued({ sku: LONE_SURROGATE, discontinued: true, now: T0 }));
    await assertRefusesIllFormed(() => store.cancelReorder({ sku: LONE_SURROGATE, reorderCount: 0, now: T0 }));
    await assertRefusesIllFormed(() => store.getReservation(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.listMovements({ sku: LONE_SURROGATE, limit: 10 }));
    assert.equal(await store.getItem('B'), undefined);
    assert.deepEqual(await store.getItem('A'), { ...inventoryItemFixture('A'), reserved: 1 });
    assert.equal((await store.getReservation('r1'))?.status, 'active');
    assert.equal((await store.listMovements({ sku: 'A', limit: 100 })).length, 2);
  });
});
