import { CommerceError } from '../shared/errors.js';
import { Money } from '../shared/money.js';
import { withStatus } from './order-mutation.js';
import { assertTransition } from './order-status.js';
import type { Order, OrderPaymentOperation } from './order-types.js';
import { revertLineRefund, revertShippingRefund } from './refund-amounts.js';

/**
 * The rules of an order's payment operation, as pure changes of an order (each runs inside
 * the order's compare-and-set): start it, complete it once the gateway did it, or revert it
 * once the gateway is known never to have done it.
 */

/** What a caller plans; the rest (`from`, `at`, the key) is filled in as it starts. */
export type PlannedOperation = Omit<OrderPaymentOperation, 'from' | 'at' | 'idempotencyKey'>;

/**
 * `ORDER_PAYMENT_PENDING` while the order waits on its payment (a placement payment not known
 * yet, or a capture, void or refund not settled), naming the operation; null otherwise.
 */
export function paymentPendingError(order: Order, cause?: unknown): CommerceError | null {
  const op = order.paymentOperation;
  const base = { orderId: order.id, paymentId: order.payment.paymentId };
  const options = cause === undefined ? {} : { cause };
  if (order.status === 'payment_settling' && op) {
    return new CommerceError('ORDER_PAYMENT_PENDING', { ...base, operation: op.kind, purpose: op.purpose, since: op.at, reason: `a ${op.kind} is waiting on the payment gateway; reconcileOrder settles it` }, options);
  }
  if (order.status === 'payment_pending') {
    return new CommerceError('ORDER_PAYMENT_PENDING', { ...base, operation: 'authorization', reason: 'the payment of the placement is not known yet; reconcileOrder settles it' }, options);
  }
  return null;
}

export function assertNoPaymentPending(order: Order): void {
  const pending = paymentPendingError(order);
  if (pending) throw pending;
}

/** Records the operation on the order before the payment module is called. */
export function beginOperation(order: Order, planned: PlannedOperation, idempotencyKey: string, at: number): Order {
  assertNoPaymentPending(order);
  assertTransition(order.id, order.status, 'payment_settling');
  order.paymentOperation = { ...planned, from: order.status, idempotencyKey, at };
  return withStatus(order, 'payment_settling', at, planned.kind);
}

/** Whether `order` still waits on exactly this operation (another settler may have got there first). */
export function isWaitingOn(order: Order, op: OrderPaymentOperation): boolean {
  return order.status === 'payment_settling' && order.paymentOperation?.idempotencyKey === op.idempotencyKey;
}

/**
 * The gateway did it: the order takes the step the operation was for. The moves are checked
 * from the status the operation started from, as if the call had answered at once.
 */
export function completeOperation(order: Order, paymentStatus: string, at: number): Order {
  const op = ended(order);
  order.status = op.from;
  order.payment = { ...order.payment, status: paymentStatus };
  if (op.kind === 'capture') {
    order.payment.captured = order.total;
    move(order, 'paid', at);
  }
  const refund = op.refundId === undefined ? undefined : order.refunds.find((r) => r.id === op.refundId);
  if (refund?.state === 'pending') refund.state = 'succeeded';
  switch (op.purpose) {
    case 'capture':
      return order;
    case 'fulfil':
      order.fulfilment = { at, ...op.fulfilment };
      return move(order, 'fulfilled', at);
    case 'cancel':
      order.cancelReason = op.reason ?? 'cancelled';
      return move(order, 'cancelled', at, op.reason);
    case 'refund': {
      const succeeded = Money.sum(order.refunds.filter((r) => r.state === 'succeeded').map((r) => Money.fromJSON(r.amount)), order.currency);
      return move(order, succeeded.equals(Money.fromJSON(order.payment.captured)) ? 'refunded' : 'partially_refunded', at, refund?.reason);
    }
  }
}

/** The gateway never did it: the order is back where it was, a refund's reservation given back. */
export function revertOperation(order: Order, at: number): Order {
  const op = ended(order);
  const refund = op.refundId === undefined ? undefined : order.refunds.find((r) => r.id === op.refundId);
  if (refund?.state === 'pending') {
    refund.state = 'failed';
    order.refundedTotal = Money.fromJSON(order.refundedTotal).subtract(Money.fromJSON(refund.amount)).toJSON();
    if (refund.lines) revertLineRefund(order, refund.lines);
    if (refund.shipping) revertShippingRefund(order, Money.fromJSON(refund.shipping));
  }
  return withStatus(order, op.from, at, `${op.kind}_failed`);
}

/** The operation a `payment_settling` order waits on (one without it is a defect: INTERNAL). */
export function operationOf(order: Order): OrderPaymentOperation {
  const op = order.paymentOperation;
  if (!op) throw new CommerceError('INTERNAL', { orderId: order.id, reason: `the order is ${order.status} without a payment operation` });
  return op;
}

function ended(order: Order): OrderPaymentOperation {
  const op = operationOf(order);
  delete order.paymentOperation;
  return op;
}

function move(order: Order, to: Order['status'], at: number, reason?: string): Order {
  assertTransition(order.id, order.status, to);
  return withStatus(order, to, at, reason);
}
