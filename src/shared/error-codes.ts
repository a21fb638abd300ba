/**
 * Every code a `CommerceError` can carry, with the message it opens with.
 * One closed map so every adapter (memory, Redis) fails with the same words.
 * Modules add their codes in their own section; nothing else defines codes.
 */
export const ERROR_MESSAGES = {
  // shared
  VALIDATION_FAILED: 'The input is not valid',
  INVALID_CURRENCY: 'Unknown ISO 4217 currency',
  INVALID_AMOUNT: 'The amount is not a valid decimal',
  CURRENCY_MISMATCH: 'Amounts in different currencies cannot be combined',
  AMOUNT_NOT_ROUNDED: 'The amount has more decimals than the currency allows',
  INVALID_ALLOCATION: 'The amount cannot be split by these ratios',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Concurrent update conflict',
  STORE_UNAVAILABLE: 'The store did not answer',
  INTERNAL: 'Internal error',

  // cart
  CART_NOT_FOUND: 'Cart not found',
  CART_CONFLICT: 'The cart kept changing under concurrent writers',
  CART_LINE_LIMIT: 'The cart holds the most lines allowed',
  CART_QUANTITY_LIMIT: 'The quantity is outside the allowed range for a line',
  CART_CURRENCY_MISMATCH: 'The item is priced in another currency than the cart',
  CART_LINE_NOT_FOUND: 'No such line in the cart',
  PRICE_NOT_ALLOWED: 'The cart takes prices from the catalogue, not from the caller',

  // catalogue
  SKU_NOT_IN_CATALOG: 'No product of the catalogue has this SKU',
  PRODUCT_INACTIVE: 'The product is not for sale (inactive)',
  NO_PRICE_IN_CURRENCY: 'The SKU has no price in this currency now',
  SKU_TAKEN: 'Another product holds this SKU',

  // promotions
  COUPON_NOT_FOUND: 'Coupon not found',
  COUPON_EXPIRED: 'The coupon has expired',
  COUPON_NOT_STARTED: 'The coupon is not active yet',
  COUPON_USAGE_LIMIT: 'The coupon has no uses left',
  COUPON_MINIMUM_NOT_MET: 'The cart does not reach the coupon minimum',
  COUPON_NOT_COMBINABLE: 'The coupon cannot be combined with the promotions already applied',
  COUPON_NOT_ELIGIBLE: 'The coupon is for customers in other groups',

  // inventory
  SKU_NOT_FOUND: 'Unknown SKU',
  SKU_EXISTS: 'The SKU is already stocked',
  SKU_DISCONTINUED: 'The SKU is discontinued',
  INSUFFICIENT_INVENTORY: 'Not enough stock',
  RESERVATION_NOT_FOUND: 'Reservation not found',
  RESERVATION_NOT_ACTIVE: 'The reservation is no longer active',
  STOCK_NEGATIVE: 'The change would take stock below zero',

  // payments
  PAYMENT_NOT_FOUND: 'Payment not found',
  PAYMENT_DECLINED: 'The payment was declined',
  PAYMENT_BLOCKED: 'The payment was blocked by fraud screening',
  PAYMENT_INVALID_TRANSITION: 'The payment cannot make that change from its current status',
  PAYMENT_GATEWAY_ERROR: 'The payment gateway failed',
  PAYMENT_REQUIRES_ACTION: 'The payment needs the customer to act (e.g. 3-D Secure)',
  CAPTURE_EXCEEDS_AUTHORIZED: 'The capture is larger than what remains authorized',
  REFUND_EXCEEDS_CAPTURED: 'The refund is larger than what remains captured',
  MULTICAPTURE_NOT_SUPPORTED: 'The gateway takes one capture per authorization; capture with final: true',
  IDEMPOTENCY_CONFLICT: 'The idempotency key was used with a different request',
  IDEMPOTENCY_IN_PROGRESS: 'A request with this idempotency key is still running',
  INVALID_CARD: 'The card details are not valid',
  WEBHOOK_SIGNATURE_INVALID: 'The webhook signature does not verify',
  GATEWAY_NOT_CONFIGURED: 'No gateway is configured for this payment method',
  PAYMENT_IN_REVIEW: 'The payment is authorized but held for manual review',
  PAYMENT_OUTCOME_UNKNOWN: 'The gateway did not answer; the payment is reconciled later',
  APPLE_PAY_VALIDATION_URL_REFUSED: 'The Apple Pay validation URL is not one of Apple\'s validation hosts',

  // checkout and orders
  CHECKOUT_NOT_FOUND: 'Checkout not found',
  CHECKOUT_INVALID_STEP: 'The checkout is not at a step that allows this',
  CHECKOUT_EMPTY_CART: 'The cart is empty or missing',
  CHECKOUT_FAILED: 'The order could not be placed',
  ORDER_NOT_FOUND: 'Order not found',
  ORDER_INVALID_TRANSITION: 'The order cannot make that change from its current status',
  ORDER_PAYMENT_PENDING: 'A payment operation of the order is in flight or its outcome is unknown; reconcile the order',
  CHECKOUT_PRICE_CHANGED: 'The total changed since the shopper reviewed it',

  // recommendations
  PRODUCT_NOT_FOUND: 'Unknown product',
  MODEL_NOT_TRAINED: 'The recommendation model has not been trained',
  MODEL_INCOMPATIBLE: 'The model snapshot cannot be imported',
} as const;

/** The closed union of error codes. */
export type CommerceErrorCode = keyof typeof ERROR_MESSAGES;
