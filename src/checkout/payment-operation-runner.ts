import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderStore } from '../ports/order-store.js';
import { gatewayKey } from '../shared/bounded-key.js';
import { commerceErrors, toCommerceError, type CommerceError } from '../shared/errors.js';
import type { EventSink } from '../shared/events.js';
import { Money } from '../shared/money.js';
import type { CheckoutEvents } from './checkout-events.js';
import type { CheckoutInventoryApi, CheckoutPaymentResult, CheckoutPaymentsApi } from './collaborators.js';
import { mutateOrder, orderEvent } from './order-mutation.js';
import { beginOperation, completeOperation, isWaitingOn, operationOf, paymentPendingError, revertOperation, type PlannedOperation } from './order-payment-operation.js';
import type { Order, OrderPaymentOperation } from './order-types.js';

export interface PaymentOperationDeps {
  store: OrderStore;
  payments: CheckoutPaymentsApi;
  /** Restocks cancelled orders and returned lines. */
  inventory: CheckoutInventoryApi;
  clock: Clock;
  ids: IdGenerator;
  events: EventSink<CheckoutEvents>;
}

/**
 * How long an operation with no trace at the payment module may still be a call on its way
 * there; past it, reconciliation takes it as never made. The payment module gives its own
 * pending ledger entries the same grace before it asks whether the gateway did them.
 */
export const OPERATION_GRACE_MS = 60_000;

/** What settling an operation did: moved the order on, put it back, or nothing yet. */
export type SettleOutcome = 'settled' | 'reverted' | 'stillPending';

type Trace = { state: 'succeeded'; paymentStatus: string } | { state: 'pending' | 'failed' | 'absent' };

/**
 * Runs an order's capture, void or refund so that it always settles: the operation is written
 * on the order (`payment_settling`) before the payment module is called, so a timeout or a
 * crash leaves an order reconciliation finds; the order then moves on if the payment's ledger
 * shows the operation done, goes back to where it was if it shows it never done, and waits
 * (answering `ORDER_PAYMENT_PENDING`) while that is unknown.
 */
export class PaymentOperationRunner {
  constructor(private readonly deps: PaymentOperationDeps) {}

  /**
   * `plan` runs inside the order's compare-and-set: it may change the order (a refund
   * reserves its amount) and answers the operation, or null to answer the order unchanged.
   */
  async run(orderId: string, plan: (order: Order) => PlannedOperation | null, known?: Order): Promise<Order> {
    const { clock, ids } = this.deps;
    let op: OrderPaymentOperation | undefined;
    const begun = await mutateOrder(this.deps.store, orderId, clock.now(), (order) => {
      op = undefined;
      const planned = plan(order);
      if (!planned) return null;
      const started = beginOperation(order, planned, `${orderId}:${planned.kind}:${ids.next('payop')}`, clock.now());
      op = started.paymentOperation;
      return started;
    }, known);
    if (!begun.changed || !op) return begun.order;
    let result: CheckoutPaymentResult;
    try {
      result = await this.ask(begun.order, op);
    } catch (error) {
      return this.afterFailure(begun.order, op, toCommerceError(error));
    }
    return this.complete(begun.order, op, result.status);
  }

  /** Settles a `payment_settling` order by its payment's ledger (reconcile the payment first). */
  async settle(order: Order): Promise<{ order: Order; outcome: SettleOutcome }> {
    const op = operationOf(order);
    const trace = await this.trace(order, op);
    if (trace.state === 'succeeded') return { order: await this.complete(order, op, trace.paymentStatus), outcome: 'settled' };
    const mayBeOnItsWay = trace.state === 'absent' && this.deps.clock.now() - op.at < OPERATION_GRACE_MS;
    if (trace.state === 'pending' || mayBeOnItsWay) return { order, outcome: 'stillPending' };
    return { order: await this.revert(order, op), outcome: 'reverted' };
  }

  private ask(order: Order, op: OrderPaymentOperation): Promise<CheckoutPaymentResult> {
    const { payments } = this.deps;
    const paymentId = order.payment.paymentId;
    const idempotencyKey = op.idempotencyKey;
    if (op.kind === 'capture') return payments.capturePayment(paymentId, { idempotencyKey });
    if (op.kind === 'void') return payments.voidPayment(paymentId, { idempotencyKey });
    const refund = order.refunds.find((r) => r.id === op.refundId);
    return payments.refundPayment(paymentId, {
      idempotencyKey,
      ...(refund ? { amount: Money.fromJSON(refund.amount) } : {}),
      ...(refund?.reason !== undefined ? { reason: refund.reason } : {}),
    });
  }

  /**
   * The payment module answered with an error: its ledger tells whether the operation went
   * through anyway (a store failure after the gateway acted), is still unknown (a timeout), or
   * never happened; the call has returned, so an operation it has no trace of never will.
   */
  private async afterFailure(order: Order, op: OrderPaymentOperation, failure: CommerceError): Promise<Order> {
    const trace: Trace = failure.code === 'PAYMENT_OUTCOME_UNKNOWN' ? { state: 'pending' } : await this.trace(order, op).catch((): Trace => ({ state: 'pending' }));
    if (trace.state === 'succeeded') return this.complete(order, op, trace.paymentStatus);
    if (trace.state === 'pending') throw paymentPendingError(order, failure) ?? failure;
    // Should this write fail, the order stays payment_settling and reconciliation reverts it.
    await this.revert(order, op).catch(() => undefined);
    throw failure;
  }

  /** What the payment's ledger says of the operation, by its idempotency key. */
  private async trace(order: Order, op: OrderPaymentOperation): Promise<Trace> {
    const record = await this.deps.payments.getPaymentRecord(order.payment.paymentId);
    const key = gatewayKey(op.idempotencyKey);
    const entries = record.ledger.filter((e) => e.kind === op.kind && e.idempotencyKey === key);
    if (entries.some((e) => e.state === 'succeeded')) return { state: 'succeeded', paymentStatus: record.status };
    if (entries.some((e) => e.state === 'pending')) return { state: 'pending' };
    return { state: entries.length > 0 ? 'failed' : 'absent' };
  }

  private async complete(known: Order, op: OrderPaymentOperation, paymentStatus: string): Promise<Order> {
    const at = this.deps.clock.now();
    const { order, changed } = await mutateOrder(this.deps.store, known.id, at, (current) => (isWaitingOn(current, op) ? completeOperation(current, paymentStatus, at) : null), known);
    if (!changed) return order;
    this.announce(order, op, at);
    if (op.purpose === 'cancel') return this.restock(order, order.lines, 'cancelled');
    const refund = order.refunds.find((r) => r.id === op.refundId);
    return op.restock && refund?.lines ? this.restock(order, refund.lines, 'returned') : order;
  }

  private async revert(known: Order, op: OrderPaymentOperation): Promise<Order> {
    const at = this.deps.clock.now();
    return (await mutateOrder(this.deps.store, known.id, at, (current) => (isWaitingOn(current, op) ? revertOperation(current, at) : null), known)).order;
  }

  private announce(order: Order, op: OrderPaymentOperation, at: number): void {
    const { events } = this.deps;
    const event = orderEvent(order, at);
    if (op.kind === 'capture') events.emit('order.paid', { ...event, status: 'paid' });
    if (op.purpose === 'fulfil') events.emit('order.fulfilled', event);
    if (op.purpose === 'cancel') events.emit('order.cancelled', { ...event, ...(op.reason !== undefined ? { reason: op.reason } : {}) });
    const refund = op.purpose === 'refund' ? order.refunds.find((r) => r.id === op.refundId) : undefined;
    if (refund) {
      events.emit(order.status === 'refunded' ? 'order.refunded' : 'order.partially_refunded', { ...event, refundId: refund.id, amount: refund.amount, refundedTotal: order.refundedTotal });
    }
  }

  /** Puts units back into stock, recording each line as it goes: a unit is restocked once. */
  private async restock(order: Order, lines: readonly { sku: string; quantity: number }[], why: string): Promise<Order> {
    const { store, inventory, clock } = this.deps;
    let current = order;
    for (const wanted of lines) {
      const line = current.lines.find((l) => l.sku === wanted.sku);
      const units = line ? Math.min(wanted.quantity, line.quantity - line.restockedQuantity) : 0;
      if (units <= 0) continue;
      await commerceErrors(() => inventory.updateStock(wanted.sku, units, 'add', `order ${order.number} ${why}`));
      ({ order: current } = await mutateOrder(store, order.id, clock.now(), (o) => {
        const target = o.lines.find((l) => l.sku === wanted.sku);
        if (!target) return null;
        target.restockedQuantity = Math.min(target.quantity, target.restockedQuantity + units);
        return o;
      }));
    }
    return current;
  }
}
