import type { OrderStore } from '../ports/order-store.js';
import { RECORD_RETRY, retryOnConflict } from '../shared/conflict-retry.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import type { OrderEvent } from './checkout-events.js';
import { orderEventsOf } from './order-event-records.js';
import type { OrderStatus } from './order-status.js';
import type { Order } from './order-types.js';

export async function loadOrder(store: OrderStore, orderId: string): Promise<Order> {
  const order = await commerceErrors(() => store.get(orderId), 'STORE_UNAVAILABLE');
  if (!order) throw new CommerceError('ORDER_NOT_FOUND', { orderId, reason: `no order '${orderId}'` });
  return order;
}

/**
 * Read-modify-write of an order by compare-and-set, recomputed on conflict so no concurrent
 * change is lost. `change` returns null to leave the order as it is (e.g. another caller
 * already made the change); the answer says whether this call wrote. `known`, an order the
 * caller just wrote or read, spares the first read (see mutateCheckout). The write records
 * the durable events of the change (order-event-records.ts) in the same store step.
 */
export async function mutateOrder(
  store: OrderStore,
  orderId: string,
  now: number,
  change: (order: Order) => Order | null,
  known?: Order,
): Promise<{ order: Order; changed: boolean }> {
  let copy = known;
  const tryOnce = async (): Promise<{ done: true; value: { order: Order; changed: boolean } } | { done: false }> => {
    const current = copy ?? (await loadOrder(store, orderId));
    const fromCopy = copy !== undefined;
    copy = undefined;
    const next = change(structuredClone(current));
    if (next === null) return fromCopy ? tryOnce() : { done: true, value: { order: current, changed: false } };
    next.updatedAt = now;
    const written = await commerceErrors(() => store.update(next, current.version, { events: orderEventsOf(current, next, now) }), 'STORE_UNAVAILABLE');
    if (written.ok) return { done: true, value: { order: written.order, changed: true } };
    if (written.reason === 'not_found') throw new CommerceError('ORDER_NOT_FOUND', { orderId });
    return { done: false };
  };
  return retryOnConflict(RECORD_RETRY, tryOnce, (attempts) => new CommerceError('CONFLICT', { orderId, reason: `order kept changing over ${attempts} attempts` }));
}

/** Moves the order to `status` and notes it in the history (the caller checked the table). */
export function withStatus(order: Order, status: OrderStatus, at: number, reason?: string): Order {
  order.status = status;
  order.history.push({ status, at, ...(reason !== undefined ? { reason } : {}) });
  return order;
}

export function orderEvent(order: Order, at: number): OrderEvent {
  return {
    orderId: order.id,
    orderNumber: order.number,
    status: order.status,
    ...(order.customerId !== undefined ? { customerId: order.customerId } : {}),
    email: order.email,
    total: order.total,
    at,
  };
}
