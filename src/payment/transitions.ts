import { CommerceError } from '../shared/errors.js';
import type { PaymentStatus } from '../ports/payment-store.js';

/**
 * The one table of payment status changes. A status not listed as a successor is refused
 * with `PAYMENT_INVALID_TRANSITION`. `partially_refunded -> partially_refunded` is a further
 * partial refund. `unknown` and `requires_action` settle once the gateway tells us (reconcile
 * or webhook); `review` settles by a person (approve -> authorized or captured, reject -> voided).
 */
export const PAYMENT_TRANSITIONS: { readonly [S in PaymentStatus]: readonly PaymentStatus[] } = {
  authorized: ['captured', 'voided', 'review'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  review: ['authorized', 'captured', 'voided'],
  unknown: ['authorized', 'captured', 'review', 'requires_action', 'failed', 'voided'],
  requires_action: ['authorized', 'captured', 'review', 'failed', 'voided'],
  refunded: [],
  voided: [],
  failed: [],
  blocked: [],
};

/** The statuses a payment may start in, chosen by fraud screening and the gateway's first answer. */
export const INITIAL_STATUSES: readonly PaymentStatus[] = ['authorized', 'captured', 'failed', 'blocked', 'review', 'unknown', 'requires_action'];

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function assertTransition(paymentId: string, from: PaymentStatus, to: PaymentStatus, action: string): void {
  if (!canTransition(from, to)) {
    throw new CommerceError('PAYMENT_INVALID_TRANSITION', { paymentId, from, to, action, reason: `cannot ${action} a payment that is ${from}` });
  }
}

export function isTerminal(status: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[status].length === 0;
}
