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
  let amount = Money.zero(order.currency);
  for (const wanted of lines) {
    const line = order.lines.find((l) => l.sku === wanted.sku);
    if (!line) throw new CommerceError('VALIDATION_FAILED', { orderId: order.id, sku: wanted.sku, reason: `the order has no line ${wanted.sku}` });
    const left = line.quantity - line.refundedQuantity;
    if (wanted.quantity > left) {
      throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { orderId: order.id, sku: wanted.sku, requested: wanted.quantity, refundable: left, reason: `only ${left} of ${wanted.sku} left to refund` });
    }
    const share = lineRefundAmount(line, wanted.quantity);
    line.refundedQuantity += wanted.quantity;
    line.refundedAmount = Money.fromJSON(line.refundedAmount).add(share).toJSON();
    amount = amount.add(share);
  }
  return amount;
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
