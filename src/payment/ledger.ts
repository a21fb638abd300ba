import { CommerceError } from '../shared/errors.js';
import type { LedgerEntry, PaymentRecord, PaymentStatus } from '../ports/payment-store.js';

/** Sums of a ledger in minor units. Pending entries are counted where they could hurt. */
export interface LedgerTotals {
  authorized: number;
  captured: number;
  refunded: number;
  voided: boolean;
  /** Captures and refunds still waiting for the gateway. */
  pendingCapture: number;
  pendingRefund: number;
  fees: number;
}

export function ledgerTotals(ledger: readonly LedgerEntry[]): LedgerTotals {
  const totals: LedgerTotals = { authorized: 0, captured: 0, refunded: 0, voided: false, pendingCapture: 0, pendingRefund: 0, fees: 0 };
  for (const entry of ledger) {
    if (entry.state === 'failed') continue;
    const pending = entry.state === 'pending';
    if (!pending) totals.fees += entry.feeMinor;
    switch (entry.kind) {
      case 'authorization':
        if (!pending) totals.authorized += entry.amountMinor;
        break;
      case 'capture':
        if (pending) totals.pendingCapture += entry.amountMinor;
        else totals.captured += entry.amountMinor;
        break;
      case 'refund':
        if (pending) totals.pendingRefund += entry.amountMinor;
        else totals.refunded += entry.amountMinor;
        break;
      case 'void':
        if (!pending) totals.voided = true;
        break;
    }
  }
  return totals;
}

/**
 * The invariants every committed ledger keeps: captured (with pending captures) never
 * exceeds authorized, refunded (with pending refunds) never exceeds what was captured.
 */
export function assertLedgerInvariants(payment: Pick<PaymentRecord, 'id' | 'ledger'>): void {
  const t = ledgerTotals(payment.ledger);
  if (t.captured + t.pendingCapture > t.authorized) {
    throw new CommerceError('CAPTURE_EXCEEDS_AUTHORIZED', {
      paymentId: payment.id,
      authorizedMinor: t.authorized,
      capturedMinor: t.captured + t.pendingCapture,
      reason: `${t.captured + t.pendingCapture} minor units captured of ${t.authorized} authorized`,
    });
  }
  if (t.refunded + t.pendingRefund > t.captured) {
    throw new CommerceError('REFUND_EXCEEDS_CAPTURED', {
      paymentId: payment.id,
      capturedMinor: t.captured,
      refundedMinor: t.refunded + t.pendingRefund,
      reason: `${t.refunded + t.pendingRefund} minor units refunded of ${t.captured} captured`,
    });
  }
}

/**
 * The status the settled ledger implies, for statuses the ledger decides. Used to pick the
 * status after a money movement and by the property tests (the ledger sums to the status).
 */
export function statusFromLedger(ledger: readonly LedgerEntry[]): PaymentStatus | null {
  const t = ledgerTotals(ledger);
  if (t.voided) return 'voided';
  if (t.refunded > 0) return t.refunded >= t.captured ? 'refunded' : 'partially_refunded';
  if (t.captured > 0) return 'captured';
  if (t.authorized > 0) return 'authorized';
  return null;
}

/**
 * Whether an authorization still takes captures after earlier ones: every capture that
 * counts (settled or in flight) said `final: false`, and nothing voided it.
 */
export function captureOpen(ledger: readonly LedgerEntry[]): boolean {
  const captures = ledger.filter((e) => e.kind === 'capture' && e.state !== 'failed');
  return captures.length > 0 && captures.every((e) => e.final === false) && !ledger.some((e) => e.kind === 'void' && e.state !== 'failed');
}
