import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommerceError, ledgerTotals, Money, PAYMENT_TRANSITIONS, statusFromLedger, type LedgerEntry, type PaymentStatus } from '../../src/index.js';
import { request, setup } from './setup.js';

type Op = { kind: 'capture' | 'refund' | 'void'; minor: number | null; failure: 'none' | 'decline' | 'network' | 'timeout' };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('capture', 'refund', 'refund', 'void'),
  minor: fc.option(fc.integer({ min: 1, max: 12_000 }), { nil: null }),
  failure: fc.constantFrom('none', 'none', 'none', 'decline', 'network', 'timeout'),
});

const EXPECTED_REFUSALS = new Set(['PAYMENT_INVALID_TRANSITION', 'CAPTURE_EXCEEDS_AUTHORIZED', 'REFUND_EXCEEDS_CAPTURED', 'PAYMENT_DECLINED', 'PAYMENT_GATEWAY_ERROR', 'PAYMENT_OUTCOME_UNKNOWN']);

describe('ledger properties over random capture / refund / void sequences', () => {
  it('invariants hold, the ledger is append-only, and it sums to the status and the result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.array(opArb, { maxLength: 12 }), async (amountMinor, captureAtOnce, ops) => {
        const { service, gateway } = setup();
        const amount = Money.fromMinor(amountMinor, 'USD').toJSON();
        const { paymentId } = await service.processPayment(request({ amount, capture: captureAtOnce }));
        let previous: LedgerEntry[] = [];
        let calls = 0;
        let status: PaymentStatus = captureAtOnce ? 'captured' : 'authorized';
        for (const op of ops) {
          if (op.failure === 'decline') gateway.failNext(op.kind, { decline: 'no' });
          if (op.failure === 'network') gateway.failNext(op.kind, 'network_error');
          if (op.failure === 'timeout') gateway.failNext(op.kind, 'timeout_after');
          const options = op.minor === null || op.kind === 'void' ? {} : { amount: Money.fromMinor(op.minor, 'USD') };
          try {
            if (op.kind === 'capture') await service.capturePayment(paymentId, { ...options, idempotencyKey: `capture-${(calls += 1)}` });
            if (op.kind === 'refund') await service.refundPayment(paymentId, options);
            if (op.kind === 'void') await service.voidPayment(paymentId, { idempotencyKey: `void-${(calls += 1)}` });
          } catch (error) {
            expect(isCommerceError(error) && EXPECTED_REFUSALS.has(error.code) ? 'refused' : error).toBe('refused');
          }
          // Sometimes the answer was lost: reconcile as an operator would.
          if (op.failure === 'timeout') await service.reconcilePayment(paymentId);
          const record = await service.getPaymentRecord(paymentId);
          const t = ledgerTotals(record.ledger);
          expect(t.captured + t.pendingCapture).toBeLessThanOrEqual(t.authorized);
          expect(t.refunded + t.pendingRefund).toBeLessThanOrEqual(t.captured);
          expect(t.authorized).toBe(amountMinor);
          // Append-only: earlier entries keep their place and money; only pending ones settle.
          previous.forEach((entry, i) => {
            const now = record.ledger[i];
            expect(now?.id).toBe(entry.id);
            expect(now?.kind).toBe(entry.kind);
            if (entry.state !== 'pending') expect(now).toEqual(entry);
          });
          previous = record.ledger;
          expect(record.status).toBe(statusFromLedger(record.ledger));
          if (record.status !== status) expect(PAYMENT_TRANSITIONS[status]).toContain(record.status);
          status = record.status;
          const result = await service.getPayment(paymentId);
          expect(result?.capturedAmount).toEqual(Money.fromMinor(t.captured, 'USD').toJSON());
          expect(result?.refundedAmount).toEqual(Money.fromMinor(t.refunded, 'USD').toJSON());
          expect(result?.fees).toEqual(Money.fromMinor(t.fees, 'USD').toJSON());
          // The gateway did every settled movement, and at most the pending ones on top.
          const remote = await gateway.retrieve({ reference: paymentId });
          const sum = (kind: string) => (remote?.operations ?? []).filter((o) => o.kind === kind).reduce((s, o) => s + o.amountMinor, 0);
          expect(sum('capture')).toBeGreaterThanOrEqual(t.captured);
          expect(sum('capture')).toBeLessThanOrEqual(t.captured + t.pendingCapture);
          expect(sum('refund')).toBeGreaterThanOrEqual(t.refunded);
          expect(sum('refund')).toBeLessThanOrEqual(t.refunded + t.pendingRefund);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the status table has no way back from a terminal status', () => {
    for (const status of ['refunded', 'voided', 'failed', 'blocked'] as const) expect(PAYMENT_TRANSITIONS[status]).toEqual([]);
  });
});

describe('concurrent money movement', () => {
  it('concurrent partial refunds never exceed the capture, and the ledger matches the gateway', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 10_000 }), fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 8 }), async (amountMinor, refunds) => {
        const { service, gateway } = setup();
        const { paymentId } = await service.processPayment(request({ amount: Money.fromMinor(amountMinor, 'USD').toJSON(), capture: true }));
        const results = await Promise.allSettled(refunds.map((minor) => service.refundPayment(paymentId, { amount: Money.fromMinor(minor, 'USD') })));
        for (const r of results) if (r.status === 'rejected') expect(isCommerceError(r.reason) && r.reason.code).toBe('REFUND_EXCEEDS_CAPTURED');
        const record = await service.getPaymentRecord(paymentId);
        const t = ledgerTotals(record.ledger);
        expect(t.refunded).toBeLessThanOrEqual(amountMinor);
        expect(t.pendingRefund).toBe(0);
        const accepted = refunds.filter((_, i) => results[i]?.status === 'fulfilled').reduce((a, b) => a + b, 0);
        expect(t.refunded).toBe(accepted);
        const remote = await gateway.retrieve({ reference: paymentId });
        expect((remote?.operations ?? []).filter((o) => o.kind === 'refund').reduce((s, o) => s + o.amountMinor, 0)).toBe(accepted);
        expect(record.status).toBe(statusFromLedger(record.ledger));
      }),
      { numRuns: 60 },
    );
  });
});

describe('webhook delivery order', () => {
  it('any order and duplication of deliveries, before or after the payment exists, gives one result', async () => {
    const types = ['payment.captured', 'payment.refunded', 'payment.refunded'] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), async (deliveries, createAt) => {
        const { service, gateway } = setup();
        const events = types.map((type, i) =>
          gateway.signEvent({ id: `evt_${i}`, type, paymentId: 'payment_1', transactionId: 'test_txn_x', operationId: `op_${i}`, amountMinor: type === 'payment.captured' ? 4999 : 1000 }),
        );
        const order = [...deliveries, 0, 1, 2];
        for (const [i, which] of order.entries()) {
          if (i === createAt) await service.processPayment(request());
          const event = events[which];
          if (event) await service.handleWebhook(event.rawBody, event.headers);
        }
        if (createAt >= order.length) await service.processPayment(request());
        const record = await service.getPaymentRecord('payment_1');
        const t = ledgerTotals(record.ledger);
        expect(t.captured).toBe(4999);
        // A refund event that came before the capture is ignored (refund of nothing); the rest apply once.
        expect(t.refunded % 1000).toBe(0);
        expect(t.refunded).toBeLessThanOrEqual(2000);
        expect(record.status).toBe(statusFromLedger(record.ledger));
        expect(new Set(record.appliedEvents).size).toBe(record.appliedEvents.length);
      }),
      { numRuns: 60 },
    );
  });
});
