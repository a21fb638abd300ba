import { CommerceError } from '../shared/errors.js';
import { Money } from '../shared/money.js';
import { assertNoPaymentPending, type PlannedOperation } from './order-payment-operation.js';
import type { Order } from './order-types.js';
import { assertTransition } from './order-status.js';
import { applyLineRefundWithTax, applyShippingRefund, refundableOf } from './refund-amounts.js';

export interface RefundRequest {
  /** A given amount; without it and without lines, everything still refundable. */
  amount?: Money;
  lines?: { sku: string; quantity: number }[];
  /** Refund shipping too: `amount` of it, or (no amount) all that is left of it, with its tax. */
  shipping?: { amount?: Money };
  reason?: string;
  restock?: boolean;
}

const REFUNDABLE_STATUSES = new Set(['paid', 'fulfilled', 'partially_refunded']);

/**
 * Plans a refund of a captured order, inside the order's compare-and-set: its amount is
 * reserved on the order as a pending refund (so two refunds can never together exceed what
 * was captured) and the answer is the operation that pays it. Null when this refund (same
 * id) was already made or is under way: the order is answered as the first request left it.
 */
export function planRefund(order: Order, refundId: string, request: RefundRequest, at: number): PlannedOperation | null {
  const earlier = order.refunds.find((r) => r.id === refundId);
  if (earlier && earlier.state !== 'failed') return null;
  assertNoPaymentPending(order);
  if (!REFUNDABLE_STATUSES.has(order.status)) {
    throw new CommerceError('ORDER_INVALID_TRANSITION', { orderId: order.id, from: order.status, to: 'refunded', reason: `an order ${order.status} has no captured payment to refund` });
  }
  if (earlier) order.refunds = order.refunds.filter((r) => r !== earlier);
  if (reserveRefund(order, refundId, request, at).isZero()) return null;
  return { kind: 'refund', purpose: 'refund', refundId, ...(request.restock && request.lines ? { restock: true } : {}) };
}

/**
 * Plans a cancellation, inside the order's compare-and-set: a void of the authorization, or,
 * once money was captured, a refund of all that is left of it (reserved like any refund).
 * Null when the order is already cancelled.
 */
export function planCancel(order: Order, refundId: string, reason: string | undefined, at: number): PlannedOperation | null {
  if (order.status === 'cancelled') return null;
  assertNoPaymentPending(order);
  assertTransition(order.id, order.status, 'cancelled');
  const because = reason !== undefined ? { reason } : {};
  if (!Money.fromJSON(order.payment.captured).isPositive()) return { kind: 'void', purpose: 'cancel', ...because };
  reserveRefund(order, refundId, { amount: refundableOf(order), reason: reason ?? 'order_cancelled' }, at);
  return { kind: 'refund', purpose: 'cancel', refundId, ...because };
}

/**
 * Reserves a refund on the order: a pending entry of `refunds`, counted in `refundedTotal`
 * and, for lines, in their refunded counters. Throws `REFUND_EXCEEDS_CAPTURED` above what
 * remains refundable.
 */
export function reserveRefund(order: Order, refundId: string, request: RefundRequest, at: number): Money {
  const refundable = refundableOf(order);
  const parts = request.lines || request.shipping ? refundParts(order, request) : undefined;
  const amount = parts ? parts.amount : (request.amount ?? refundable);
  if (amount.greaterThan(refundable)) {
    throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { orderId: order.id, amount: amount.toJSON(), refundable: refundable.toJSON(), reason: `at most ${refundable.toString()} can be refunded` });
  }
  order.refundedTotal = Money.fromJSON(order.refundedTotal).add(amount).toJSON();
  order.refunds.push({
    id: refundId,
    amount: amount.toJSON(),
    at,
    state: 'pending',
    ...(request.lines ? { lines: request.lines } : {}),
    ...(parts?.shipping ? { shipping: parts.shipping.toJSON() } : {}),
    ...(parts ? { tax: parts.tax.toJSON() } : {}),
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
  });
  return amount;
}

/** A refund by lines and/or shipping: its amount, the shipping part, and the tax it gives back. */
function refundParts(order: Order, request: RefundRequest): { amount: Money; tax: Money; shipping?: Money } {
  const lines = request.lines ? applyLineRefundWithTax(order, request.lines) : { amount: Money.zero(order.currency), tax: Money.zero(order.currency) };
  if (!request.shipping) return lines;
  const shipping = applyShippingRefund(order, request.shipping.amount);
  return { amount: lines.amount.add(shipping.amount), tax: lines.tax.add(shipping.tax), shipping: shipping.amount };
}
