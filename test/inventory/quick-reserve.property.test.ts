// The quick path of reserveItems must never take an input the schema would refuse, nor give
// a different result: the schema is the rule, the quick path a shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickReserveItems, reserveItemsSchema } from '../../src/inventory/inventory-schemas.js';

const RUNS = { numRuns: 3000 };
/** Mostly a value the quick path may take, sometimes an odd one. */
const field = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: odd, weight: 1 });
const sku = field(fc.constantFrom('SKU-1', 'a b', 'x'.repeat(200)), fc.oneof(fc.constantFrom('x'.repeat(201), '', ' SKU-1', 'SKU-1\n', '\u00a0a', 7, null), fc.string({ maxLength: 3 })));
const units = field(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, -1, 2.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '2', null, undefined));
const line = field(fc.record({ sku, quantity: units }), fc.oneof(fc.record({ sku, quantity: units, extra: fc.constant(true) }), fc.constantFrom(null, 'SKU-1', [], new Map())));
const lines = field(fc.array(line, { minLength: 1, maxLength: 4 }), fc.constantFrom([], null, 'SKU-1', Array.from({ length: 1001 }, () => ({ sku: 'a', quantity: 1 }))));
const options = field(
  fc.record({ orderId: field(fc.constantFrom(undefined, 'order-1'), fc.constantFrom('', ' o', 3, null)), ttlMs: field(fc.constantFrom(undefined, 1, 60_000), fc.constantFrom(0, -5, 1.5, '60000', null)), other: fc.constantFrom(undefined, 'dropped') }, { requiredKeys: [] }),
  fc.constantFrom(null, 'fast', [], new Date(0)),
);

describe('quick reserveItems input', () => {
  it('whatever the quick path takes, the schema takes, with the same result', () => {
    let taken = 0;
    fc.assert(
      fc.property(lines, options, (l, o) => {
        const quick = quickReserveItems(l, o);
        if (quick === undefined) return;
        taken += 1;
        const parsed = reserveItemsSchema.safeParse({ lines: l, options: o });
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      RUNS,
    );
    expect(taken).toBeGreaterThan(RUNS.numRuns / 10); // the property saw the quick path at work
  });

  it('takes the everyday shapes, and leaves the odd ones to the schema', () => {
    expect(quickReserveItems([{ sku: 'SKU-1', quantity: 2 }], {})).toEqual({ lines: [{ sku: 'SKU-1', quantity: 2 }], options: {} });
    expect(quickReserveItems([{ sku: 'SKU-1', quantity: 1 }], { orderId: 'o-1', ttlMs: 1000 })).toEqual({ lines: [{ sku: 'SKU-1', quantity: 1 }], options: { orderId: 'o-1', ttlMs: 1000 } });
    for (const [l, o] of [[[{ sku: ' SKU-1', quantity: 1 }], {}], [[{ sku: 'SKU-1', quantity: 0 }], {}], [[], {}], [[{ sku: 'SKU-1', quantity: 1 }], { ttlMs: 0 }]] as const) {
      expect(quickReserveItems(l, o)).toBeUndefined();
    }
  });
});
