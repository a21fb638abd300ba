// The quick path of quoteLines (the cart's call on every edit and reprice) must never take
// an input the schema refuses, nor give a different result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickQuoteLines, quoteLinesSchema } from '../../src/catalog/catalog-schemas.js';

const field = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 7 }, { arbitrary: odd, weight: 1 });
const sku = field(fc.constantFrom('MUG', 'SKU 7', 'x'.repeat(200)), fc.oneof(fc.constantFrom('x'.repeat(201), '', ' MUG', 'MUG\n', 'bad\uD800', 5, null), fc.string({ maxLength: 3 })));
const quantity = field(fc.integer({ min: 1, max: 999 }), fc.constantFrom(0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, '2', null));
const item = field(fc.record({ sku, quantity }), fc.oneof(fc.record({ sku, quantity, extra: fc.constant(1) }), fc.constantFrom(null, 'MUG', [], 3)));
const items = field(fc.array(item, { minLength: 1, maxLength: 4 }), fc.constantFrom([], null, 'MUG', {}));
const options = fc.record(
  { currency: field(fc.constantFrom('EUR', 'USD', 'JPY'), fc.constantFrom('eur', 'XXY', '', 3, null)), fresh: field(fc.constantFrom(undefined, true, false), fc.constantFrom('yes', 1, null)) },
  { requiredKeys: ['currency'] },
);

describe('quoteLines input', () => {
  it('whatever the quick path takes, the schema takes, with the same result', () => {
    let taken = 0;
    fc.assert(
      fc.property(items, options, (i, o) => {
        const quick = quickQuoteLines(i, o);
        if (quick === undefined) return;
        taken += 1;
        const parsed = quoteLinesSchema.safeParse({ items: i, ...o });
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300);
  });
});
