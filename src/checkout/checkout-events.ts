import type { MoneyJSON } from '../shared/money.js';
import type { CheckoutStep } from './checkout-steps.js';
import type { OrderStatus } from './order-status.js';

export interface CheckoutStarted {
  checkoutId: string;
  cartId: string;
  userId?: string;
}

export interface CheckoutStepChanged {
  checkoutId: string;
  action: string;
  currentStep: CheckoutStep;
}

export interface CheckoutFailed {
  checkoutId: string;
  /** The saga step that failed, e.g. `inventory` or `payment`. */
  step: string;
  /** The inner error code, e.g. `INSUFFICIENT_INVENTORY` or `PAYMENT_DECLINED`. */
  code: string;
}

export interface CheckoutCompleted {
  checkoutId: string;
  orderId: string;
  orderNumber: string;
}

/** Every order event carries the order's new status and totals. */
export interface OrderEvent {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  customerId?: string;
  email: string;
  total: MoneyJSON;
  at: number;
}

export interface OrderRefunded extends OrderEvent {
  refundId: string;
  amount: MoneyJSON;
  refundedTotal: MoneyJSON;
}

export interface OrderCancelled extends OrderEvent {
  reason?: string;
}

/** The events of checkout and orders, emitted after the change is stored. */
export type CheckoutEvents = {
  'checkout.started': CheckoutStarted;
  'checkout.updated': CheckoutStepChanged;
  'checkout.failed': CheckoutFailed;
  'checkout.completed': CheckoutCompleted;
  'order.payment_pending': OrderEvent;
  'order.placed': OrderEvent;
  'order.paid': OrderEvent;
  'order.fulfilled': OrderEvent;
  'order.cancelled': OrderCancelled;
  'order.partially_refunded': OrderRefunded;
  'order.refunded': OrderRefunded;
};
