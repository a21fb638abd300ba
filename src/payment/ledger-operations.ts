import type { LedgerEntry, PaymentRecord, PaymentStatus } from '../ports/payment-store.js';
import { assertLedgerInvariants, ledgerTotals, statusFromLedger } from './ledger.js';
import { assertTransition } from './transitions.js';

/** An operation the gateway reports as done (answer, webhook or reconciliation). */
export interface SettledOperation {
  kind: LedgerEntry['kind'];
  amountMinor: number;
  feeMinor: number;
  reference: string;
  idempotencyKey?: string;
}

/**
 * Records a gateway operation in the ledger once: an entry with the same kind and gateway
 * reference means it is already there; a pending entry with the same idempotency key is the
 * call that is waiting for it, and is settled; otherwise a settled entry is appended.
 * Answers the same record when nothing changed. Never edits a settled entry (append-only).
 */
export function recordOperation(record: PaymentRecord, op: SettledOperation, at: number, newEntryId: () => string): PaymentRecord {
  if (record.ledger.some((e) => e.kind === op.kind && e.state === 'succeeded' && e.gatewayReference === op.reference)) return record;
  const pending = op.idempotencyKey === undefined ? undefined : record.ledger.find((e) => e.kind === op.kind && e.state === 'pending' && e.idempotencyKey === op.idempotencyKey);
  const ledger = pending
    ? record.ledger.map((e) => (e === pending ? { ...e, state: 'succeeded' as const, amountMinor: op.amountMinor, feeMinor: op.feeMinor, gatewayReference: op.reference, settledAt: at } : e))
    : [
        ...record.ledger,
        {
          id: newEntryId(),
          kind: op.kind,
          amountMinor: op.amountMinor,
          feeMinor: op.feeMinor,
          state: 'succeeded' as const,
          gatewayReference: op.reference,
          idempotencyKey: op.idempotencyKey ?? `gateway:${op.reference}`,
          at,
          settledAt: at,
        },
      ];
  const next = { ...record, ledger, updatedAt: at };
  assertLedgerInvariants(next);
  return next;
}

/** Marks a pending entry failed: the gateway did not do it, so it stops counting. */
export function failEntry(record: PaymentRecord, entryId: string, at: number, reason: string): PaymentRecord {
  return {
    ...record,
    ledger: record.ledger.map((e) => (e.id === entryId && e.state === 'pending' ? { ...e, state: 'failed' as const, reason, settledAt: at } : e)),
    updatedAt: at,
  };
}

/** Appends a pending entry, refused by the invariants before any gateway is called. */
export function appendPending(record: PaymentRecord, entry: Omit<LedgerEntry, 'state'>): PaymentRecord {
  const next = { ...record, ledger: [...record.ledger, { ...entry, state: 'pending' as const }], updatedAt: entry.at };
  assertLedgerInvariants(next);
  return next;
}

/**
 * The status the ledger now implies for a payment whose money moved. A payment held for
 * review (or screened as high risk while its outcome was unknown) stays in review once
 * authorized: only a person releases it.
 */
export function settledStatus(record: PaymentRecord): PaymentStatus {
  const fromLedger = statusFromLedger(record.ledger);
  if (fromLedger === null) return record.status;
  if (fromLedger === 'authorized' && (record.status === 'review' || (record.fraud.level === 'high' && (record.status === 'unknown' || record.status === 'requires_action')))) {
    return 'review';
  }
  return fromLedger;
}

/** Moves to `status` through the transition table (staying put is always allowed). */
export function withStatus(record: PaymentRecord, status: PaymentStatus, at: number, action: string): PaymentRecord {
  if (status === record.status) return record;
  assertTransition(record.id, record.status, status, action);
  return { ...record, status, updatedAt: at };
}

/** What the newest ledger entries of a change moved, for the event payload. */
export function movedAmount(before: PaymentRecord, after: PaymentRecord): number | undefined {
  const b = ledgerTotals(before.ledger);
  const a = ledgerTotals(after.ledger);
  if (a.refunded > b.refunded) return a.refunded - b.refunded;
  if (a.captured > b.captured) return a.captured - b.captured;
  if (a.authorized > b.authorized) return a.authorized - b.authorized;
  return undefined;
}
