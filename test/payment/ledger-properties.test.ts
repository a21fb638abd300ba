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
