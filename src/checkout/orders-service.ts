import { systemClock } from '../adapters/system/system-clock.js';
import { randomIds } from '../adapters/system/random-ids.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderPage, OrderStore } from '../ports/order-store.js';
import { commerceErrors } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { parseInput } from '../shared/validation.js';
import type { CheckoutEvents } from './checkout-events.js';
import type { CheckoutInventoryApi, CheckoutPaymentsApi } from './collaborators.js';
import { loadOrder, mutateOrder, orderEvent, withStatus } from './order-mutation.js';
import { assertNoPaymentPending } from './order-payment-operation.js';
import { planCancel, planRefund } from './order-payment-plans.js';
import {
  cancelOrderSchema,
  listOrdersForCustomerSchema,
  markFulfilledSchema,
  orderIdSchema,
  orderNumberSchema,
  refundOrderSchema,
  type CancelOrderInput,
  type ListOrdersForCustomerInput,
  type MarkFulfilledInput,
  type RefundOrderInput,
} from './order-schemas.js';
import { assertTransition } from './order-status.js';
import type { Order } from './order-types.js';
import { PaymentOperationRunner } from './payment-operation-runner.js';

export interface OrdersServiceOptions {
  /** Where orders live (shared with `CheckoutService`). */
  store: OrderStore;
  payments: CheckoutPaymentsApi;
  /** Restocks cancelled and returned goods. */
  inventory: CheckoutInventoryApi;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventSink<CheckoutEvents>;
}

/**
 * Orders after placement: reading, cancelling (void or refund, restock), refunding (by
 * amount or by lines, partial, several times, never above what was captured) and
 * fulfilment (capturing first when the service captures at fulfilment). Each capture, void
 * or refund runs through the PaymentOperationRunner: while one is in flight or unknown the
 * order is `payment_settling` and these operations answer `ORDER_PAYMENT_PENDING`.
 */
export class OrdersService {
  private readonly store: OrderStore;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly events: EventSink<CheckoutEvents>;
  private readonly operations: PaymentOperationRunner;

  constructor(options: OrdersServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.events = options.events ?? silentEvents<CheckoutEvents>();
    this.operations = new PaymentOperationRunner({ ...options, clock: this.clock, ids: this.ids, events: this.events });
  }

  async getOrder(input: { orderId: string }): Promise<Order | null> {
    const { orderId } = parseInput(orderIdSchema, input, 'getOrder');
    return commerceErrors(() => this.store.get(orderId), 'STORE_UNAVAILABLE');
  }

  async getOrderByNumber(input: { orderNumber: string }): Promise<Order | null> {
    const { orderNumber } = parseInput(orderNumberSchema, input, 'getOrderByNumber');
    return commerceErrors(() => this.store.getByNumber(orderNumber), 'STORE_UNAVAILABLE');
  }

  /** A customer's orders, newest first; pass the answer's `cursor` for the next page. */
  async listOrdersForCustomer(input: ListOrdersForCustomerInput): Promise<OrderPage> {
    const { customerId, limit, cursor } = parseInput(listOrdersForCustomerSchema, input, 'listOrdersForCustomer');
    return commerceErrors(() => this.store.listByCustomer(customerId, { limit: limit ?? 20, ...(cursor !== undefined ? { cursor } : {}) }), 'STORE_UNAVAILABLE');
  }

  /**
   * Cancels an order not yet fulfilled: voids the authorization (or refunds what is left of
   * the capture), then puts every unit not already restocked back into stock.
   */
  async cancelOrder(input: CancelOrderInput): Promise<Order> {
    const { orderId, reason } = parseInput(cancelOrderSchema, input, 'cancelOrder');
    const order = await loadOrder(this.store, orderId);
    assertNoPaymentPending(order);
    assertTransition(orderId, order.status, 'cancelled');
    const refundId = this.ids.next('refund');
    return this.operations.run(orderId, (current) => planCancel(current, refundId, reason, this.clock.now()), order);
  }

  /** Refunds an amount, or units of lines, of a captured order. May be called many times. */
  async refundOrder(input: RefundOrderInput): Promise<Order> {
    const parsed = parseInput(refundOrderSchema, input, 'refundOrder');
    const request = {
      ...(parsed.amount !== undefined ? { amount: parsed.amount } : {}),
      ...(parsed.lines !== undefined ? { lines: parsed.lines } : {}),
      ...(parsed.shipping !== undefined ? { shipping: parsed.shipping.amount !== undefined ? { amount: parsed.shipping.amount } : {} } : {}),
      ...(parsed.reason !== undefined ? { reason: parsed.reason } : {}),
      ...(parsed.restock !== undefined ? { restock: parsed.restock } : {}),
    };
    // A key names the refund itself, so a resent request finds it on the order.
    const refundId = parsed.idempotencyKey !== undefined ? `refund_key_${parsed.idempotencyKey}` : this.ids.next('refund');
    return this.operations.run(parsed.orderId, (order) => planRefund(order, refundId, request, this.clock.now()));
  }

  /** Marks the order shipped; an order only authorized is captured first. */
  async markFulfilled(input: MarkFulfilledInput): Promise<Order> {
    const { orderId, carrier, trackingNumber } = parseInput(markFulfilledSchema, input, 'markFulfilled');
    const order = await loadOrder(this.store, orderId);
    assertNoPaymentPending(order);
    assertTransition(orderId, order.status, 'fulfilled');
    const fulfilment = { ...(carrier !== undefined ? { carrier } : {}), ...(trackingNumber !== undefined ? { trackingNumber } : {}) };
    if (order.status === 'placed') {
      const captured = await this.operations.run(orderId, (current) => (current.status === 'placed' ? { kind: 'capture', purpose: 'fulfil', fulfilment } : null), order);
      if (captured.status === 'fulfilled') return captured;
    }
    const at = this.clock.now();
    const { order: fulfilled, changed } = await mutateOrder(this.store, orderId, at, (current) => {
      if (current.status === 'fulfilled') return null;
      assertNoPaymentPending(current);
      assertTransition(orderId, current.status, 'fulfilled');
      current.fulfilment = { at, ...fulfilment };
      return withStatus(current, 'fulfilled', at);
    });
    if (changed) this.events.emit('order.fulfilled', orderEvent(fulfilled, at));
    return fulfilled;
  }

}
