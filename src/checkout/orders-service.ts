import { systemClock } from '../adapters/system/system-clock.js';
import { randomIds } from '../adapters/system/random-ids.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderPage, OrderStore } from '../ports/order-store.js';
import { CommerceError, toCommerceError } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { Money } from '../shared/money.js';
import { parseInput } from '../shared/validation.js';
import type { CheckoutEvents } from './checkout-events.js';
import type { CheckoutInventoryApi, CheckoutPaymentsApi } from './collaborators.js';
import { loadOrder, mutateOrder, orderEvent, withStatus } from './order-mutation.js';
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
import { refundableOf } from './refund-amounts.js';
import { RefundFlow } from './refund-flow.js';

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
 * fulfilment (capturing first when the service captures at fulfilment).
 */
export class OrdersService {
  private readonly store: OrderStore;
  private readonly payments: CheckoutPaymentsApi;
  private readonly inventory: CheckoutInventoryApi;
  private readonly clock: Clock;
  private readonly events: EventSink<CheckoutEvents>;
  private readonly refunds: RefundFlow;

  constructor(options: OrdersServiceOptions) {
    this.store = options.store;
    this.payments = options.payments;
    this.inventory = options.inventory;
    this.clock = options.clock ?? systemClock;
    this.events = options.events ?? silentEvents<CheckoutEvents>();
    this.refunds = new RefundFlow({ ...options, ids: options.ids ?? randomIds, clock: this.clock, events: this.events });
  }

  async getOrder(input: { orderId: string }): Promise<Order | null> {
    const { orderId } = parseInput(orderIdSchema, input, 'getOrder');
    return this.guard(() => this.store.get(orderId));
  }

  async getOrderByNumber(input: { orderNumber: string }): Promise<Order | null> {
    const { orderNumber } = parseInput(orderNumberSchema, input, 'getOrderByNumber');
    return this.guard(() => this.store.getByNumber(orderNumber));
  }

  /** A customer's orders, newest first; pass the answer's `cursor` for the next page. */
  async listOrdersForCustomer(input: ListOrdersForCustomerInput): Promise<OrderPage> {
    const { customerId, limit, cursor } = parseInput(listOrdersForCustomerSchema, input, 'listOrdersForCustomer');
    return this.guard(() => this.store.listByCustomer(customerId, { limit: limit ?? 20, ...(cursor !== undefined ? { cursor } : {}) }));
  }

  /**
   * Cancels an order not yet fulfilled: voids the authorization (or refunds what was
   * captured), then puts every unit not already restocked back into stock. A pending payment
   * must be reconciled first.
   */
  async cancelOrder(input: CancelOrderInput): Promise<Order> {
    const { orderId, reason } = parseInput(cancelOrderSchema, input, 'cancelOrder');
    const order = await loadOrder(this.store, orderId);
    if (order.status === 'payment_pending') {
      throw new CommerceError('ORDER_INVALID_TRANSITION', { orderId, from: order.status, to: 'cancelled', reason: 'reconcile the pending payment first' });
    }
    assertTransition(orderId, order.status, 'cancelled');

    const captured = Money.fromJSON(order.payment.captured);
    if (captured.isPositive()) {
      // Refund whatever is still refundable as one more refund, through the same ledger.
      const left = refundableOf(order);
      if (left.isPositive()) await this.refunds.refund(order.id, { amount: left, reason: reason ?? 'order_cancelled' }, { keepStatus: true });
    } else {
      await this.call(() => this.payments.voidPayment(order.payment.paymentId, { idempotencyKey: `${orderId}:void` }));
    }

    const at = this.clock.now();
    const { order: cancelled, changed } = await mutateOrder(this.store, orderId, at, (current) => {
      if (current.status === 'cancelled') return null;
      assertTransition(orderId, current.status, 'cancelled');
      if (!captured.isPositive()) current.payment = { ...current.payment, status: 'voided' };
      current.cancelReason = reason ?? 'cancelled';
      return withStatus(current, 'cancelled', at, reason);
    });
    if (!changed) return cancelled;
    const restocked = await this.restockAll(cancelled);
    this.events.emit('order.cancelled', { ...orderEvent(restocked, at), ...(reason !== undefined ? { reason } : {}) });
    return restocked;
  }

  /** Refunds an amount, or units of lines, of a captured order. May be called many times. */
  async refundOrder(input: RefundOrderInput): Promise<Order> {
    const parsed = parseInput(refundOrderSchema, input, 'refundOrder');
    const request = {
      ...(parsed.amount !== undefined ? { amount: parsed.amount } : {}),
      ...(parsed.lines !== undefined ? { lines: parsed.lines } : {}),
      ...(parsed.reason !== undefined ? { reason: parsed.reason } : {}),
      ...(parsed.restock !== undefined ? { restock: parsed.restock } : {}),
      ...(parsed.idempotencyKey !== undefined ? { idempotencyKey: parsed.idempotencyKey } : {}),
    };
    return this.refunds.refund(parsed.orderId, request, { keepStatus: false });
  }

  /** Marks the order shipped; an order only authorized is captured first. */
  async markFulfilled(input: MarkFulfilledInput): Promise<Order> {
    const { orderId, carrier, trackingNumber } = parseInput(markFulfilledSchema, input, 'markFulfilled');
    const order = await loadOrder(this.store, orderId);
    assertTransition(orderId, order.status, 'fulfilled');
    let capturedNow = false;
    if (order.status === 'placed') {
      const result = await this.call(() => this.payments.capturePayment(order.payment.paymentId, { idempotencyKey: `${orderId}:capture` }));
      if (result.status !== 'captured') {
        throw new CommerceError('PAYMENT_INVALID_TRANSITION', { orderId, paymentId: result.paymentId, status: result.status, reason: 'the capture did not go through' });
      }
      capturedNow = true;
    }
    const at = this.clock.now();
    const { order: fulfilled, changed } = await mutateOrder(this.store, orderId, at, (current) => {
      if (current.status === 'fulfilled') return null;
      assertTransition(orderId, current.status, 'fulfilled');
      if (capturedNow && current.status === 'placed') {
        current.payment = { ...current.payment, status: 'captured', captured: current.total };
        withStatus(current, 'paid', at);
      }
      current.fulfilment = { at, ...(carrier !== undefined ? { carrier } : {}), ...(trackingNumber !== undefined ? { trackingNumber } : {}) };
      return withStatus(current, 'fulfilled', at);
    });
    if (!changed) return fulfilled;
    if (capturedNow) this.events.emit('order.paid', { ...orderEvent(fulfilled, at), status: 'paid' });
    this.events.emit('order.fulfilled', orderEvent(fulfilled, at));
    return fulfilled;
  }

  /** Puts back every unit not yet restocked, recording each line as it goes. */
  private async restockAll(order: Order): Promise<Order> {
    let current = order;
    for (const line of order.lines) {
      const units = line.quantity - line.restockedQuantity;
      if (units <= 0) continue;
      await this.call(() => this.inventory.updateStock(line.sku, units, 'add', `order ${order.number} cancelled`));
      const at = this.clock.now();
      ({ order: current } = await mutateOrder(this.store, order.id, at, (o) => {
        const target = o.lines.find((l) => l.sku === line.sku);
        if (!target) return null;
        target.restockedQuantity = target.quantity;
        return o;
      }));
    }
    return current;
  }

  private async guard<R>(step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
  }

  private async call<R>(step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (error) {
      throw toCommerceError(error);
    }
  }
}
