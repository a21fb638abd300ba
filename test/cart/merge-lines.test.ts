import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLines } from '../../src/cart/merge-lines.js';
import type { StoredCartLine } from '../../src/ports/cart-store.js';

const lineArb = fc.record({ p: fc.integer({ min: 0, max: 8 }), q: fc.integer({ min: 1, max: 12 }) }).map(
  ({ p, q }): StoredCartLine => ({ productId: `p${p}`, sku: 's', name: 'n', quantity: q, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0 }),
);
const uniqueLines = fc.uniqueArray(lineArb, { selector: (l) => l.productId, maxLength: 6 });

describe('mergeLines', () => {
  it('stays within the limits, loses nothing silently and never shrinks a target line', () => {
    fc.assert(
      fc.property(uniqueLines, uniqueLines, fc.constantFrom('sum' as const, 'max' as const), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 8 }), (target, source, strategy, maxQuantity, maxLines) => {
        const fitting = target.filter((l) => l.quantity <= maxQuantity).slice(0, maxLines);
        const { lines, dropped } = mergeLines(fitting, source, strategy, { maxQuantity, maxLines });
        expect(lines.length).toBeLessThanOrEqual(maxLines);
        expect(lines.every((l) => l.quantity >= 1 && l.quantity <= maxQuantity)).toBe(true);
        for (const t of fitting) expect(lines.find((l) => l.productId === t.productId)?.quantity).toBeGreaterThanOrEqual(t.quantity);
        const wanted = new Map(fitting.map((l) => [l.productId, l.quantity]));
        for (const s of source) {
          const before = wanted.get(s.productId);
          wanted.set(s.productId, before === undefined ? s.quantity : strategy === 'sum' ? before + s.quantity : Math.max(before, s.quantity));
        }
        const kept = new Map(lines.map((l) => [l.productId, l.quantity]));
        for (const [productId, quantity] of wanted) {
          const lost = dropped.filter((d) => d.productId === productId).reduce((a, d) => a + d.quantity, 0);
          expect((kept.get(productId) ?? 0) + lost).toBe(quantity);
        }
        expect(fitting.map((l) => l.quantity)).toEqual(target.filter((l) => l.quantity <= maxQuantity).slice(0, maxLines).map((l) => l.quantity));
      }),
    );
  });
});
