import assert from 'node:assert/strict';
import type { CatalogStore } from '../ports/catalog-store.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { EventDraft, EventLog } from '../ports/event-log.js';
import type { InventoryStore } from '../ports/inventory-store.js';
import type { PaymentStore } from '../ports/payment-store.js';
import { CommerceError } from '../shared/errors.js';
import { sampleProduct } from './catalog-store-conformance.js';
import { sampleCheckout } from './checkout-store-conformance.js';
import { defineConformanceSuite } from './conformance.js';
import { inventoryItemFixture } from './inventory-store-conformance.js';
import { samplePaymentRecord } from './payment-store-conformance.js';

/**
 * The stores beside orders that record durable events, and the log of their adapter set:
 * every store step that takes `events` (RecordsEvents) writes them with its change, numbers
 * them per aggregate, and records nothing when it refuses or is replayed. The inventory's
 * steps decide their events themselves (inventoryEventsOf), under the same rules.
 */
export interface RecordingStoresUnderTest {
  log: EventLog;
  payments: PaymentStore;
  checkouts: CheckoutStore;
  catalog: CatalogStore;
  inventory: InventoryStore;
}

const draft = (aggregateId: string, type: string, time: number): EventDraft => ({ type, aggregateId, time, schemaVersion: 1, payload: { id: aggregateId, list: [], at: time } });

/** Everything the group `g` is handed until the log has nothing more (a log may answer in parts). */
async function recorded(log: EventLog): Promise<string[]> {
  const ids: string[] = [];
  for (let round = 0; round < 50; round++) {
    const got = await log.receive('g', 'c', { limit: 100 });
    if (got.length === 0) break;
    ids.push(...got.map((d) => `${d.event.id} ${d.event.type}`));
  }
  return ids.sort();
}

const refusedAsInvalid = (e: unknown): boolean => e instanceof CommerceError && e.code === 'VALIDATION_FAILED';

export const recordedEventsConformance = defineConformanceSuite<RecordingStoresUnderTest>('RecordedEvents', (test) => {
  test('payments: create and commit record theirs, numbered per payment, the payload as given', async ({ store: { log, payments }, clock }) => {
    await log.join('g');
    const now = clock.now();
    const created = await payments.create(samplePaymentRecord({ id: 'pay_1' }), { events: [draft('pay_1', 'payment.authorized', now)] });
    assert.ok(created.ok);
    await payments.create(samplePaymentRecord({ id: 'pay_2' }), { events: [draft('pay_2', 'payment.failed', now)] });
    const committed = await payments.commit({ next: { ...created.payment, status: 'captured' }, expectedVersion: 1, events: [draft('pay_1', 'payment.captured', now + 1)] });
    assert.equal(committed.ok, true);
    assert.deepEqual(await recorded(log), ['pay_1:1 payment.authorized', 'pay_1:2 payment.captured', 'pay_2:1 payment.failed']);
    await log.join('h');
    const handed = await log.receive('h', 'c', { limit: 100 });
    assert.ok(handed.length > 0);
    for (const { event } of handed) assert.deepEqual(event.payload, { id: event.aggregateId, list: [], at: event.time });
  });

  test('payments: a refused, replayed or misaddressed step records nothing', async ({ store: { log, payments }, clock }) => {
    await log.join('g');
    const now = clock.now();
    const created = await payments.create(samplePaymentRecord({ id: 'pay_1' }), { opId: 'op-c', events: [draft('pay_1', 'payment.authorized', now)] });
    assert.ok(created.ok);
    assert.deepEqual(await payments.create(samplePaymentRecord({ id: 'pay_1' }), { opId: 'op-c', events: [draft('pay_1', 'payment.authorized', now)] }), created);
    assert.equal((await payments.create(samplePaymentRecord({ id: 'pay_1' }), { events: [draft('pay_1', 'payment.authorized', now)] })).ok, false);
    const next = { ...created.payment, status: 'voided' as const };
    assert.deepEqual(await payments.commit({ next, expectedVersion: 5, events: [draft('pay_1', 'payment.voided', now)] }), { ok: false, reason: 'version_conflict' });
    assert.deepEqual(await payments.commit({ next: { ...next, id: 'pay_9' }, expectedVersion: 1, events: [draft('pay_9', 'payment.voided', now)] }), { ok: false, reason: 'not_found' });
    const step = { next, expectedVersion: 1, opId: 'op-v', events: [draft('pay_1', 'payment.voided', now)] };
    const first = await payments.commit(step);
    assert.deepEqual(await payments.commit(step), first);
    await assert.rejects(payments.create(samplePaymentRecord({ id: 'pay_3' }), { events: [draft('pay_4', 'payment.authorized', now)] }), refusedAsInvalid);
    assert.equal(await payments.get('pay_3'), null);
    assert.deepEqual(await recorded(log), ['pay_1:1 payment.authorized', 'pay_1:2 payment.voided']);
  });

  test('checkouts: update records, numbered per checkout; a refused, replayed or misaddressed one records nothing', async ({ store: { log, checkouts }, clock }) => {
    await log.join('g');
    const now = clock.now();
    assert.equal(await checkouts.create(sampleCheckout('c1', now)), true);
    const confirmed = sampleCheckout('c1', now, { status: 'confirmed', orderId: 'o1' });
    const step = { opId: 'op-1', events: [draft('c1', 'checkout.completed', now)] };
    const written = await checkouts.update(confirmed, 1, step);
    assert.equal(written.ok, true);
    assert.deepEqual(await checkouts.update(confirmed, 1, step), written);
    assert.equal((await checkouts.update(confirmed, 1, { events: [draft('c1', 'checkout.completed', now)] })).ok, false);
    assert.equal((await checkouts.update(sampleCheckout('c9', now), 1, { events: [draft('c9', 'checkout.completed', now)] })).ok, false);
    await assert.rejects(checkouts.update(sampleCheckout('c1', now), 2, { events: [draft('c2', 'checkout.reopened', now)] }), refusedAsInvalid);
    assert.equal((await checkouts.get('c1'))?.status, 'confirmed');
    assert.equal((await checkouts.update(sampleCheckout('c1', now), 2, { events: [draft('c1', 'checkout.reopened', now)] })).ok, true);
    assert.deepEqual(await recorded(log), ['c1:1 checkout.completed', 'c1:2 checkout.reopened']);
  });

  test('catalogue: save records, numbered per product; a refused, replayed or misaddressed one records nothing', async ({ store: { log, catalog }, clock }) => {
    await log.join('g');
    const now = clock.now();
    const step = { opId: 'op-1', events: [draft('p1', 'catalog.activity_changed', now), draft('p1', 'catalog.price_changed', now)] };
    const saved = await catalog.save(sampleProduct('p1'), 0, step);
    assert.equal(saved.ok, true);
    assert.deepEqual(await catalog.save(sampleProduct('p1'), 0, step), saved);
    assert.equal((await catalog.save(sampleProduct('p1'), 0, { events: [draft('p1', 'catalog.price_changed', now)] })).ok, false);
    assert.equal((await catalog.save(sampleProduct('p2', { variants: [{ sku: 'p1-sku', attributes: {}, prices: [] }] }), 0, { events: [draft('p2', 'catalog.price_changed', now)] })).ok, false);
    await assert.rejects(catalog.save(sampleProduct('p3'), 0, { events: [draft('p1', 'catalog.price_changed', now)] }), refusedAsInvalid);
    assert.equal(await catalog.get('p3'), null);
    assert.equal((await catalog.save(sampleProduct('p1', { active: false }), 1, { events: [draft('p1', 'catalog.activity_changed', now + 1)] })).ok, true);
    assert.deepEqual(await recorded(log), ['p1:1 catalog.activity_changed', 'p1:2 catalog.price_changed', 'p1:3 catalog.activity_changed']);
  });

  test('inventory: a step records the status it crossed and the reorder it requested; a refused or replayed one nothing', async ({ store: { log, inventory }, clock }) => {
    await log.join('g');
    const now = clock.now();
    const item = inventoryItemFixture('A', { onHand: 10, reorderPoint: 3, reorderQuantity: 5, createdAt: now, updatedAt: now });
    assert.equal((await inventory.addItem({ item, reason: 'initial', now })).ok, true);
    const reserve = { reservationId: 'r1', lines: [{ sku: 'A', quantity: 8 }], now: now + 1, expiresAt: now + 60_000, opId: 'op-r' };
    assert.equal((await inventory.reserve(reserve)).ok, true);
    assert.equal((await inventory.reserve(reserve)).ok, true);
    assert.equal((await inventory.reserve({ ...reserve, reservationId: 'r2', opId: 'op-r2', lines: [{ sku: 'A', quantity: 5 }] })).ok, false);
    assert.equal((await inventory.confirm({ reservationId: 'r1', now: now + 2 })).ok, true);
    assert.equal((await inventory.adjust({ sku: 'A', operation: 'subtract', quantity: 5, reason: 'count', now: now + 3 })).ok, false);
    assert.equal((await inventory.adjust({ sku: 'A', operation: 'subtract', quantity: 2, reason: 'count', now: now + 3 })).ok, true);
    assert.deepEqual(await recorded(log), ['sku:A:1 inventory.low_stock', 'sku:A:2 inventory.reorder_requested', 'sku:A:3 inventory.out_of_stock']);
    await log.join('h');
    const reorder = (await log.receive('h', 'c', { limit: 100 })).find((d) => d.event.type === 'inventory.reorder_requested')?.event;
    assert.equal(reorder?.time, now + 1);
    assert.deepEqual(reorder?.payload, {
      requestId: 'A#1',
      quantity: 5,
      reorderCount: 1,
      available: 2,
      reorderPoint: 3,
      requestedAt: now + 1,
      sku: 'A',
      productName: 'Product A',
      costPerUnit: { amount: '2.50', currency: 'USD' },
      location: 'A1',
      supplierId: 'sup-1',
      createdAt: now,
    });
  });
});
