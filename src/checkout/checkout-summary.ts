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
  shipping: CheckoutShipping | null;
  shippingOptions: readonly CheckoutShippingQuote[];
  /** The lines' tax and `shipping.tax`. */
  taxTotal: Money;
  /**
   * Tax per rate, lines and shipping together (highest rate first). Absent only for an order
   * placed before the per-rate summary existed.
   */
  taxSummary?: readonly { rate: string; taxable: Money; tax: Money }[];
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

/**
 * The chosen shipping as charged, its tax on its own. Shipping that is not taxed (the
 * destination's rule, or an order placed before tax on shipping) shows a zero tax.
 */
export interface CheckoutShipping {
  optionId: string;
  name: string;
  /** What is charged for shipping, after shipping promotions. */
  price: Money;
  /** The tax on shipping. */
  tax: Money;
  /** Whether `price` includes `tax`. */
  taxIncluded: boolean;
  /** `price`, plus `tax` when the price does not include it. */
  total: Money;
}

function shippingOf(shipping: NonNullable<CheckoutPricedCart['shipping']>): CheckoutShipping {
  const tax = shipping.tax ?? Money.zero(shipping.price.currency);
  const taxIncluded = shipping.taxIncluded ?? false;
  const total = shipping.total ?? (taxIncluded ? shipping.price : shipping.price.add(tax));
  return { optionId: shipping.optionId, name: shipping.name, price: shipping.price, tax, taxIncluded, total };
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
    shipping: priced.shipping ? shippingOf(priced.shipping) : null,
    shippingOptions: priced.shippingOptions,
    taxTotal: priced.taxTotal,
    ...(priced.taxSummary ? { taxSummary: priced.taxSummary } : {}),
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
  const placed = order.shipping;
  const shipping = placed
    ? {
        optionId: placed.optionId,
        name: placed.name,
        price: m(placed.price),
        ...(placed.tax ? { tax: m(placed.tax) } : {}),
        ...(placed.taxIncluded !== undefined ? { taxIncluded: placed.taxIncluded } : {}),
        ...(placed.total ? { total: m(placed.total) } : {}),
      }
    : null;
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
    ...(order.taxSummary ? { taxSummary: order.taxSummary.map((e) => ({ rate: e.rate, taxable: m(e.taxable), tax: m(e.tax) })) } : {}),
    total: m(order.total),
  });
}
