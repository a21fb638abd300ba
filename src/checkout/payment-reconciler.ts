import { isCommerceError, toCommerceError } from '../shared/errors.js';
import { mutateCheckout, storeStep, type CheckoutContext } from './checkout-context.js';
import { transition } from './checkout-steps.js';
import type { CheckoutCouponHold, CheckoutPaymentResult } from './collaborators.js';
import { loadOrder, mutateOrder, orderEvent, withStatus } from './order-mutation.js';
import type { Order } from './order-types.js';
import { captureOnPlacement, classifyPayment } from './placement-steps.js';

/** What one pass over the pending orders did. */
export interface ReconcileReport {
  checked: number;
  placed: string[];
  cancelled: string[];
  stillPending: string[];
  errors: { orderId: string; code: string }[];
}

/**
 * Settles orders whose payment outcome was unknown at placement. The payment module is asked
 * (never charged again): money taken means the stock and coupon holds are committed and the
 * order is placed; money refused means they are released, the order is cancelled and the
 * checkout reopens for another payment. Every order write is a compare-and-set from
 * `payment_pending`, so concurrent reconcilers settle an order once.
 */
export class PaymentReconciler {
  constructor(private readonly ctx: CheckoutContext) {}

  async reconcileOrder(orderId: string): Promise<Order> {
    const order = await loadOrder(this.ctx.orderStore, orderId);
    if (order.status !== 'payment_pending') return order;
    let result: CheckoutPaymentResult;
    try {
      result = await this.ctx.payments.reconcilePayment(order.payment.paymentId);
    } catch (error) {
      throw toCommerceError(error);
    }
    const outcome = classifyPayment(result.status);
    if (outcome === 'pending') return this.notePaymentStatus(order, result.status);
    if (outcome === 'refused') return this.settleRefused(order, result.status);
    return this.settleTaken(order, result);
  }

  /** Checks up to `limit` pending orders, oldest first, paging past those still pending. */
  async reconcilePending(limit: number): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, placed: [], cancelled: [], stillPending: [], errors: [] };
    let cursor: string | undefined;
    while (report.checked < limit) {
      const options = { limit: Math.min(50, limit - report.checked), ...(cursor !== undefined ? { cursor } : {}) };
      const page = await storeStep(() => this.ctx.orderStore.listByStatus('payment_pending', options));
      for (const pending of page.orders) {
        report.checked += 1;
        try {
          const settled = await this.reconcileOrder(pending.id);
          if (settled.status === 'payment_pending') report.stillPending.push(settled.id);
          else if (settled.status === 'cancelled') report.cancelled.push(settled.id);
          else report.placed.push(settled.id);
        } catch (error) {
          report.errors.push({ orderId: pending.id, code: toCommerceError(error).code });
        }
      }
      if (page.cursor === undefined || page.orders.length === 0) break;
      cursor = page.cursor;
    }
    return report;
  }

  private async settleTaken(order: Order, result: CheckoutPaymentResult): Promise<Order> {
    const hold = order.couponHold as CheckoutCouponHold | undefined;
    const stocked = await this.confirmStock(order);
    if (!stocked) return this.cancelOutOfStock(order, result, hold);
    if (hold) await this.call(() => this.ctx.cart.commitCouponUsage(hold));
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

  /** The shopper paid but the stock is gone: give the money and the coupon back. */
  private async cancelOutOfStock(order: Order, result: CheckoutPaymentResult, hold: CheckoutCouponHold | undefined): Promise<Order> {
    await this.call(() =>
      result.status === 'captured'
        ? this.ctx.payments.refundPayment(result.paymentId, { reason: 'out_of_stock', idempotencyKey: `${order.id}:refund-out-of-stock` })
        : this.ctx.payments.voidPayment(result.paymentId, { idempotencyKey: `${order.id}:void` }),
    );
    if (hold) await this.call(() => this.ctx.cart.releaseCouponUsage(hold));
    return this.cancel(order, 'out_of_stock', 'voided');
  }

  private async settleRefused(order: Order, paymentStatus: string): Promise<Order> {
    const hold = order.couponHold as CheckoutCouponHold | undefined;
    await this.call(() => this.ctx.inventory.releaseReservation(order.reservationId));
    if (hold) await this.call(() => this.ctx.cart.releaseCouponUsage(hold));
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

  private async call<R>(step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (error) {
      throw toCommerceError(error);
    }
  }
}
