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
  /** The part of `amount` that refunds shipping (its tax included), when the refund took shipping. */
  shipping?: MoneyJSON;
  /** The tax `amount` gives back, when the refund was made by lines and/or shipping. */
  tax?: MoneyJSON;
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

/**
 * A capture, void or refund the order asked the payment module for. It is written on the
 * order (status `payment_settling`) before the call and cleared when the call settles, so an
 * order whose call timed out or whose process died is found and settled by reconciliation,
 * and no other payment operation starts on the order meanwhile.
 */
export interface OrderPaymentOperation {
  /** What the payment module was asked to do. */
  kind: 'capture' | 'void' | 'refund';
  /** What the order does once the money moved: become `paid` (capture), `fulfil`, `cancel` or `refund`. */
  purpose: 'capture' | 'fulfil' | 'cancel' | 'refund';
  /** The status the order had: where it goes back to if the gateway never did it. */
  from: OrderStatus;
  /** This attempt's idempotency key at the payment module: its ledger entry tells the outcome. */
  idempotencyKey: string;
  /** When it was written; a younger operation may still be on its way to the payment module. */
  at: number;
  /** The entry of `refunds` this operation pays (kind `refund`). */
  refundId?: string;
  /** Put the refunded lines back into stock (purpose `refund`). */
  restock?: boolean;
  /** Why the order is cancelled (purpose `cancel`). */
  reason?: string;
  /** What markFulfilled was told (purpose `fulfil`). */
  fulfilment?: { carrier?: string; trackingNumber?: string };
}

export interface OrderHistoryEntry {
  status: OrderStatus;
  at: number;
  reason?: string;
}

/**
 * The shipping of an order as charged. The fields after `price` came with tax on shipping;
 * an order placed before has none of them: its shipping was untaxed and `total` is `price`.
 */
export interface OrderShipping {
  optionId: string;
  name: string;
  /** What was charged for shipping, after shipping promotions. */
  price: MoneyJSON;
  /** The tax on shipping, on its own. */
  tax?: MoneyJSON;
  /** Whether `price` includes `tax`. */
  taxIncluded?: boolean;
  /** `price`, plus `tax` when the price does not include it: what the shopper paid for shipping. */
  total?: MoneyJSON;
  /** The part of the total refunded so far. */
  refunded?: MoneyJSON;
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
  shipping: OrderShipping | null;
  taxTotal: MoneyJSON;
  /** Tax per rate, lines and shipping together (absent on orders placed before it existed). */
  taxSummary?: { rate: string; taxable: MoneyJSON; tax: MoneyJSON }[];
  total: MoneyJSON;
  couponCodes: string[];
  /** The promotions the cart's pricing applied, as placed. */
  promotions: { id: string; code?: string; kind: string; amount: MoneyJSON }[];
  shippingAddress: PostalAddress;
  billingAddress: PostalAddress;
  payment: OrderPayment;
  /** Set while the order's status is `payment_settling`. */
  paymentOperation?: OrderPaymentOperation;
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
