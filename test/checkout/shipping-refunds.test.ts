import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from '../../src/index.js';
import type { Order } from '../../src/index.js';
import { reserveRefund } from '../../src/checkout/order-payment-plans.js';
import { revertOperation } from '../../src/checkout/order-payment-operation.js';
import { sampleOrder } from '../../src/testing/index.js';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });

/**
 * A UK order (worked case): 2 kettles at 25.00 + 20 % VAT (line tax 10.00, total 60.00) and a
 * 5.00 delivery + 20 % VAT (1.00, total 6.00; HMRC Notice 700/24: delivery takes the goods'
 * rate). Captured 66.00.
 */
function ukOrder(): Order {
  return sampleOrder('o1', 0, {
    currency: 'GBP',
    status: 'paid',
    lines: [{ productId: 'k', sku: 'KETTLE', name: 'Kettle', quantity: 2, unitPrice: gbp('25.00'), subtotal: gbp('50.00'), discount: gbp('0.00'), tax: gbp('10.00'), total: gbp('60.00'), refundedQuantity: 0, refundedAmount: gbp('0.00'), restockedQuantity: 0 }],
    subtotal: gbp('50.00'),
    discountTotal: gbp('0.00'),
    shipping: { optionId: 'std', name: 'Standard', price: gbp('5.00'), tax: gbp('1.00'), taxIncluded: false, total: gbp('6.00') },
    taxTotal: gbp('11.00'),
    total: gbp('66.00'),
    payment: { paymentId: 'pay', method: 'credit_card', status: 'captured', captured: gbp('66.00') },
    refundedTotal: gbp('0.00'),
  });
}

describe('refunds that include shipping', () => {
  it('a line and the whole of shipping: 30.00 + 6.00 back, VAT 5.00 + 1.00', () => {
    const order = ukOrder();
    const amount = reserveRefund(order, 'r1', { lines: [{ sku: 'KETTLE', quantity: 1 }], shipping: {} }, 1);
    expect(amount.amount).toBe('36.00');
    expect(order.refunds[0]).toMatchObject({ shipping: gbp('6.00'), tax: gbp('6.00'), amount: gbp('36.00') });
    expect(order.shipping?.refunded).toEqual(gbp('6.00'));
  });

  // Worked case: 2.00 of the 6.00 shipping back holds 2/6 of its 1.00 VAT = 0.33 (largest
  // remainder); the other 4.00 later holds the rest, 0.67: exactly the 1.00 once all is back.
  it('shipping in part: the tax of each part is its share, and the parts give back exactly the whole', () => {
    const order = ukOrder();
    reserveRefund(order, 'r1', { shipping: { amount: Money.of('2.00', 'GBP') } }, 1);
    reserveRefund(order, 'r2', { shipping: {} }, 2);
    expect(order.refunds.map((r) => [r.amount.amount, r.tax?.amount])).toEqual([
      ['2.00', '0.33'],
      ['4.00', '0.67'],
    ]);
    expect(() => reserveRefund(order, 'r3', { shipping: { amount: Money.of('0.01', 'GBP') } }, 3)).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_CAPTURED' }) as Error);
  });

  // The planner runs inside the order's compare-and-set on a copy, so a throw writes nothing.
  it('more shipping than is left is refused', () => {
    const order = ukOrder();
    expect(() => reserveRefund(order, 'r1', { lines: [{ sku: 'KETTLE', quantity: 1 }], shipping: { amount: Money.of('6.01', 'GBP') } }, 1)).toThrow(
      expect.objectContaining({ code: 'REFUND_EXCEEDS_CAPTURED' }) as Error,
    );
  });

  it('a refund the gateway refused gives its shipping back', () => {
    const order = ukOrder();
    reserveRefund(order, 'r1', { shipping: {} }, 1);
    order.status = 'payment_settling';
    order.paymentOperation = { kind: 'refund', purpose: 'refund', from: 'paid', idempotencyKey: 'k', at: 1, refundId: 'r1' };
    const reverted = revertOperation(order, 2);
    expect(reverted.shipping?.refunded).toEqual(gbp('0.00'));
    expect(reverted.refundedTotal).toEqual(gbp('0.00'));
  });

  it('property: shipping refunded in any number of parts gives back exactly its total and its tax', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 3000 }), fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 8 }), (priceMinor, rateBp, parts) => {
        const order = ukOrder();
        const price = Money.fromMinor(priceMinor, 'GBP');
        const tax = Money.fromMinor(Math.round((priceMinor * rateBp) / 10_000), 'GBP');
        const total = price.add(tax);
        order.shipping = { optionId: 'std', name: 'Standard', price: price.toJSON(), tax: tax.toJSON(), taxIncluded: false, total: total.toJSON() };
        order.payment.captured = Money.fromJSON(order.total).add(total).toJSON();
        let left = total;
        parts.forEach((minor, i) => {
          const part = Money.fromMinor(minor, 'GBP');
          if (part.greaterThan(left) || left.isZero()) return;
          reserveRefund(order, `p${i}`, { shipping: { amount: part } }, i);
          left = left.subtract(part);
        });
        if (left.isPositive()) reserveRefund(order, 'rest', { shipping: {} }, 99);
        const back = (key: 'amount' | 'tax') => Money.sum(order.refunds.map((r) => Money.fromJSON(r[key] ?? { amount: '0', currency: 'GBP' })), 'GBP');
        expect(back('amount').equals(total)).toBe(true);
        expect(back('tax').equals(tax)).toBe(true);
        for (const r of order.refunds) expect(Money.fromJSON(r.tax ?? gbp('0')).isNegative()).toBe(false);
      }),
    );
  });
});
