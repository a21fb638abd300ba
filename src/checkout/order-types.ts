import type { MoneyJSON } from '../shared/money.js';
import type { PostalAddress } from './address-schema.js';
import type { CheckoutPaymentMethod } from './collaborators.js';
import type { OrderStatus } from './order-status.js';

/** One line of an order, priced at placement (JSON-safe). */
export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: MoneyJSON;
  subtotal: MoneyJSON;
  discount: MoneyJSON;
  tax: MoneyJSON;
  /** What the shopper paid for the line: subtotal - discount + tax. */
  total: MoneyJSON;
  /** Units refunded so far (never more than `quantity`). */
  refundedQuantity: number;
  /** The part of `total` refunded so far. */
  refundedAmount: MoneyJSON;
  /** Units put back into stock so far. */
  restockedQuantity: number;
}

export interface OrderRefund {
  id: string;
  amount: MoneyJSON;
  /** Set when the refund was made by lines. */
  lines?: { sku: string; quantity: number }[];
  reason?: string;
  at: number;
  /** `pending` while the payment module is asked; `failed` refunds are kept for the record. */
  state: 'pending' | 'succeeded' | 'failed';
}

export interface OrderPayment {
  paymentId: string;
  method: CheckoutPaymentMethod;
  /** The last status the payment module answered. */
  status: string;
  /** The amount captured so far. */
  captured: MoneyJSON;
}

export interface OrderHistoryEntry {
  status: OrderStatus;
  at: number;
  reason?: string;
}

/** A placed order (JSON-safe, as stored). */
export interface Order {
  id: string;
  /** Human-readable, from the store's atomic sequence, e.g. `ORD-000123`. */
  number: string;
  checkoutId: string;
  cartId: string;
  customerId?: string;
  email: string;
  status: OrderStatus;
  currency: string;
  lines: OrderLine[];
  subtotal: MoneyJSON;
  discountTotal: MoneyJSON;
  shipping: { optionId: string; name: string; price: MoneyJSON } | null;
  taxTotal: MoneyJSON;
  total: MoneyJSON;
  couponCodes: string[];
  /** The promotions the cart's pricing applied, as placed. */
  promotions: { id: string; code?: string; kind: string; amount: MoneyJSON }[];
  shippingAddress: PostalAddress;
  billingAddress: PostalAddress;
  payment: OrderPayment;
  /** Sum of succeeded and pending refunds: what may no longer be refunded. */
  refundedTotal: MoneyJSON;
  refunds: OrderRefund[];
  /** Kept while the payment is pending, so reconciliation can settle stock and coupons. */
  reservationId: string;
  couponHold?: unknown;
  history: OrderHistoryEntry[];
  cancelReason?: string;
  fulfilment?: { at: number; carrier?: string; trackingNumber?: string };
  createdAt: number;
  updatedAt: number;
  version: number;
}
