import { CommerceError } from '../shared/errors.js';

export const ORDER_STATUSES = ['payment_pending', 'placed', 'paid', 'fulfilled', 'cancelled', 'partially_refunded', 'refunded', 'payment_settling'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Every status change an order may make. `placed` means authorized (capture at fulfilment);
 * `paid` means captured. A refund is only possible once money was captured; a fulfilled
 * order is refunded, not cancelled. `partially_refunded` may still be fulfilled (the rest
 * ships), and keeps the refund visible through `refundedTotal`.
 *
 * `payment_settling`: a capture, void or refund was sent to the payment module and has not
 * settled (in flight, or its outcome unknown after a timeout). The order names it in
 * `paymentOperation` and leaves for where that operation leads once the payment module
 * knows, or back to the status it came from (`paymentOperation.from`) if the gateway never
 * did it. Reconciliation lists orders by this status.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  payment_pending: ['placed', 'paid', 'cancelled'],
  placed: ['paid', 'fulfilled', 'cancelled', 'payment_settling'],
  paid: ['fulfilled', 'cancelled', 'partially_refunded', 'refunded', 'payment_settling'],
  fulfilled: ['partially_refunded', 'refunded', 'payment_settling'],
  partially_refunded: ['partially_refunded', 'refunded', 'fulfilled', 'cancelled', 'payment_settling'],
  payment_settling: ['placed', 'paid', 'fulfilled', 'partially_refunded', 'refunded', 'cancelled'],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function assertTransition(orderId: string, from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new CommerceError('ORDER_INVALID_TRANSITION', { orderId, from, to, reason: `an order cannot go from ${from} to ${to}` });
  }
}
