import { CommerceError } from '../shared/errors.js';
import { Money } from '../shared/money.js';
import type { CheckoutState } from './checkout-types.js';
import type { CheckoutPricedCart } from './collaborators.js';
import type { OrderStatus } from './order-status.js';
import type { Order, OrderShipping } from './order-types.js';

export interface NewOrderInput {
  id: string;
  number: string;
  checkout: CheckoutState;
  email: string;
  priced: CheckoutPricedCart;
  couponCodes: string[];
  status: OrderStatus;
  paymentId: string;
  paymentStatus: string;
  reservationId: string;
  couponHold?: unknown;
  now: number;
}

function shippingOf(shipping: NonNullable<CheckoutPricedCart['shipping']>): OrderShipping {
  const out: OrderShipping = { optionId: shipping.optionId, name: shipping.name, price: shipping.price.toJSON() };
  if (shipping.tax !== undefined) out.tax = shipping.tax.toJSON();
  if (shipping.taxIncluded !== undefined) out.taxIncluded = shipping.taxIncluded;
  if (shipping.total !== undefined) out.total = shipping.total.toJSON();
  return out;
}

/** The order record of a placement, with every amount from the priced cart (JSON-safe). */
export function buildOrder(input: NewOrderInput): Order {
  const { checkout, priced, now } = input;
  const zero = Money.zero(priced.currency).toJSON();
  if (!checkout.shippingAddress || !checkout.payment) throw new CommerceError('INTERNAL', { checkoutId: checkout.id, reason: 'checkout lacks address or payment' });
  const order: Order = {
    id: input.id,
    number: input.number,
    checkoutId: checkout.id,
    cartId: checkout.cartId,
    ...(checkout.userId !== undefined ? { customerId: checkout.userId } : {}),
    email: input.email,
    status: input.status,
    currency: priced.currency,
    lines: priced.lines.map((l) => ({
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unitPrice.toJSON(),
      subtotal: l.subtotal.toJSON(),
      discount: l.discount.toJSON(),
      tax: l.tax.toJSON(),
      total: l.total.toJSON(),
      refundedQuantity: 0,
      refundedAmount: zero,
      restockedQuantity: 0,
    })),
    subtotal: priced.subtotal.toJSON(),
    discountTotal: priced.discountTotal.toJSON(),
    shipping: priced.shipping ? shippingOf(priced.shipping) : null,
    taxTotal: priced.taxTotal.toJSON(),
    ...(priced.taxSummary ? { taxSummary: priced.taxSummary.map((e) => ({ rate: e.rate, taxable: e.taxable.toJSON(), tax: e.tax.toJSON() })) } : {}),
    total: priced.total.toJSON(),
    couponCodes: input.couponCodes,
    promotions: priced.appliedPromotions.map((p) => ({ id: p.id, ...(p.code !== undefined ? { code: p.code } : {}), kind: p.kind, amount: p.amount.toJSON() })),
    shippingAddress: checkout.shippingAddress,
    billingAddress: checkout.billingAddress ?? checkout.shippingAddress,
    payment: { paymentId: input.paymentId, method: checkout.payment.method, status: input.paymentStatus, captured: input.paymentStatus === 'captured' ? priced.total.toJSON() : zero },
    refundedTotal: zero,
    refunds: [],
    reservationId: input.reservationId,
    history: [{ status: input.status, at: now }],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // Only JSON survives a Redis store; a hold with Money inside keeps its JSON form.
  if (input.couponHold !== undefined) order.couponHold = JSON.parse(JSON.stringify(input.couponHold)) as unknown;
  return order;
}
