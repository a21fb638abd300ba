import { CommerceError } from '../shared/errors.js';
import { Money } from '../shared/money.js';
import type { Order, OrderLine } from './order-types.js';

/**
 * The part of a line's total that `units` of its `quantity` stand for. Computed on the
 * cumulative count (largest-remainder split of the total into [units, rest]), so refunding a
 * line in several goes refunds exactly its total once every unit is back, never a cent more.
 */
export function lineShare(line: OrderLine, units: number): Money {
  const total = Money.fromJSON(line.total);
  if (units <= 0 || total.isZero()) return Money.zero(total.currency);
  if (units >= line.quantity) return total;
  const [share] = total.allocate([units, line.quantity - units]);
  return share ?? Money.zero(total.currency);
}

/** The part of `whole` that `part` of `of` stands for, by the same largest-remainder split. */
function shareOf(whole: Money, part: number, of: number): Money {
  if (part <= 0 || whole.isZero()) return Money.zero(whole.currency);
  if (part >= of) return whole;
  const [share] = whole.allocate([part, of - part]);
  return share ?? Money.zero(whole.currency);
}

/** The tax in refunding `quantity` more units of the line: its tax split as its total is, cumulatively. */
export function lineRefundTax(line: OrderLine, quantity: number): Money {
  const tax = Money.fromJSON(line.tax);
  return shareOf(tax, line.refundedQuantity + quantity, line.quantity).subtract(shareOf(tax, line.refundedQuantity, line.quantity));
}

/** What the shopper paid for shipping (an order placed before tax on shipping: its price). */
export function shippingTotalOf(order: Order): Money {
  if (!order.shipping) return Money.zero(order.currency);
  return Money.fromJSON(order.shipping.total ?? order.shipping.price);
}

/**
 * Refunds shipping: `amount` of what is left of its total, or all that is left. The tax given
 * back is the shipping tax split over the cumulative refunded part, so refunding shipping in
 * any number of goes returns exactly its tax once all of it is back. Throws
 * `REFUND_EXCEEDS_CAPTURED` above what is left of shipping.
 */
export function applyShippingRefund(order: Order, amount: Money | undefined): { amount: Money; tax: Money } {
  const shipping = order.shipping;
  const total = shippingTotalOf(order);
  const before = shipping?.refunded ? Money.fromJSON(shipping.refunded) : Money.zero(order.currency);
  const left = total.subtract(before);
  const wanted = amount ?? left;
  if (!shipping || wanted.greaterThan(left)) {
    throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { orderId: order.id, amount: wanted.toJSON(), refundable: left.toJSON(), reason: `only ${left.toString()} of shipping is left to refund` });
  }
  const after = before.add(wanted);
  const tax = shipping.tax ? Money.fromJSON(shipping.tax) : Money.zero(order.currency);
  const totalMinor = total.toMinorUnits();
  const taxBack = shareOf(tax, after.toMinorUnits(), totalMinor).subtract(shareOf(tax, before.toMinorUnits(), totalMinor));
  shipping.refunded = after.toJSON();
  return { amount: wanted, tax: taxBack };
}

/** Undoes `applyShippingRefund` when the payment module refused the refund. */
export function revertShippingRefund(order: Order, amount: Money): void {
  if (!order.shipping?.refunded) return;
  order.shipping.refunded = Money.fromJSON(order.shipping.refunded).subtract(amount).toJSON();
}

/** What refunding `quantity` more units of the line costs, given what was refunded before. */
export function lineRefundAmount(line: OrderLine, quantity: number): Money {
  return lineShare(line, line.refundedQuantity + quantity).subtract(lineShare(line, line.refundedQuantity));
}

/** What may still be refunded: the captured amount less every refund made or under way. */
export function refundableOf(order: Order): Money {
  return Money.fromJSON(order.payment.captured).subtract(Money.fromJSON(order.refundedTotal));
}

/**
 * Applies a refund by lines to the order's counters and answers its amount. Throws
 * `REFUND_EXCEEDS_CAPTURED` for units never sold or already refunded.
 */
export function applyLineRefund(order: Order, lines: readonly { sku: string; quantity: number }[]): Money {
  return applyLineRefundWithTax(order, lines).amount;
}

/** `applyLineRefund`, answering also the tax the refunded units give back. */
export function applyLineRefundWithTax(order: Order, lines: readonly { sku: string; quantity: number }[]): { amount: Money; tax: Money } {
  let amount = Money.zero(order.currency);
  let tax = Money.zero(order.currency);
  for (const wanted of lines) {
    const line = order.lines.find((l) => l.sku === wanted.sku);
    if (!line) throw new CommerceError('VALIDATION_FAILED', { orderId: order.id, sku: wanted.sku, reason: `the order has no line ${wanted.sku}` });
    const left = line.quantity - line.refundedQuantity;
    if (wanted.quantity > left) {
      throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { orderId: order.id, sku: wanted.sku, requested: wanted.quantity, refundable: left, reason: `only ${left} of ${wanted.sku} left to refund` });
    }
    const share = lineRefundAmount(line, wanted.quantity);
    tax = tax.add(lineRefundTax(line, wanted.quantity));
    line.refundedQuantity += wanted.quantity;
    line.refundedAmount = Money.fromJSON(line.refundedAmount).add(share).toJSON();
    amount = amount.add(share);
  }
  return { amount, tax };
}

/** Undoes `applyLineRefund` when the payment module refused the refund. */
export function revertLineRefund(order: Order, lines: readonly { sku: string; quantity: number }[]): void {
  for (const wanted of lines) {
    const line = order.lines.find((l) => l.sku === wanted.sku);
    if (!line) continue;
    const share = lineShare(line, line.refundedQuantity).subtract(lineShare(line, line.refundedQuantity - wanted.quantity));
    line.refundedQuantity -= wanted.quantity;
    line.refundedAmount = Money.fromJSON(line.refundedAmount).subtract(share).toJSON();
  }
}
