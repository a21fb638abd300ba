import assert from 'node:assert/strict';
import type { EventDraft, EventLog } from '../ports/event-log.js';
import type { OrderStore } from '../ports/order-store.js';
import { CommerceError } from '../shared/errors.js';
import { defineConformanceSuite } from './conformance.js';
import type { ManualClock } from './manual-clock.js';
import { sampleOrder } from './order-store-conformance.js';

/**
 * An event log with a store that records into it: events reach a log only through the store
 * step that makes their change, so the suite records through `OrderStore.create` / `update`.
 */
export interface EventLogUnderTest {
  log: EventLog;
  orders: OrderStore;
}

const draft = (orderId: string, type: string, time: number, payload: EventDraft['payload'] = { orderId }): EventDraft => ({ type, aggregateId: orderId, time, schemaVersion: 1, payload });

/** Idle time, in both the test's clock (memory) and the wall clock (a server's own). */
async function idle(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await new Promise((resolve) => setTimeout(resolve, ms));
}

async function place(orders: OrderStore, id: string, at: number, events: EventDraft[]): Promise<void> {
  const created = await orders.create(sampleOrder(id, at), { events });
  assert.deepEqual(created, { ok: true });
}

/** Receives until the log has nothing more for the group (a log may answer in parts). */
async function drain(log: EventLog, group: string, consumer: string) {
  const all = [];
  for (let round = 0; round < 50; round++) {
    const got = await log.receive(group, consumer, { limit: 100 });
    if (got.length === 0) break;
    all.push(...got);
  }
  return all;
}

export const eventLogConformance = defineConformanceSuite<EventLogUnderTest>('EventLog', (test) => {
  test('records with the change: numbered per aggregate, ids stable, payload as JSON', async ({ store: { log, orders }, clock }) => {
    await log.join('g');
    const payload = { orderId: 'o1', total: { amount: '10.80', currency: 'USD' }, lines: [], tags: ['a', 'ü'], nested: { empty: {} } };
    await place(orders, 'o1', clock.now(), [draft('o1', 'order.placed', clock.now(), payload), draft('o1', 'order.paid', clock.now())]);
    const stored = await orders.get('o1');
    assert.ok(stored);
    const written = await orders.update({ ...stored, status: 'fulfilled' }, 1, { events: [draft('o1', 'order.fulfilled', clock.now() + 5)] });
    assert.equal(written.ok, true);
    await place(orders, 'o2', clock.now(), [draft('o2', 'order.placed', clock.now())]);
    const got = await drain(log, 'g', 'c1');
    const o1 = got.filter((d) => d.event.aggregateId === 'o1').map((d) => d.event);
    assert.deepEqual(o1.map((e) => [e.id, e.type, e.sequence]), [['o1:1', 'order.placed', 1], ['o1:2', 'order.paid', 2], ['o1:3', 'order.fulfilled', 3]]);
    assert.deepEqual(o1[0]?.payload, payload);
    assert.equal(o1[2]?.time, clock.now() + 5);
    assert.equal(o1[0]?.schemaVersion, 1);
    assert.deepEqual(got.filter((d) => d.event.aggregateId === 'o2').map((d) => d.event.id), ['o2:1']);
    assert.ok(got.every((d) => d.settled === 0));
  });

  test('a refused or replayed step records nothing', async ({ store: { log, orders }, clock }) => {
    await log.join('g');
    await place(orders, 'o1', clock.now(), [draft('o1', 'order.placed', clock.now())]);
    const dup = await orders.create(sampleOrder('o1', clock.now(), { number: 'other' }), { events: [draft('o1', 'order.placed', clock.now())] });
    assert.equal(dup.ok, false);
    const conflict = await orders.update(sampleOrder('o1', clock.now(), { status: 'paid' }), 7, { events: [draft('o1', 'order.paid', clock.now())] });
    assert.equal(conflict.ok, false);
    const step = { opId: 'op-1', events: [draft('o1', 'order.paid', clock.now())] };
    const first = await orders.update(sampleOrder('o1', clock.now(), { status: 'paid' }), 1, step);
    const again = await orders.update(sampleOrder('o1', clock.now(), { status: 'paid' }), 1, step);
    assert.deepEqual(again, first);
    await assert.rejects(orders.create(sampleOrder('o9', clock.now()), { events: [draft('o8', 'order.placed', clock.now())] }), (e: unknown) => e instanceof CommerceError && e.code === 'VALIDATION_FAILED');
    assert.equal(await orders.get('o9'), null);
    const got = await drain(log, 'g', 'c1');
    assert.deepEqual(got.map((d) => d.event.id).sort(), ['o1:1', 'o1:2']);
  });

  test('every group gets every event once; a group hands each to one consumer', async ({ store: { log, orders }, clock }) => {
    await log.join('mail');
    await log.join('ledger');
    for (let i = 0; i < 12; i++) await place(orders, `o${i}`, clock.now(), [draft(`o${i}`, 'order.placed', clock.now())]);
    const first = await log.receive('mail', 'a', { limit: 5 });
    assert.ok(first.length >= 1 && first.length <= 5);
    const rest = await drain(log, 'mail', 'b');
    const mail = [...first, ...rest].map((d) => d.event.id).sort();
    assert.equal(new Set(mail).size, 12);
    assert.equal(mail.length, 12);
    assert.deepEqual((await drain(log, 'ledger', 'a')).map((d) => d.event.id).sort(), mail);
    assert.deepEqual(await log.receive('mail', 'c', { limit: 10 }), []);
  });

  test('settling moves the group on, never back; later deliveries carry it', async ({ store: { log, orders }, clock }) => {
    await log.join('g');
    await place(orders, 'o1', clock.now(), [draft('o1', 'order.placed', clock.now()), draft('o1', 'order.paid', clock.now())]);
    const [placed, paid] = await drain(log, 'g', 'c1');
    assert.ok(placed && paid);
    await log.settle('g', paid);
    await log.settle('g', placed);
    assert.deepEqual(await log.settledOf('g', [placed]), [2]);
    await log.join('other');
    assert.deepEqual(await log.settledOf('other', [placed]), [0]);
    const stored = await orders.get('o1');
    assert.ok(stored);
    await orders.update({ ...stored, status: 'fulfilled' }, 1, { events: [draft('o1', 'order.fulfilled', clock.now())] });
    const [next] = await drain(log, 'g', 'c1');
    assert.equal(next?.event.sequence, 3);
    assert.equal(next?.settled, 2);
  });

  test('an event held past the idle time goes to another consumer; a touched one does not', async ({ store: { log, orders }, clock }) => {
    await log.join('g');
    await place(orders, 'o1', clock.now(), [draft('o1', 'order.placed', clock.now())]);
    await place(orders, 'o2', clock.now(), [draft('o2', 'order.placed', clock.now())]);
    const held = await drain(log, 'g', 'dead');
    assert.equal(held.length, 2);
    assert.deepEqual(await log.reclaim('g', 'live', { idleMs: 60_000, limit: 100 }), []);
    await idle(clock, 80);
    const touched = held.find((d) => d.event.aggregateId === 'o2');
    assert.ok(touched);
    await log.touch('g', 'dead', [touched]);
    const claimed = await log.reclaim('g', 'live', { idleMs: 50, limit: 100 });
    assert.deepEqual(claimed.map((d) => d.event.id), ['o1:1']);
    await log.settle('g', claimed[0] ?? held[0]!);
    await idle(clock, 80);
    assert.deepEqual((await log.reclaim('g', 'live', { idleMs: 50, limit: 100 })).map((d) => d.event.id), ['o2:1']);
  });

  test('dead letters: kept with the error, listed, forgotten once', async ({ store: { log, orders }, clock }) => {
    await log.join('g');
    await place(orders, 'o1', clock.now(), [draft('o1', 'order.placed', clock.now(), { orderId: 'o1', n: 1 })]);
    const [delivery] = await drain(log, 'g', 'c1');
    assert.ok(delivery);
    await log.settle('g', delivery, { error: 'smtp down', attempts: 5, time: clock.now() });
    const letters = await log.deadLetters('g', { limit: 10 });
    assert.equal(letters.length, 1);
    const [letter] = letters;
    assert.ok(letter);
    assert.deepEqual(letters[0]?.event, delivery.event);
    assert.equal(letters[0]?.error, 'smtp down');
    assert.equal(letters[0]?.attempts, 5);
    assert.deepEqual(await log.settledOf('g', [delivery]), [1]);
    assert.deepEqual(await log.deadLetters('other', { limit: 10 }), []);
    assert.equal(await log.forgetDeadLetter('g', letter), true);
    assert.equal(await log.forgetDeadLetter('g', letter), false);
    assert.deepEqual(await log.deadLetters('g', { limit: 10 }), []);
  });

  test('trim drops old events every group settled, and keeps the rest', async ({ store: { log, orders }, clock }) => {
    await log.join('a');
    await log.join('b');
    for (let i = 0; i < 4; i++) await place(orders, `o${i}`, clock.now(), [draft(`o${i}`, 'order.placed', clock.now())]);
    for (const d of await drain(log, 'a', 'c')) await log.settle('a', d);
    await idle(clock, 30);
    assert.equal(await log.trim({ retentionMs: 10 }), 0, 'group b has not been handed them');
    const forB = await drain(log, 'b', 'c');
    for (const d of forB.filter((d) => d.event.aggregateId !== 'o3')) await log.settle('b', d);
    assert.equal(await log.trim({ retentionMs: 60_000 }), 0, 'not old enough');
    const dropped = await log.trim({ retentionMs: 10 });
    assert.ok(dropped >= 1 && dropped <= 3, `dropped ${dropped}`);
    const pending = forB.find((d) => d.event.aggregateId === 'o3');
    assert.ok(pending);
    await idle(clock, 80);
    assert.deepEqual((await log.reclaim('b', 'c2', { idleMs: 50, limit: 100 })).map((d) => d.event.id), ['o3:1']);
  });
});
