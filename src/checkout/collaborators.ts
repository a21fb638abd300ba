import type { Money } from '../shared/money.js';

/**
 * The narrow parts of the cart, inventory and payment services that checkout calls.
 * They are structural: the real `CartService`, `InventoryService` and `PaymentService`
 * satisfy them without adapters, and tests can pass faithful fakes. Only members checkout
 * uses are declared, so a service is free to grow. Names carry a `Checkout` prefix so
 * they never collide with the other modules' own exports on `commerce-kernel`.
 */

/** One line of a cart, as far as checkout reads it (the cart's own line has more). */
export interface CheckoutCartLine {
  sku: string;
  quantity: number;
}

/** A cart, as far as checkout reads it: whose it is, its currency and what is in it. */
export interface CheckoutCart {
  id: string;
  /** The owner; `null` (the cart module's answer) or absent for a guest cart. */
  userId?: string | null | undefined;
  currency: string;
  lines: readonly CheckoutCartLine[];
}

/** Where the order ships: drives shipping options and tax. */
export interface CheckoutDestination {
  country: string;
  region?: string;
  postalCode?: string;
}

export interface CheckoutPriceOptions {
  destination?: CheckoutDestination;
  shippingOptionId?: string;
  customerId?: string;
}

export interface CheckoutPricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** The unit price charged (the catalogue's now). */
  unitPrice: Money;
  /** The unit price the cart showed when the line was added, when the cart module reports it. */
  cartUnitPrice?: Money;
  subtotal: Money;
  discount: Money;
  tax: Money;
  total: Money;
}

export interface CheckoutShippingQuote {
  id: string;
  name: string;
  price: Money;
}

/** The cart priced by the cart module's rules (promotions, shipping, tax). */
export interface CheckoutPricedCart {
  currency: string;
  lines: readonly CheckoutPricedLine[];
  subtotal: Money;
  discountTotal: Money;
  taxTotal: Money;
  total: Money;
  shipping: { optionId: string; name: string; price: Money; tax?: Money; taxIncluded?: boolean; total?: Money } | null;
  /** Tax per rate, lines and shipping together. */
  taxSummary?: readonly { rate: string; taxable: Money; tax: Money }[];
  shippingOptions: readonly CheckoutShippingQuote[];
  itemCount: number;
  appliedPromotions: readonly { id: string; code?: string | undefined; kind: string; amount: Money }[];
}

/**
 * A hold on coupon uses, made by `reserveCouponUsage` and handed back unchanged to commit or
 * release it. Checkout keeps it in the order record while a payment is pending, so it must be
 * JSON-safe (Money fields survive as their JSON form).
 */
export interface CheckoutCouponHold {
  holdId: string;
}

/** What checkout needs from the cart module. */
export interface CheckoutCartApi {
  /** The cart, or null when it does not exist (or expired). */
  getCart(cartId: string): Promise<CheckoutCart | null>;
  /** Prices the cart; throws `COUPON_*` when a coupon no longer applies. */
  priceCart(cartId: string, options: CheckoutPriceOptions): Promise<CheckoutPricedCart>;
  /**
   * Holds one use of each coupon of the cart; throws `COUPON_USAGE_LIMIT` when none is left.
   * The hold lapses after `ttlMs` unless committed; the same hold id reserved after that
   * reserves anew.
   */
  reserveCouponUsage(input: { cartId: string; holdId: string; customerId?: string; ttlMs?: number }): Promise<CheckoutCouponHold>;
  /** Turns a hold into counted uses. Idempotent; `COUPON_USAGE_LIMIT` for a lapsed hold whose uses went to others. */
  commitCouponUsage(hold: CheckoutCouponHold): Promise<unknown>;
  /** Gives the held uses back. Idempotent. */
  releaseCouponUsage(hold: CheckoutCouponHold): Promise<unknown>;
  /** Deletes the cart once the order is placed. */
  deleteCart(cartId: string): Promise<unknown>;
}

export interface CheckoutStockLine {
  sku: string;
  quantity: number;
}

/** A stock reservation, as far as checkout reads it. */
export interface CheckoutReservation {
  id: string;
}

/** What checkout and orders need from the inventory module. */
export interface CheckoutInventoryApi {
  checkAvailability(lines: readonly CheckoutStockLine[]): Promise<{
    available: boolean;
    shortages: readonly { sku: string; requested: number; available: number }[];
  }>;
  /** Reserves every line or none; throws `INSUFFICIENT_INVENTORY`. */
  reserveItems(lines: readonly CheckoutStockLine[], options: { orderId?: string; ttlMs?: number }): Promise<CheckoutReservation>;
  /** Turns the reservation into a stock deduction. Idempotent (answers `{ changed, reservation }`). */
  confirmReservation(reservationId: string): Promise<unknown>;
  /** Frees the reserved stock. Idempotent (answers `{ changed, reservation }`). */
  releaseReservation(reservationId: string): Promise<unknown>;
  /** Puts stock back (cancelled or returned orders). */
  updateStock(sku: string, quantity: number, operation: 'add', reason: string): Promise<unknown>;
}

/** The payment methods checkout accepts, as the payment module names them. */
export type CheckoutPaymentMethod = 'credit_card' | 'paypal' | 'apple_pay' | 'google_pay' | 'bank_transfer';

export type CheckoutPaymentStatus = 'authorized' | 'captured' | 'failed' | 'blocked' | 'review' | 'unknown' | 'requires_action';

/** A payment's outcome, as far as checkout reads it. */
export interface CheckoutPaymentResult {
  paymentId: string;
  status: CheckoutPaymentStatus | (string & {});
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  /** The gateway's id of the payment (a Stripe PaymentIntent, a PayPal order). */
  gatewayTransactionId?: string | null | undefined;
  /** For `requires_action`: what the shopper must do (3-D Secure), where the gateway said. */
  nextAction?: { type: string; url?: string | undefined } | undefined;
}

export interface CheckoutPaymentRequest {
  orderId: string;
  amount: Money;
  method: CheckoutPaymentMethod;
  paymentToken: string;
  customer: { id?: string; email: string; ip?: string; deviceId?: string };
  billingCountry?: string;
  capture?: boolean;
  idempotencyKey?: string;
}

/**
 * A payment's ledger, as far as orders read it: whether the operation made with an
 * idempotency key went through (`succeeded`), did not (`failed`), or is not known yet.
 */
export interface CheckoutPaymentLedger {
  status: CheckoutPaymentStatus | (string & {});
  ledger: readonly { kind: string; state: 'pending' | 'succeeded' | 'failed'; idempotencyKey: string }[];
}

/** What checkout and orders need from the payment module. */
export interface CheckoutPaymentsApi {
  /** Screens and authorizes (or captures); answers every outcome, throws only for bad input. */
  processPayment(request: CheckoutPaymentRequest): Promise<CheckoutPaymentResult>;
  capturePayment(paymentId: string, options: { amount?: Money; idempotencyKey?: string }): Promise<CheckoutPaymentResult>;
  voidPayment(paymentId: string, options: { idempotencyKey?: string }): Promise<CheckoutPaymentResult>;
  refundPayment(paymentId: string, options: { amount?: Money; reason?: string; idempotencyKey?: string }): Promise<CheckoutPaymentResult>;
  /** Asks the gateway what became of a payment whose outcome was unknown. */
  reconcilePayment(paymentId: string): Promise<CheckoutPaymentResult>;
  getPayment(paymentId: string): Promise<CheckoutPaymentResult | null>;
  /** The payment with its ledger; throws `PAYMENT_NOT_FOUND` when there is none. */
  getPaymentRecord(paymentId: string): Promise<CheckoutPaymentLedger>;
}
