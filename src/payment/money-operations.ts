import { boundedKey, GATEWAY_KEY_MAX } from '../shared/bounded-key.js';
import { CommerceError } from '../shared/errors.js';
import type { Money } from '../shared/money.js';
import { MULTICAPTURE_UNAVAILABLE, type GatewayOutcome } from '../ports/payment-gateway.js';
import type { LedgerEntry, PaymentRecord, PaymentStatus } from '../ports/payment-store.js';
import { callGateway } from './gateway-router.js';
import { captureOpen, ledgerTotals } from './ledger.js';
import { appendPending, failEntry, movedAmount, recordOperation, settledStatus, withStatus } from './ledger-operations.js';
import { emitChange, loadPayment, mutatePayment, type PaymentContext } from './payment-context.js';
import { assertTransition } from './transitions.js';

type MoneyKind = Exclude<LedgerEntry['kind'], 'authorization'>;

const TARGET: Record<MoneyKind, PaymentStatus> = { capture: 'captured', void: 'voided', refund: 'refunded' };

/**
 * Capture, void or refund in three steps: (1) a pending ledger entry is committed, checked
 * against the status table and the invariants on the state it replaces, so two concurrent
 * refunds can never together exceed the capture; (2) the gateway is called with the
 * idempotency key; (3) the entry is settled with the answer. A declined or retryable answer
 * fails the entry (it stops counting) and throws; an `unknown` answer leaves it pending for
 * `reconcilePayment`, and throws `PAYMENT_OUTCOME_UNKNOWN`.
 */
export async function moveMoney(
  ctx: PaymentContext,
  input: { paymentId: string; kind: MoneyKind; amount?: Money | undefined; reason?: string | undefined; idempotencyKey: string; final?: boolean | undefined },
): Promise<PaymentRecord> {
  const entryId = ctx.ids.next('ledger');
  const partial = input.kind === 'capture' && input.final === false;
  const { after: pending } = await mutatePayment(ctx, input.paymentId, (record) => {
    if (input.kind === 'capture') assertCapturable(ctx, record, partial);
    else assertTransition(record.id, record.status, input.kind === 'refund' ? refundTarget(record) : TARGET[input.kind], input.kind);
    // A void and a capture in flight together would race at the gateway; one waits for the other.
    const blocking = input.kind === 'void' ? ['capture', 'void'] : ['void'];
    const inFlight = record.ledger.find((e) => e.state === 'pending' && blocking.includes(e.kind));
    if (inFlight) {
      throw new CommerceError('PAYMENT_INVALID_TRANSITION', { paymentId: record.id, reason: `a ${inFlight.kind} is in progress` });
    }
    const amountMinor = amountFor(record, input.kind, input.amount);
    return appendPending(record, { id: entryId, kind: input.kind, amountMinor, feeMinor: 0, idempotencyKey: input.idempotencyKey, at: ctx.clock.now(), ...(partial ? { final: false } : {}), ...(input.reason ? { reason: input.reason } : {}) });
  });
  const entry = pending.ledger.find((e) => e.id === entryId) as LedgerEntry;
  const gateway = ctx.router.get(pending.gateway ?? '');
  const transactionId = pending.gatewayTransactionId ?? '';
  const currency = pending.amount.currency;
  const outcome = await callGateway(() => {
    switch (input.kind) {
      case 'capture':
        return gateway.capture({ transactionId, amountMinor: entry.amountMinor, currency, idempotencyKey: input.idempotencyKey, ...(partial ? { final: false } : {}) });
      case 'void':
        return gateway.void({ transactionId, idempotencyKey: input.idempotencyKey });
      case 'refund':
        return gateway.refund({ transactionId, amountMinor: entry.amountMinor, currency, idempotencyKey: input.idempotencyKey, ...(input.reason ? { reason: input.reason } : {}) });
    }
  });
  return settle(ctx, pending.id, entry, outcome);
}

async function settle(ctx: PaymentContext, paymentId: string, entry: LedgerEntry, outcome: GatewayOutcome): Promise<PaymentRecord> {
  if (outcome.outcome === 'unknown') {
    throw new CommerceError('PAYMENT_OUTCOME_UNKNOWN', { paymentId, entryId: entry.id, reason: `${entry.kind} is pending: ${outcome.message}` });
  }
  const approved = outcome.outcome === 'approved';
  const { before, after } = await mutatePayment(ctx, paymentId, (record) => {
    const at = ctx.clock.now();
    if (!approved) {
      const stillPending = record.ledger.some((e) => e.id === entry.id && e.state === 'pending');
      return stillPending ? failEntry(record, entry.id, at, 'message' in outcome ? outcome.message : outcome.outcome) : record;
    }
    // Recorded once by its gateway reference, even if a webhook or reconcile got there first.
    const next = recordOperation(record, { kind: entry.kind, amountMinor: entry.amountMinor, feeMinor: outcome.feeMinor, reference: outcome.operationId, idempotencyKey: entry.idempotencyKey }, at, () => ctx.ids.next('ledger'));
    return withStatus(next, settledStatus(next), at, entry.kind);
  });
  if (approved) {
    emitChange(ctx, before, after, movedAmount(before, after) ?? entry.amountMinor);
    return after;
  }
  if (outcome.outcome === 'declined' && outcome.code === MULTICAPTURE_UNAVAILABLE) {
    throw new CommerceError('MULTICAPTURE_NOT_SUPPORTED', { paymentId, code: outcome.code, reason: outcome.message });
  }
  if (outcome.outcome === 'declined') {
    throw new CommerceError('PAYMENT_DECLINED', { paymentId, code: outcome.code, reason: outcome.message });
  }
  throw new CommerceError('PAYMENT_GATEWAY_ERROR', { paymentId, reason: 'message' in outcome ? outcome.message : outcome.outcome });
}

/**
 * A capture is taken from an authorized payment, or from one whose earlier captures all left
 * the authorization open (`final: false`; the status is then captured, or partially refunded
 * once part of it was returned). Only a gateway with `multiCapture` is asked to keep it open.
 */
function assertCapturable(ctx: PaymentContext, record: PaymentRecord, partial: boolean): void {
  const open = captureOpen(record.ledger) && (record.status === 'captured' || record.status === 'partially_refunded');
  if (record.status !== 'authorized' && !open) {
    // The table lets review, unknown and requires_action become captured, but only by approval or the gateway's word.
    const reason = record.status === 'captured' || record.status === 'partially_refunded' ? 'its last capture was final' : `it is ${record.status}`;
    throw new CommerceError('PAYMENT_INVALID_TRANSITION', { paymentId: record.id, from: record.status, to: 'captured', reason: `cannot capture a payment: ${reason}` });
  }
  if (partial && ctx.router.get(record.gateway ?? '').multiCapture !== true) {
    throw new CommerceError('MULTICAPTURE_NOT_SUPPORTED', { paymentId: record.id, gateway: record.gateway, reason: `${record.gateway ?? 'the gateway'} takes one capture per authorization` });
  }
}

function refundTarget(record: PaymentRecord): PaymentStatus {
  // Any refund is checked against `partially_refunded`: captured and partially_refunded allow it.
  return record.status === 'captured' || record.status === 'partially_refunded' ? 'partially_refunded' : 'refunded';
}

/** The minor units a call moves: the asked amount, or all that remains. */
function amountFor(record: PaymentRecord, kind: MoneyKind, amount: Money | undefined): number {
  const t = ledgerTotals(record.ledger);
  if (kind === 'void') return Math.max(0, t.authorized - t.captured - t.pendingCapture);
  if (amount && amount.currency !== record.amount.currency) {
    throw new CommerceError('CURRENCY_MISMATCH', { paymentId: record.id, currencies: [record.amount.currency, amount.currency], reason: `the payment is in ${record.amount.currency}` });
  }
  const remaining = kind === 'capture' ? t.authorized - t.captured - t.pendingCapture : t.captured - t.refunded - t.pendingRefund;
  if (!amount) {
    if (remaining <= 0) {
      throw new CommerceError(kind === 'capture' ? 'CAPTURE_EXCEEDS_AUTHORIZED' : 'REFUND_EXCEEDS_CAPTURED', { paymentId: record.id, reason: `nothing left to ${kind}` });
    }
    return remaining;
  }
  return amount.toMinorUnits();
}

/**
 * Review approved: authorized, then captured if the request asked for it. If that capture
 * fails the payment stays authorized (the approval stands); capture it with capturePayment.
 */
export async function approveReview(ctx: PaymentContext, paymentId: string, idempotencyKey: string): Promise<PaymentRecord> {
  const { before, after } = await mutatePayment(ctx, paymentId, (record) => {
    if (record.status !== 'review') {
      throw new CommerceError('PAYMENT_INVALID_TRANSITION', { paymentId, from: record.status, to: 'authorized', reason: `cannot approve a payment that is ${record.status}` });
    }
    return withStatus(record, 'authorized', ctx.clock.now(), 'approve');
  });
  emitChange(ctx, before, after);
  if (!after.captureRequested) return after;
  return moveMoney(ctx, { paymentId, kind: 'capture', idempotencyKey: boundedKey(`${idempotencyKey}:capture`, GATEWAY_KEY_MAX) });
}

/** Review rejected: the authorization is voided at the gateway. */
export async function rejectReview(ctx: PaymentContext, paymentId: string, idempotencyKey: string, reason?: string): Promise<PaymentRecord> {
  const record = await loadPayment(ctx, paymentId);
  if (record.status !== 'review') {
    throw new CommerceError('PAYMENT_INVALID_TRANSITION', { paymentId, from: record.status, to: 'voided', reason: `cannot reject a payment that is ${record.status}` });
  }
  return moveMoney(ctx, { paymentId, kind: 'void', idempotencyKey, reason: reason ?? 'rejected in review' });
}
