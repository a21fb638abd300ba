import type { EventDraft } from '../ports/event-log.js';
import type { CheckoutState } from './checkout-types.js';

/** The payload shape of the durable `checkout.*` events; raise it when the payload changes shape. */
export const CHECKOUT_EVENT_SCHEMA = 1;

/**
 * The durable events a checkout write makes true, from the checkout before and after: one
 * rule for every path that writes a checkout (mutateCheckout), recorded by that write.
 * `checkout.completed` when it is confirmed with its order; `checkout.reopened` when a
 * confirmed checkout opens again (the placement failed after confirming it: the order's own
 * events say it was cancelled), so a subscriber never holds a completion that was undone.
 */
export function checkoutEventsOf(before: CheckoutState, after: CheckoutState, at: number): EventDraft[] {
  if (before.status === after.status) return [];
  const payload = {
    checkoutId: after.id,
    cartId: after.cartId,
    ...(after.userId !== undefined ? { userId: after.userId } : {}),
    at,
  };
  if (after.status === 'confirmed') {
    const order = { ...(after.orderId !== undefined ? { orderId: after.orderId } : {}), ...(after.orderNumber !== undefined ? { orderNumber: after.orderNumber } : {}) };
    return [{ type: 'checkout.completed', aggregateId: after.id, time: at, schemaVersion: CHECKOUT_EVENT_SCHEMA, payload: { ...payload, ...order } }];
  }
  return [{ type: 'checkout.reopened', aggregateId: after.id, time: at, schemaVersion: CHECKOUT_EVENT_SCHEMA, payload: { ...payload, ...(before.orderId !== undefined ? { orderId: before.orderId } : {}) } }];
}
