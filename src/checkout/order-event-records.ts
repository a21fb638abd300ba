import type { EventDraft, JsonValue } from '../ports/event-log.js';
import type { OrderEvent } from './checkout-events.js';
import type { OrderStatus } from './order-status.js';
import type { Order } from './order-types.js';

/** The payload shape of every durable `order.*` event; raise it when OrderEvent changes shape. */
export const ORDER_EVENT_SCHEMA = 1;

/**
 * Where an order stands for its subscribers: `payment_settling` is a wait, not a status
 * anyone acts on, so an order in it still stands where it came from.
 */
function standing(order: Order): OrderStatus {
  return order.status === 'payment_settling' ? (order.paymentOperation?.from ?? order.status) : order.status;
}

function draft(type: string, order: Order, at: number, extra: Record<string, JsonValue> = {}): EventDraft {
  const payload: OrderEvent & Record<string, unknown> = {
    orderId: order.id,
    orderNumber: order.number,
    status: standing(order),
    ...(order.customerId !== undefined ? { customerId: order.customerId } : {}),
    email: order.email,
    total: order.total,
    at,
    ...extra,
  };
  return { type, aggregateId: order.id, time: at, schemaVersion: ORDER_EVENT_SCHEMA, payload: payload as unknown as JsonValue };
}

/**
 * The durable events an order write makes true, from the order before (null: created) and
 * after. Derived from the change itself, so every path that writes an order (placement,
 * reconciliation, fulfilment, refunds, cancellation) records the same events for the same
 * change, in the same store step; the bus events the services emit say the same things.
 */
export function orderEventsOf(before: Order | null, after: Order, at: number): EventDraft[] {
  const from = before ? standing(before) : null;
  const to = standing(after);
  const events: EventDraft[] = [];
  if (from === null && to === 'payment_pending') events.push(draft('order.payment_pending', after, at));
  if ((from === null || from === 'payment_pending') && to !== 'payment_pending' && to !== 'cancelled') events.push(draft('order.placed', after, at));
  const captured = (s: OrderStatus | null): boolean => s === 'paid' || s === 'fulfilled' || s === 'partially_refunded' || s === 'refunded';
  // Capture at fulfilment moves placed -> fulfilled in one write: it is paid, then fulfilled.
  if (!captured(from) && captured(to)) events.push(draft('order.paid', after, at));
  if (from !== to && to === 'fulfilled') events.push(draft('order.fulfilled', after, at));
  if (from !== to && to === 'cancelled' && from !== null) {
    events.push(draft('order.cancelled', after, at, after.cancelReason !== undefined ? { reason: after.cancelReason } : {}));
  }
  const succeededBefore = new Set(before?.refunds.filter((r) => r.state === 'succeeded').map((r) => r.id) ?? []);
  for (const refund of after.refunds) {
    if (refund.state !== 'succeeded' || succeededBefore.has(refund.id)) continue;
    const type = after.status === 'refunded' ? 'order.refunded' : 'order.partially_refunded';
    events.push(draft(type, after, at, { refundId: refund.id, amount: refund.amount as unknown as JsonValue, refundedTotal: after.refundedTotal as unknown as JsonValue }));
  }
  return events;
}
