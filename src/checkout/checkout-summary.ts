import { Money, type MoneyJSON } from '../shared/money.js';
import type { PostalAddress } from './address-schema.js';
import type { CheckoutStep } from './checkout-steps.js';
import type { CheckoutState } from './checkout-types.js';
import type { CheckoutPaymentMethod, CheckoutPricedCart, CheckoutPricedLine, CheckoutShippingQuote } from './collaborators.js';
import { contactEmailOf } from './checkout-context.js';
import type { Order } from './order-types.js';

/** What the shopper reviews: every figure comes from the cart module's pricing. */
export interface CheckoutSummary {
  checkoutId: string;
  cartId: string;
  status: CheckoutState['status'];
  currentStep: CheckoutStep;
  completedSteps: CheckoutStep[];
  currency: string;
  lines: readonly CheckoutPricedLine[];
  /**
   * The lines whose unit price moved since they were added to the cart (the catalogue's
   * changed, or a quantity reached another tier): what the cart showed and what is charged.
   * Empty once the order is placed.
   */
  priceChanges: readonly CheckoutPriceChange[];
  itemCount: number;
  subtotal: Money;
  discountTotal: Money;
  appliedPromotions: CheckoutPricedCart['appliedPromotions'];
  shipping: { optionId: string; name: string; price: Money } | null;
  shippingOptions: readonly CheckoutShippingQuote[];
  taxTotal: Money;
  total: Money;
  shippingAddress?: PostalAddress;
  billingAddress?: PostalAddress;
  /** The method only; the token stays inside. */
  paymentMethod?: CheckoutPaymentMethod;
  email?: string;
  orderId?: string;
  orderNumber?: string;
  expiresAt: number;
}

/** A line whose unit price moved since it was added to the cart. */
export interface CheckoutPriceChange {
  productId: string;
  sku: string;
  name: string;
  /** What the cart showed. */
  cartUnitPrice: Money;
  /** What is charged now. */
  unitPrice: Money;
}

function priceChangesOf(lines: readonly CheckoutPricedLine[]): CheckoutPriceChange[] {
  return lines.flatMap(({ productId, sku, name, cartUnitPrice, unitPrice }) =>
    cartUnitPrice && !cartUnitPrice.equals(unitPrice) ? [{ productId, sku, name, cartUnitPrice, unitPrice }] : [],
  );
}

export function buildSummary(state: CheckoutState, priced: CheckoutPricedCart): CheckoutSummary {
  const summary: CheckoutSummary = {
    checkoutId: state.id,
    cartId: state.cartId,
    status: state.status,
    currentStep: state.currentStep,
    completedSteps: [...state.completedSteps],
    currency: priced.currency,
    lines: priced.lines,
    priceChanges: priceChangesOf(priced.lines),
    itemCount: priced.itemCount,
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    appliedPromotions: priced.appliedPromotions,
    shipping: priced.shipping,
    shippingOptions: priced.shippingOptions,
    taxTotal: priced.taxTotal,
    total: priced.total,
    expiresAt: state.expiresAt,
  };
  const email = contactEmailOf(state);
  if (state.shippingAddress) summary.shippingAddress = state.shippingAddress;
  if (state.billingAddress) summary.billingAddress = state.billingAddress;
  if (state.payment) summary.paymentMethod = state.payment.method;
  if (email) summary.email = email;
  if (state.orderId) summary.orderId = state.orderId;
  if (state.orderNumber) summary.orderNumber = state.orderNumber;
  return summary;
}

/** The summary of a confirmed checkout, from its order (the cart is gone by then). */
export function summaryFromOrder(state: CheckoutState, order: Order): CheckoutSummary {
  const m = (json: MoneyJSON): Money => Money.fromJSON(json);
  const shipping = order.shipping ? { optionId: order.shipping.optionId, name: order.shipping.name, price: m(order.shipping.price) } : null;
  return buildSummary(state, {
    currency: order.currency,
    lines: order.lines.map((l) => ({
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice),
      subtotal: m(l.subtotal),
      discount: m(l.discount),
      tax: m(l.tax),
      total: m(l.total),
    })),
    itemCount: order.lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: m(order.subtotal),
    discountTotal: m(order.discountTotal),
    appliedPromotions: order.promotions.map((p) => ({ ...p, amount: m(p.amount) })),
    shipping,
    shippingOptions: shipping ? [{ id: shipping.optionId, name: shipping.name, price: shipping.price }] : [],
    taxTotal: m(order.taxTotal),
    total: m(order.total),
  });
}
