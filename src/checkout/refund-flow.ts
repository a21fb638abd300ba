import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderStore } from '../ports/order-store.js';
import { CommerceError, toCommerceError } from '../shared/errors.js';
import type { EventSink } from '../shared/events.js';
import { Money } from '../shared/money.js';
import type { CheckoutEvents } from './checkout-events.js';
import type { CheckoutInventoryApi, CheckoutPaymentsApi } from './collaborators.js';
import { mutateOrder, orderEvent, withStatus } from './order-mutation.js';
import { assertTransition } from './order-status.js';
import type { Order } from './order-types.js';
import { applyLineRefund, refundableOf, revertLineRefund } from './refund-amounts.js';

export interface RefundRequest {
  /** A given amount; without it and without lines, everything still refundable. */
  amount?: Money;
  lines?: { sku: string; quantity: number }[];
  reason?: string;
  restock?: boolean;
  idempotencyKey?: string;
}

const REFUNDABLE_STATUSES = new Set(['paid', 'fulfilled', 'partially_refunded']);

/**
 * One refund in three writes: reserve it on the order (compare-and-set, so two concurrent
 * refunds can never together exceed what was captured), ask the payment module, then settle
 * it (succeeded, status moved) or give the reservation back if the payment module refused.
 */
export class RefundFlow {
  constructor(
    private readonly deps: {
      store: OrderStore;
      payments: CheckoutPaymentsApi;
      inventory: CheckoutInventoryApi;
      clock: Clock;
      ids: IdGenerator;
      events: EventSink<CheckoutEvents>;
    },
  ) {}

  /** `keepStatus` is for a cancellation, which sets the status itself and emits its own event. */
  async refund(orderId: string, request: RefundRequest, options: { keepStatus: boolean }): Promise<Order> {
    const { store, payments, clock } = this.deps;
    const refundId = request.idempotencyKey !== undefined ? `refund_key_${request.idempotencyKey}` : this.deps.ids.next('refund');
    let amount: Money | undefined;
    const reserved = await mutateOrder(store, orderId, clock.now(), (order) => {
      const earlier = order.refunds.find((r) => r.id === refundId);
      // The same request again: answer the order as the first one left it.
      if (earlier && earlier.state !== 'failed') return null;
      if (earlier) order.refunds = order.refunds.filter((r) => r !== earlier);
      if (!options.keepStatus && !REFUNDABLE_STATUSES.has(order.status)) {
        throw new CommerceError('ORDER_INVALID_TRANSITION', { orderId, from: order.status, to: 'refunded', reason: `an order ${order.status} has no captured payment to refund` });
      }
      const refundable = refundableOf(order);
      amount = request.lines ? applyLineRefund(order, request.lines) : (request.amount ?? refundable);
      if (amount.isZero()) return null;
      if (amount.greaterThan(refundable)) {
        throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { orderId, amount: amount.toJSON(), refundable: refundable.toJSON(), reason: `at most ${refundable.toString()} can be refunded` });
      }
      order.refundedTotal = Money.fromJSON(order.refundedTotal).add(amount).toJSON();
      order.refunds.push({
        id: refundId,
        amount: amount.toJSON(),
        at: clock.now(),
        state: 'pending',
        ...(request.lines ? { lines: request.lines } : {}),
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
      });
      return order;
    });
    if (!reserved.changed || !amount) return reserved.order;
    const refundAmount = amount;

    try {
      await payments.refundPayment(reserved.order.payment.paymentId, {
        amount: refundAmount,
        idempotencyKey: `${orderId}:refund:${refundId}`,
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
      });
    } catch (error) {
      await this.settle(orderId, refundId, 'failed', (order) => {
        order.refundedTotal = Money.fromJSON(order.refundedTotal).subtract(refundAmount).toJSON();
        if (request.lines) revertLineRefund(order, request.lines);
      }).catch(() => undefined);
      throw toCommerceError(error);
    }

    const at = clock.now();
    const settled = await this.settle(orderId, refundId, 'succeeded', (order) => {
      if (options.keepStatus || !REFUNDABLE_STATUSES.has(order.status)) return;
      const succeeded = Money.sum(order.refunds.filter((r) => r.state === 'succeeded').map((r) => Money.fromJSON(r.amount)), order.currency);
      const next = succeeded.equals(Money.fromJSON(order.payment.captured)) ? 'refunded' : 'partially_refunded';
      assertTransition(orderId, order.status, next);
      withStatus(order, next, at, request.reason);
    });
    if (!options.keepStatus && (settled.status === 'refunded' || settled.status === 'partially_refunded')) {
      this.deps.events.emit(settled.status === 'refunded' ? 'order.refunded' : 'order.partially_refunded', {
        ...orderEvent(settled, at),
        refundId,
        amount: refundAmount.toJSON(),
        refundedTotal: settled.refundedTotal,
      });
    }
    return request.restock && request.lines ? this.restock(settled, request.lines) : settled;
  }

  private async settle(orderId: string, refundId: string, state: 'succeeded' | 'failed', apply: (order: Order) => void): Promise<Order> {
    const { order } = await mutateOrder(this.deps.store, orderId, this.deps.clock.now(), (current) => {
      const refund = current.refunds.find((r) => r.id === refundId);
      if (!refund || refund.state !== 'pending') return null;
      refund.state = state;
      apply(current);
      return current;
    });
    return order;
  }

  /** Returned goods back into stock; each line's restocked count never passes its quantity. */
  private async restock(order: Order, lines: readonly { sku: string; quantity: number }[]): Promise<Order> {
    let current = order;
    for (const wanted of lines) {
      const line = current.lines.find((l) => l.sku === wanted.sku);
      const units = line ? Math.min(wanted.quantity, line.quantity - line.restockedQuantity) : 0;
      if (units <= 0) continue;
      await toCommerce(() => this.deps.inventory.updateStock(wanted.sku, units, 'add', `order ${order.number} returned`));
      ({ order: current } = await mutateOrder(this.deps.store, order.id, this.deps.clock.now(), (o) => {
        const target = o.lines.find((l) => l.sku === wanted.sku);
        if (!target) return null;
        target.restockedQuantity = Math.min(target.quantity, target.restockedQuantity + units);
        return o;
      }));
    }
    return current;
  }
}

async function toCommerce<R>(step: () => Promise<R>): Promise<R> {
  try {
    return await step();
  } catch (error) {
    throw toCommerceError(error);
  }
}
