import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, ORDER_STATUSES, ORDER_TRANSITIONS, canOrderTransition } from '../../src/index.js';
import { lineRefundAmount } from '../../src/checkout/refund-amounts.js';
import type { OrderLine } from '../../src/index.js';
import { sampleOrder } from '../../src/testing/index.js';

function line(quantity: number, totalMinor: number, currency: string): OrderLine {
  const total = Money.fromMinor(totalMinor, currency).toJSON();
  const zero = Money.zero(currency).toJSON();
  return { productId: 'p', sku: 'S', name: 'n', quantity, unitPrice: zero, subtotal: total, discount: zero, tax: zero, total, refundedQuantity: 0, refundedAmount: zero, restockedQuantity: 0 };
}

describe('line refund shares', () => {
  it('refunded in any number of goes, a line gives back exactly its total, never a negative part', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('USD', 'JPY', 'KWD'),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 50 }),
        (quantity, totalMinor, currency, chunks) => {
          const l = line(quantity, totalMinor, currency);
          let refunded = Money.zero(currency);
          for (const chunk of chunks) {
            const units = Math.min(chunk, l.quantity - l.refundedQuantity);
            if (units === 0) break;
            const share = lineRefundAmount(l, units);
            expect(share.isNegative()).toBe(false);
            expect(share.isRounded()).toBe(true);
            refunded = refunded.add(share);
            l.refundedQuantity += units;
          }
          const left = l.quantity - l.refundedQuantity;
          if (left > 0) refunded = refunded.add(lineRefundAmount(l, left));
          expect(refunded.equals(Money.fromJSON(l.total))).toBe(true);
        },
      ),
    );
  });

  it('a unit costs the same whichever go it is refunded in, within one minor unit', () => {
    const l = line(7, 1000, 'USD');
    const shares = Array.from({ length: 7 }, () => {
      const share = lineRefundAmount(l, 1);
      l.refundedQuantity += 1;
      return share.toMinorUnits();
    });
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(1000);
  });
});

describe('order status table', () => {
  it('ends in cancelled and refunded, and every status is reachable from payment_pending', () => {
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    expect(ORDER_TRANSITIONS.refunded).toEqual([]);
    const seen = new Set<string>(['payment_pending']);
    const queue = ['payment_pending'] as (typeof ORDER_STATUSES)[number][];
    while (queue.length > 0) {
      const from = queue.shift();
      if (!from) break;
      for (const to of ORDER_TRANSITIONS[from]) {
        if (seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
    expect(canOrderTransition('fulfilled', 'cancelled')).toBe(false);
    expect(canOrderTransition('placed', 'refunded')).toBe(false);
    expect(sampleOrder('o', 0).status).toBe('placed');
  });
});
