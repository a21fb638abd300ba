import { commerceErrors, isCommerceError, toCommerceError } from '../shared/errors.js';
import { mutateCheckout, type CheckoutContext } from './checkout-context.js';
import { transition } from './checkout-steps.js';
import type { CheckoutCouponHold, CheckoutPaymentResult } from './collaborators.js';
import { loadOrder, mutateOrder, orderEvent, withStatus } from './order-mutation.js';
import type { Order } from './order-types.js';
import { actionExpiry, captureOnPlacement, classifyPayment } from './placement-steps.js';

/** What one pass over the orders waiting on their payment did (order ids in each list). */
export interface ReconcileReport {
  checked: number;
  /** Placements whose payment went through: the order is placed (or paid). */
  placed: string[];
  /** Placements whose payment failed (or whose stock was gone): the order is cancelled. */
  cancelled: string[];
  /** Captures, voids and refunds the gateway did: the order moved on (or another reconciler settled it meanwhile). */
  settled: string[];
  /** Captures, voids and refunds the gateway never did: the order is back where it was. */
  reverted: string[];
  /** Still not known (or a person reviews the payment); tried again on the next pass. */
  stillPending: string[];
  errors: { orderId: string; code: string }[];
}

type Outcome = 'placed' | 'cancelled' | 'settled' | 'reverted' | 'stillPending';

/** The statuses of orders waiting on their payment, in the order a pass checks them. */
const WAITING_STATUSES = ['payment_pending', 'payment_settling'] as const;

/**
 * Settles orders waiting on their payment; the payment module is asked (never charged
 * again). A placement whose outcome was unknown (`payment_pending`): money taken means the
 * stock and coupon holds are committed and the order is placed; money refused means they are
 * released, the order is cancelled and the checkout reopens for another payment. A capture,
 * void or refund whose outcome was unknown (`payment_settling`) is settled by the payment's
 * ledger (see PaymentOperationRunner). Every order write is a compare-and-set from the
 * waiting status, so concurrent reconcilers settle an order once.
 */
export class PaymentReconciler {
  constructor(private readonly ctx: CheckoutContext) {}

  async reconcileOrder(orderId: string): Promise<Order> {
    return (await this.reconcile(orderId)).order;
  }

  /**
   * Checks up to `limit` waiting orders: the placements first, then the other payment
   * operations, each oldest first, paging past those still pending.
   */
  async reconcilePending(limit: number): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, placed: [], cancelled: [], settled: [], reverted: [], stillPending: [], errors: [] };
    for (const status of WAITING_STATUSES) {
      let cursor: string | undefined;
      while (report.checked < limit) {
        const options = { limit: Math.min(50, limit - report.checked), ...(cursor !== undefined ? { cursor } : {}) };
        const page = await commerceErrors(() => this.ctx.orderStore.listByStatus(status, options), 'STORE_UNAVAILABLE');
        for (const waiting of page.orders) {
          report.checked += 1;
          try {
            report[(await this.reconcile(waiting.id)).outcome].push(waiting.id);
          } catch (error) {
            report.errors.push({ orderId: waiting.id, code: toCommerceError(error).code });
          }
        }
        if (page.cursor === undefined || page.orders.length === 0) break;
        cursor = page.cursor;
      }
    }
    return report;
  }

  private async reconcile(orderId: string): Promise<{ order: Order; outcome: Outcome }> {
    const order = await loadOrder(this.ctx.orderStore, orderId);
    if (order.status !== 'payment_pending' && order.status !== 'payment_settling') return { order, outcome: 'settled' };
    const result = await commerceErrors(() => this.ctx.payments.reconcilePayment(order.payment.paymentId));
    if (order.status === 'payment_settling') return this.ctx.orderPayments.settle(order);
    const outcome = classifyPayment(result.status);
    if (result.status === 'requires_action' && this.ctx.clock.now() >= actionExpiry(this.ctx, order)) {
      const settled = await this.abandonAction(order);
      return { order: settled, outcome: settled.status === 'cancelled' ? 'cancelled' : 'stillPending' };
    }
    const settled =
      outcome === 'pending' ? await this.notePaymentStatus(order, result.status) : outcome === 'refused' ? await this.settleRefused(order, result.status) : await this.settleTaken(order, result);
    return { order: settled, outcome: settled.status === 'payment_pending' ? 'stillPending' : settled.status === 'cancelled' ? 'cancelled' : 'placed' };
  }

  private async settleTaken(order: Order, result: CheckoutPaymentResult): Promise<Order> {
    const hold = order.couponHold as CheckoutCouponHold | undefined;
    const stocked = await this.confirmStock(order);
    if (!stocked) return this.cancelOutOfStock(order, result, hold);
    if (hold && !(await this.commitCoupons(hold))) return this.cancelCouponsGone(order, result);
    const at = this.ctx.clock.now();
    const status = result.status === 'captured' ? 'paid' : 'placed';
    const { order: placed, changed } = await mutateOrder(this.ctx.orderStore, order.id, at, (current) => {
      if (current.status !== 'payment_pending') return null;
      delete current.couponHold;
      current.payment = { ...current.payment, status: result.status, ...(status === 'paid' ? { captured: current.total } : {}) };
      return withStatus(current, status, at, 'payment_reconciled');
    });
    if (!changed) return placed;
    this.ctx.events.emit('order.placed', orderEvent(placed, at));
    if (placed.status === 'paid') this.ctx.events.emit('order.paid', orderEvent(placed, at));
    const settled = await captureOnPlacement(this.ctx, placed);
    await this.ctx.cart.deleteCart(order.cartId).catch(() => undefined);
    this.ctx.events.emit('checkout.completed', { checkoutId: order.checkoutId, orderId: order.id, orderNumber: order.number });
    return settled;
  }

  /**
   * Confirms the stock held for the order. A hold that lapsed while the payment was pending
   * is taken again if the stock is still there; answers false when it is not.
   */
  private async confirmStock(order: Order): Promise<boolean> {
    try {
      await this.ctx.inventory.confirmReservation(order.reservationId);
      return true;
    } catch (error) {
      if (!isCommerceError(error, 'RESERVATION_NOT_ACTIVE') && !isCommerceError(error, 'RESERVATION_NOT_FOUND')) throw toCommerceError(error);
    }
    try {
      const lines = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      const again = await this.ctx.inventory.reserveItems(lines, { orderId: order.id, ttlMs: this.ctx.settings.reservationTtlMs });
      await this.ctx.inventory.confirmReservation(again.id);
      return true;
    } catch (error) {
      if (isCommerceError(error, 'INSUFFICIENT_INVENTORY')) return false;
      throw toCommerceError(error);
    }
  }

  /**
   * Commits the order's coupon uses. Its hold lapsed if the payment took longer than the
   * stock reservation: then the uses are counted again if still free; answers false when
   * another order took them meanwhile (nothing is counted).
   */
  private async commitCoupons(hold: CheckoutCouponHold): Promise<boolean> {
    try {
      await this.ctx.cart.commitCouponUsage(hold);
      return true;
    } catch (error) {
      if (isCommerceError(error, 'COUPON_USAGE_LIMIT')) return false;
      throw toCommerceError(error);
    }
  }

  /**
   * The shopper paid, but the discount was priced on a coupon use that lapsed and went to
   * another order: the money goes back and the stock just confirmed is put back, as for
   * stock that is gone, rather than placing an order at a price no coupon covers.
   */
  private async cancelCouponsGone(order: Order, result: CheckoutPaymentResult): Promise<Order> {
    await this.givePaymentBack(order, result, 'coupon_unavailable');
    for (const line of order.lines) await commerceErrors(() => this.ctx.inventory.updateStock(line.sku, line.quantity, 'add', `order ${order.number} not placed: coupon used up`));
    return this.cancel(order, 'coupon_unavailable', result.status === 'captured' ? 'refunded' : 'voided');
  }

  private async givePaymentBack(order: Order, result: CheckoutPaymentResult, reason: string): Promise<void> {
    await commerceErrors(() =>
      result.status === 'captured'
        ? this.ctx.payments.refundPayment(result.paymentId, { reason, idempotencyKey: `${order.id}:refund-${reason.replace(/_/g, '-')}` })
        : this.ctx.payments.voidPayment(result.paymentId, { idempotencyKey: `${order.id}:void` }),
    );
  }

  /** The shopper paid but the stock is gone: give the money and the coupon back. */
  private async cancelOutOfStock(order: Order, result: CheckoutPaymentResult, hold: CheckoutCouponHold | undefined): Promise<Order> {
    await this.givePaymentBack(order, result, 'out_of_stock');
    if (hold) await commerceErrors(() => this.ctx.cart.releaseCouponUsage(hold));
    return this.cancel(order, 'out_of_stock', 'voided');
  }

  private async settleRefused(order: Order, paymentStatus: string): Promise<Order> {
    const hold = order.couponHold as CheckoutCouponHold | undefined;
    await commerceErrors(() => this.ctx.inventory.releaseReservation(order.reservationId));
    if (hold) await commerceErrors(() => this.ctx.cart.releaseCouponUsage(hold));
    const cancelled = await this.cancel(order, 'payment_failed', paymentStatus);
    if (cancelled.status === 'cancelled' && cancelled.cancelReason === 'payment_failed') await this.reopenCheckout(cancelled);
    return cancelled;
  }

  private async cancel(order: Order, reason: string, paymentStatus: string): Promise<Order> {
    const at = this.ctx.clock.now();
    const { order: cancelled, changed } = await mutateOrder(this.ctx.orderStore, order.id, at, (current) => {
      if (current.status !== 'payment_pending') return null;
      delete current.couponHold;
      current.cancelReason = reason;
      current.payment = { ...current.payment, status: paymentStatus };
      return withStatus(current, 'cancelled', at, reason);
    });
    if (changed) this.ctx.events.emit('order.cancelled', { ...orderEvent(cancelled, at), reason });
    return cancelled;
  }

  /** The payment failed after all: the shopper may pay again with another method. */
  private async reopenCheckout(order: Order): Promise<void> {
    await mutateCheckout(this.ctx, order.checkoutId, (state) => {
      if (state.status !== 'confirmed' || state.orderId !== order.id) return null;
      const steps = transition({ currentStep: state.currentStep, completedSteps: state.completedSteps, hasShipping: true, hasPayment: true }, 'reopen');
      delete state.orderId;
      delete state.orderNumber;
      delete state.payment;
      return { ...state, status: 'open', currentStep: steps.currentStep, completedSteps: [...steps.completedSteps], reopenCount: state.reopenCount + 1 };
    }).catch((error: unknown) => {
      // An expired checkout cannot be reopened; the shopper starts a new one on the cart.
      if (!isCommerceError(error, 'CHECKOUT_NOT_FOUND')) throw error;
    });
  }

  /**
   * The shopper never finished 3-D Secure and the stock held for the order lapsed: the
   * payment is voided at the gateway (so a late authentication cannot take money for an
   * order that is gone; a void also releases one that authorized at the last moment), then
   * stock and coupon uses are released, the order cancelled and the checkout reopened.
   */
  private async abandonAction(order: Order): Promise<Order> {
    const voided = await commerceErrors(() => this.ctx.payments.voidPayment(order.payment.paymentId, { idempotencyKey: `${order.id}:void` }));
    if (voided.status !== 'voided') return this.notePaymentStatus(order, voided.status);
    return this.settleRefused(order, 'voided');
  }

  private async notePaymentStatus(order: Order, status: string): Promise<Order> {
    if (order.payment.status === status) return order;
    const at = this.ctx.clock.now();
    const { order: noted } = await mutateOrder(this.ctx.orderStore, order.id, at, (current) => {
      if (current.status !== 'payment_pending') return null;
      current.payment = { ...current.payment, status };
      return current;
    });
    return noted;
  }

}
