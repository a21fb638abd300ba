// Signed test-gateway events whose amounts, fees or currency are wrong: refused with a
// CommerceError before anything is written (run on memory and on Redis).
import { describe, expect, it } from 'vitest';
import { signWebhook, type CommerceErrorCode } from '../../src/index.js';
import { ManualClock, SequentialIds, TEST_SIGNATURE_HEADER, TestGateway } from '../../src/testing/index.js';
import { BAD_MINOR_AMOUNTS, expectRefusedUnchanged, jsonBody, paymentService, type Delivery, type StoreFamily } from './webhook-refusals.js';

/** Fields that make an otherwise good event bad, on a 49.99 USD payment. */
const BAD_FIELDS: readonly { name: string; fields: Record<string, unknown>; code: CommerceErrorCode }[] = [
  ...BAD_MINOR_AMOUNTS.map((bad) => ({ name: `amount ${bad.name}`, fields: { amountMinor: bad.value }, code: 'INVALID_AMOUNT' as const })),
  { name: 'amount zero', fields: { amountMinor: 0 }, code: 'INVALID_AMOUNT' },
  { name: 'amount above the whole payment', fields: { amountMinor: 5000 }, code: 'INVALID_AMOUNT' },
  { name: 'fee fractional', fields: { feeMinor: 1.5 }, code: 'INVALID_AMOUNT' },
  { name: 'fee negative', fields: { feeMinor: -1 }, code: 'INVALID_AMOUNT' },
  { name: 'fee a string', fields: { feeMinor: '175' }, code: 'INVALID_AMOUNT' },
  { name: 'currency of another payment', fields: { currency: 'EUR' }, code: 'CURRENCY_MISMATCH' },
  { name: 'currency unknown', fields: { currency: 'XYZ' }, code: 'INVALID_CURRENCY' },
  { name: 'currency lower case', fields: { currency: 'usd' }, code: 'INVALID_CURRENCY' },
  { name: 'currency not a string', fields: { currency: 840 }, code: 'INVALID_CURRENCY' },
];

export function testGatewayBadWebhooks(family: StoreFamily): void {
  describe.skipIf(family.skip !== undefined)(`bad amounts in signed test-gateway webhooks (${family.name})`, () => {
    let events = 0;

    async function setup(capture: boolean) {
      const clock = new ManualClock('2025-06-15T12:00:00.000Z');
      const stores = await family.make(clock);
      const gateway = new TestGateway({ clock });
      const service = paymentService(stores, gateway, clock);
      const paid = await service.processPayment({ orderId: `order-${++events}`, amount: { amount: '49.99', currency: 'USD' }, method: 'credit_card', paymentToken: 'tok_approve', customer: { email: 'c@example.com' }, capture });
      expect(paid.status).toBe(capture ? 'captured' : 'authorized');
      /** A delivery signed as the gateway signs; `fields` override the good event's. */
      const signed = (fields: Record<string, unknown>): Delivery => {
        const rawBody = jsonBody({ id: `evt_bad_${++events}`, createdAt: clock.now(), paymentId: paid.paymentId, transactionId: paid.gatewayTransactionId, ...fields });
        return { rawBody, headers: { [TEST_SIGNATURE_HEADER]: signWebhook({ payload: rawBody, secret: 'whsec_test', timestampSeconds: Math.floor(clock.now() / 1000) }) } };
      };
      return { service, store: stores.payments, paid, signed };
    }

    describe.each([
      { type: 'payment.captured', capture: false, good: { amountMinor: 4999, feeMinor: 175, operationId: 'op_good' } },
      { type: 'payment.refunded', capture: true, good: { amountMinor: 1000, operationId: 're_good' } },
    ])('$type', ({ type, capture, good }) => {
      it.each(BAD_FIELDS)('$name: refused, nothing written', async ({ fields, code }) => {
        const { service, store, paid, signed } = await setup(capture);
        await expectRefusedUnchanged(service, store, paid.paymentId, signed({ type, ...good, currency: 'USD', ...fields }), code);
        // Nothing of the refused event stuck: the same payment takes the good one.
        const fine = signed({ type, ...good });
        expect(await service.handleWebhook(fine.rawBody, fine.headers)).toMatchObject({ outcome: 'applied' });
      });
    });

    it('parked events the payment cannot take are dropped unapplied when it is created', async () => {
      const clock = new ManualClock('2025-06-15T12:00:00.000Z');
      const stores = await family.make(clock);
      const service = paymentService(stores, new TestGateway({ clock }), clock, { ids: new SequentialIds() });
      const next = 'payment_1';
      const sign = (event: Record<string, unknown>): Delivery => {
        const rawBody = jsonBody({ createdAt: clock.now(), paymentId: next, transactionId: 'test_txn_x', ...event });
        return { rawBody, headers: { [TEST_SIGNATURE_HEADER]: signWebhook({ payload: rawBody, secret: 'whsec_test', timestampSeconds: Math.floor(clock.now() / 1000) }) } };
      };
      // Well-formed, so parked; only the payment, once stored, shows it is in another currency.
      const euros = sign({ id: 'evt_eur', type: 'payment.captured', amountMinor: 4999, currency: 'EUR', operationId: 'op_eur' });
      expect((await service.handleWebhook(euros.rawBody, euros.headers)).outcome).toBe('parked');
      // Parked before events were checked: a fractional capture.
      await stores.payments.park({ paymentId: next, eventId: 'evt_old', event: { id: 'evt_old', type: 'payment.captured', paymentId: next, transactionId: 'test_txn_x', amountMinor: 12.5, createdAt: clock.now() }, receivedAt: clock.now() });
      const paid = await service.processPayment({ orderId: 'order-parked', amount: { amount: '49.99', currency: 'USD' }, method: 'credit_card', paymentToken: 'tok_approve', customer: { email: 'c@example.com' } });
      expect(paid).toMatchObject({ paymentId: next, status: 'authorized', capturedAmount: { amount: '0.00' } });
      const record = await stores.payments.get(next);
      expect(record?.appliedEvents).toEqual([]);
      expect(record?.ledger.map((e) => e.kind)).toEqual(['authorization']);
      expect(await stores.payments.parkedEvents(next)).toEqual([]);
    });

    it('an event with a bad amount for a payment not stored yet is not parked', async () => {
      const { service, store, signed } = await setup(false);
      await expectRefusedUnchanged(service, store, 'payment_not_yet', signed({ type: 'payment.captured', paymentId: 'payment_not_yet', amountMinor: 12.5 }), 'INVALID_AMOUNT');
      expect(await store.parkedEvents('payment_not_yet')).toEqual([]);
    });
  });
}
