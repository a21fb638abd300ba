import { CommerceError } from '../shared/errors.js';

export const ORDER_STATUSES = ['payment_pending', 'placed', 'paid', 'fulfilled', 'cancelled', 'partially_refunded', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Every status change an order may make. `placed` means authorized (capture at fulfilment);
 * `paid` means captured. A refund is only possible once money was captured; a fulfilled
 * order is refunded, not cancelled. `partially_refunded` may still be fulfilled (the rest
 * ships), and keeps the refund visible through `refundedTotal`.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  payment_pending: ['placed', 'paid', 'cancelled'],
  placed: ['paid', 'fulfilled', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'partially_refunded', 'refunded'],
  fulfilled: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded', 'fulfilled', 'cancelled'],
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
