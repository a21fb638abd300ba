import assert from 'node:assert/strict';
import type { PaymentRecord, PaymentStore } from '../ports/payment-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

/** A stored payment for the suites, authorized for 10.00 USD unless overridden. */
export function samplePaymentRecord(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    id: 'pay_1',
    version: 0,
    orderId: 'order_1',
    amount: { amount: '10', currency: 'USD' },
    amountMinor: 1000,
    method: 'credit_card',
    status: 'authorized',
    captureRequested: false,
    gateway: 'test',
    gatewayTransactionId: 'txn_1',
    customerKey: 'email:a@example.com',
    customer: { email: 'a@example.com' },
    fraud: { score: 0, level: 'low', reasons: [], screened: true },
    ledger: [{ id: 'l1', kind: 'authorization', amountMinor: 1000, feeMinor: 0, state: 'succeeded', idempotencyKey: 'k', at: 0 }],
    processorResponse: {},
    appliedEvents: [],
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

/** The behaviour every PaymentStore adapter must show. */
export const paymentStoreConformance = defineConformanceSuite<PaymentStore>('PaymentStore', (test) => {
  test('creates at version 1 and refuses a taken id', async ({ store }) => {
    const created = await store.create(samplePaymentRecord());
    assert.equal(created.ok && created.payment.version, 1);
    assert.deepEqual(await store.create(samplePaymentRecord({ orderId: 'other' })), { ok: false, reason: 'exists' });
    assert.equal((await store.get('pay_1'))?.orderId, 'order_1');
    assert.equal(await store.get('missing'), null);
  });

  test('commit is a compare-and-set on the version', async ({ store }) => {
    await store.create(samplePaymentRecord());
    const read = await store.get('pay_1');
    assert.ok(read);
    const first = await store.commit({ next: { ...read, status: 'voided' }, expectedVersion: read.version });
    assert.equal(first.ok && first.payment.version, 2);
    assert.deepEqual(await store.commit({ next: { ...read, status: 'captured' }, expectedVersion: read.version }), { ok: false, reason: 'version_conflict' });
    assert.equal((await store.get('pay_1'))?.status, 'voided');
    assert.deepEqual(await store.commit({ next: samplePaymentRecord({ id: 'nope' }), expectedVersion: 1 }), { ok: false, reason: 'not_found' });
  });

  test('exactly one of many concurrent commits on one version wins', async ({ store }) => {
    await store.create(samplePaymentRecord());
    const read = await store.get('pay_1');
    assert.ok(read);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.commit({ next: { ...read, processorResponse: { i } }, expectedVersion: read.version })));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  test('events parked before the payment come back with create, until dropped', async ({ store }) => {
    const event = { paymentId: 'pay_1', eventId: 'evt_1', event: { id: 'evt_1', type: 'payment.captured' }, receivedAt: 5 };
    assert.equal(await store.park(event), 'parked');
    assert.equal(await store.park(event), 'parked');
    assert.equal(await store.park({ ...event, eventId: 'evt_2', event: { id: 'evt_2' } }), 'parked');
    const created = await store.create(samplePaymentRecord());
    assert.ok(created.ok);
    assert.deepEqual(created.parked.map((p) => p.eventId).sort(), ['evt_1', 'evt_2']);
    assert.deepEqual(created.parked.find((p) => p.eventId === 'evt_1'), event);
    assert.equal(await store.park({ ...event, eventId: 'evt_3' }), 'payment_exists');
    assert.deepEqual((await store.parkedEvents('pay_1')).map((p) => p.eventId).sort(), ['evt_1', 'evt_2']);
    await store.dropParked({ paymentId: 'pay_1', eventIds: ['evt_1'] });
    assert.deepEqual((await store.parkedEvents('pay_1')).map((p) => p.eventId), ['evt_2']);
    await store.dropParked({ paymentId: 'pay_1', eventIds: ['evt_2'] });
    assert.deepEqual(await store.parkedEvents('pay_1'), []);
    await store.commit({ next: { ...created.payment, status: 'voided' }, expectedVersion: 1 });
    // A dropped event does not come back for another payment id either.
    const other = await store.create(samplePaymentRecord({ id: 'pay_2' }));
    assert.deepEqual(other.ok && other.parked, []);
  });

  test('parked events received before a time are dropped oldest first, at most the limit, once', async ({ store }) => {
    const park = (paymentId: string, eventId: string, receivedAt: number) => store.park({ paymentId, eventId, event: { id: eventId }, receivedAt });
    await park('pay_a', 'evt_1', 100);
    await park('pay_b', 'evt_2', 200);
    await park('pay_a', 'evt_3', 300);
    await park('pay_a', 'evt_1', 999); // parked again later: keeps its first time
    assert.equal(await store.dropExpiredParked({ receivedBefore: 300, limit: 1 }), 1);
    assert.deepEqual((await store.parkedEvents('pay_a')).map((p) => p.eventId), ['evt_3']);
    assert.equal(await store.dropExpiredParked({ receivedBefore: 300, limit: 10 }), 1);
    assert.deepEqual(await store.parkedEvents('pay_b'), []);
    assert.equal(await store.dropExpiredParked({ receivedBefore: 300, limit: 10 }), 0, 'nothing is dropped twice');
    // An event applied (dropped) before its time is not counted by a later purge.
    await park('pay_c', 'evt_4', 50);
    await store.dropParked({ paymentId: 'pay_c', eventIds: ['evt_4'] });
    assert.equal(await store.dropExpiredParked({ receivedBefore: 1000, limit: 10 }), 1);
    assert.deepEqual(await store.parkedEvents('pay_a'), []);
    const created = await store.create(samplePaymentRecord({ id: 'pay_a' }));
    assert.deepEqual(created.ok && created.parked, []);
  });

  test('customer spend counts each payment once, on entering authorized or captured', async ({ store }) => {
    await store.create(samplePaymentRecord({ status: 'unknown', ledger: [] }));
    assert.deepEqual(await store.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' }), { count: 0, totalMinor: 0, maxMinor: 0 });
    const read = await store.get('pay_1');
    assert.ok(read);
    const authorized = await store.commit({ next: { ...read, status: 'authorized' }, expectedVersion: 1 });
    assert.ok(authorized.ok);
    await store.commit({ next: { ...authorized.payment, status: 'captured' }, expectedVersion: 2 });
    await store.create(samplePaymentRecord({ id: 'pay_2', amountMinor: 5000, amount: { amount: '50', currency: 'USD' } }));
    await store.create(samplePaymentRecord({ id: 'pay_3', amount: { amount: '10', currency: 'EUR' } }));
    await store.create(samplePaymentRecord({ id: 'pay_4', status: 'failed' }));
    assert.deepEqual(await store.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' }), { count: 2, totalMinor: 6000, maxMinor: 5000 });
    assert.deepEqual(await store.customerSpend({ customerKey: 'email:a@example.com', currency: 'EUR' }), { count: 1, totalMinor: 1000, maxMinor: 1000 });
  });

  test('values are copied in and out', async ({ store }) => {
    const record = samplePaymentRecord();
    await store.create(record);
    record.ledger.push({ id: 'x', kind: 'capture', amountMinor: 1, feeMinor: 0, state: 'succeeded', idempotencyKey: 'x', at: 0 });
    const read = await store.get('pay_1');
    assert.equal(read?.ledger.length, 1);
    read?.ledger.pop();
    assert.equal((await store.get('pay_1'))?.ledger.length, 1);
  });

  test('stored records survive a JSON round trip unchanged', async ({ store }) => {
    const record = samplePaymentRecord({ card: { brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030, fingerprint: 'f' } });
    await store.create(record);
    const read = await store.get('pay_1');
    assert.deepEqual(read, JSON.parse(JSON.stringify({ ...record, version: 1 })));
  });

  test('a create or commit sent again with its opId answers its first answer and writes once', async ({ store }) => {
    const event = { paymentId: 'pay_1', eventId: 'evt_1', event: { id: 'evt_1' }, receivedAt: 5 };
    await store.park(event);
    const created = await store.create(samplePaymentRecord(), { opId: 'op-create' });
    assert.ok(created.ok);
    assert.deepEqual(await store.create(samplePaymentRecord(), { opId: 'op-create' }), created);
    // Another input under a used opId is never applied (what it answers is not specified).
    await store.create(samplePaymentRecord({ orderId: 'late' }), { opId: 'op-create' });
    assert.equal((await store.get('pay_1'))?.orderId, 'order_1');
    await store.dropParked({ paymentId: 'pay_1', eventIds: ['evt_1'] });

    const captured = { ...created.payment, status: 'captured' as const };
    const first = await store.commit({ next: captured, expectedVersion: 1, opId: 'op-commit' });
    assert.equal(first.ok && first.payment.version, 2);
    const other = await store.commit({ next: { ...captured, status: 'refunded' }, expectedVersion: 2, opId: 'op-other' });
    assert.ok(other.ok);
    // Sent again after other writes: the first answers (with the events parked then), not
    // `exists` or a version conflict, and nothing is written.
    assert.deepEqual(await store.commit({ next: captured, expectedVersion: 1, opId: 'op-commit' }), first);
    assert.deepEqual(await store.create(samplePaymentRecord(), { opId: 'op-create' }), created);
    assert.deepEqual(created.parked, [event]);
    assert.deepEqual(await store.get('pay_1'), other.payment);
    assert.deepEqual(await store.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' }), { count: 1, totalMinor: 1000, maxMinor: 1000 });
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store }) => {
    const record = samplePaymentRecord();
    assert.deepEqual(await store.commit({ next: { ...record, status: 'captured' }, expectedVersion: 1, opId: 'op-early' }), { ok: false, reason: 'not_found' });
    await store.create(record);
    const again = await store.commit({ next: { ...record, status: 'captured' }, expectedVersion: 1, opId: 'op-early' });
    assert.equal(again.ok && again.payment.status, 'captured');
    assert.deepEqual(await store.create(record, { opId: 'op-taken' }), { ok: false, reason: 'exists' });
    const second = await store.create(samplePaymentRecord({ id: 'pay_2' }), { opId: 'op-taken' });
    assert.equal(second.ok && second.payment.id, 'pay_2');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    const record = samplePaymentRecord();
    await store.create(record);
    const event = { paymentId: 'pay_2', eventId: 'evt_1', event: { id: 'evt_1' }, receivedAt: 5 };
    await assertRefusesIllFormed(() => store.create(samplePaymentRecord({ id: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.create(samplePaymentRecord({ id: 'pay_2', customer: { email: LONE_SURROGATE } })));
    await assertRefusesIllFormed(() => store.create(samplePaymentRecord({ id: 'pay_2', processorResponse: { [LONE_SURROGATE]: 1 } })));
    await assertRefusesIllFormed(() => store.create(samplePaymentRecord({ id: 'pay_2' }), { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.commit({ next: { ...record, errorMessage: LONE_SURROGATE }, expectedVersion: 1 }));
    await assertRefusesIllFormed(() => store.commit({ next: { ...record, status: 'voided' }, expectedVersion: 1, opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.park({ ...event, eventId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.park({ ...event, event: { id: 'evt_1', note: [LONE_SURROGATE] } }));
    await assertRefusesIllFormed(() => store.parkedEvents(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.dropParked({ paymentId: 'pay_2', eventIds: [LONE_SURROGATE] }));
    await assertRefusesIllFormed(() => store.customerSpend({ customerKey: LONE_SURROGATE, currency: 'USD' }));
    assert.equal(await store.get('pay_2'), null);
    assert.deepEqual(await store.parkedEvents('pay_2'), []);
    assert.deepEqual(await store.get('pay_1'), { ...record, version: 1 });
    assert.deepEqual(await store.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' }), { count: 1, totalMinor: 1000, maxMinor: 1000 });
  });
});
