// choosePrice against its statement: of the entries in the currency valid at the time, the
// one that started last, at the highest tier the quantity reaches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choosePrice } from '../../src/catalog/catalog-rules.js';
import type { ProductPrice } from '../../src/ports/catalog-store.js';

const entry: fc.Arbitrary<ProductPrice> = fc
  .record({
    currency: fc.constantFrom('EUR', 'USD'),
    amount: fc.integer({ min: 0, max: 999 }).map((n) => `${n}.00`),
    tiers: fc.option(fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { maxLength: 3 }).map((qs) => qs.sort((a, b) => a - b).map((q) => ({ minQuantity: q, amount: `${q}.50` }))), { nil: undefined }),
    from: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    length: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  })
  .map(({ length, ...price }) => {
    const to = length === undefined ? undefined : (price.from ?? 0) + length;
    return Object.fromEntries(Object.entries({ ...price, to }).filter(([, v]) => v !== undefined)) as unknown as ProductPrice;
  });
// The schema refuses two entries of one currency that start together.
const prices = fc.uniqueArray(entry, { maxLength: 6, selector: (p) => `${p.currency}@${p.from ?? 'always'}` });
const query = fc.record({ currency: fc.constantFrom('EUR', 'USD', 'GBP'), quantity: fc.integer({ min: 1, max: 40 }), at: fc.integer({ min: 0, max: 220 }) });

describe('choosePrice', () => {
  it('answers the valid entry that started last, at the highest tier reached; none when no entry is valid', () => {
    fc.assert(
      fc.property(prices, query, (list, q) => {
        const valid = list.filter((p) => p.currency === q.currency && (p.from ?? -Infinity) <= q.at && (p.to === undefined || q.at < p.to));
        const chosen = choosePrice({ sku: 's', attributes: {}, prices: list }, q);
        if (valid.length === 0) {
          expect(chosen).toBeUndefined();
          return;
        }
        const latest = Math.max(...valid.map((p) => p.from ?? -Infinity));
        expect(chosen?.entry).toBe(valid.find((p) => (p.from ?? -Infinity) === latest));
        const reached = (chosen?.entry.tiers ?? []).filter((t) => t.minQuantity <= q.quantity).at(-1);
        expect([chosen?.amount, chosen?.minQuantity]).toEqual(reached ? [reached.amount, reached.minQuantity] : [chosen?.entry.amount, 1]);
      }),
      { numRuns: 500 },
    );
  });
});
