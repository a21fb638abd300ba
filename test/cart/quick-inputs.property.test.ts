// The quick paths of addItem and updateQuantity must never take an input the schema would
// refuse, nor give a different result: the schema is the rule, the quick path a shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCatalogItemSchema, addItemSchema, quickAddCatalogItem, quickAddItem, quickUpdateQuantity, updateQuantitySchema } from '../../src/cart/cart-schemas.js';
import { Money } from '../../src/shared/index.js';

const RUNS = { numRuns: 3000 };
/** Mostly a value the quick path may take, sometimes an odd one: most inputs are then valid but for one field. */
const field = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 7 }, { arbitrary: odd, weight: 1 });
const id = field(fc.constantFrom('c1', 'p-42', 'SKU 7', 'x'.repeat(200)), fc.oneof(fc.constantFrom('x'.repeat(201), '', ' c1', 'c1 ', '\u00a0c1', '\ufeffc1', 5, null), fc.string({ maxLength: 4 })));
const name = field(fc.constantFrom('Mug', 'Blue mug', 'x'.repeat(500)), fc.oneof(fc.constantFrom('x'.repeat(501), ' Mug', '\tMug', 'Mug\n', ''), fc.string({ maxLength: 4 })));
const quantity = field(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, -2, 1.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, '3', null, undefined));
const amount = field(fc.constantFrom('3.99', '0', '0.00', '+2.50', '12345678901234567890.12', '100'), fc.oneof(fc.constantFrom('-1.00', '1.001', '1e3', ' 3.99', '3.', '.5', '', 3.99), fc.string({ maxLength: 4 })));
const currency = field(fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'), fc.constantFrom('XXY', 'eur', 'EURO', '', undefined));
const price = field(
  fc.record({ amount, currency }),
  fc.oneof(fc.record({ amount, currency, extra: fc.constant(1) }), fc.constantFrom(Money.of('3.99', 'EUR'), Money.of('-1', 'EUR'), Money.of('1.005', 'EUR'), null, 'EUR 3.99', [], undefined)),
);
const categories = field(fc.constantFrom(undefined, [], ['mugs'], ['kitchen', 'mugs']), fc.oneof(fc.constantFrom([' mugs'], [''], ['x'.repeat(201)], Array.from({ length: 51 }, () => 'c'), null, 'mugs', [3]), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })));
const addItemInput = fc.record(
  {
    cartId: id,
    productId: id,
    sku: id,
    name,
    quantity,
    unitPrice: price,
    taxClass: field(fc.constantFrom(undefined, 'standard', 'reduced', 'zero'), fc.constantFrom('exempt', 'STANDARD', null)),
    categories,
    weightGrams: field(fc.constantFrom(undefined, 0, 250), fc.constantFrom(-1, 1.5, '250', null, Number.MAX_SAFE_INTEGER + 1)),
    unknownKey: fc.constantFrom(undefined, 'ignored'),
  },
  { requiredKeys: ['cartId', 'productId', 'sku', 'name', 'quantity', 'unitPrice'] },
);

/** Money compared by currency and amount; the rest by value. */
function comparable(value: unknown): unknown {
  if (value instanceof Money) return { currency: value.currency, amount: value.amount };
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  return value;
}

/** Calls the quick path as CartService.addItem does: the cart id apart from the item. */
function quickAdd(input: Record<string, unknown>): ReturnType<typeof quickAddItem> {
  const { cartId, ...item } = input;
  return quickAddItem(cartId, item);
}

describe('quick input paths', () => {
  it('addItem: whatever the quick path takes, the schema takes, with the same result', () => {
    let taken = 0;
    fc.assert(
      fc.property(addItemInput, (input) => {
        const quick = quickAdd(input);
        if (quick === undefined) return;
        taken += 1;
        const parsed = addItemSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(comparable(quick)).toEqual(comparable(parsed.data));
      }),
      RUNS,
    );
    expect(taken).toBeGreaterThan(RUNS.numRuns / 10); // the property saw the quick path at work
  });

  it('addItem from the catalogue: whatever the quick path takes, the schema takes, with the same result', () => {
    let taken = 0;
    // Mostly the everyday shape; sometimes a key the schema refuses, or an undefined one.
    const input = field(
      fc.record({ cartId: id, sku: id, quantity }),
      fc.record({ cartId: id, sku: id, quantity, name: fc.constantFrom(undefined, 'Mug'), unitPrice: fc.constantFrom(undefined, '1.00') }, { requiredKeys: ['cartId', 'sku', 'quantity'] }),
    );
    fc.assert(
      fc.property(input, ({ cartId, ...item }) => {
        const quick = quickAddCatalogItem(cartId, item);
        if (quick === undefined) return;
        taken += 1;
        const parsed = addCatalogItemSchema.safeParse({ ...item, cartId });
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      RUNS,
    );
    expect(taken).toBeGreaterThan(RUNS.numRuns / 10);
  });

  it('updateQuantity: whatever the quick path takes, the schema takes, with the same result', () => {
    fc.assert(
      fc.property(fc.record({ cartId: id, productId: id, sku: id, quantity: field(fc.integer({ min: -5, max: 1000 }), quantity) }), (input) => {
        const quick = quickUpdateQuantity(input);
        if (quick === undefined) return;
        const parsed = updateQuantitySchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(quick).toEqual(parsed.data);
      }),
      RUNS,
    );
  });

  it('takes the everyday shapes, so the shortcut is actually used', () => {
    const everyday = { cartId: 'c1', productId: 'p1', sku: 's1', name: 'Mug', quantity: 2, unitPrice: { amount: '3.99', currency: 'EUR' } };
    expect(comparable(quickAdd(everyday))).toEqual(comparable(addItemSchema.parse(everyday)));
    const full = { ...everyday, taxClass: 'reduced', categories: ['kitchen', 'mugs'], weightGrams: 350 };
    expect(comparable(quickAdd(full))).toEqual(comparable(addItemSchema.parse(full)));
    expect(quickUpdateQuantity({ cartId: 'c1', productId: 'p1', sku: 's1', quantity: 0 })).toEqual({ cartId: 'c1', productId: 'p1', sku: 's1', quantity: 0 });
  });

  it('leaves to the schema what needs trimming, a Money, a refused price and anything odd', () => {
    const everyday = { cartId: 'c1', productId: 'p1', sku: 's1', name: 'Mug', quantity: 2, unitPrice: { amount: '3.99', currency: 'EUR' } };
    for (const odd of [{ name: ' Mug' }, { unitPrice: Money.of('3.99', 'EUR') }, { unitPrice: { amount: '1.001', currency: 'EUR' } }, { unitPrice: { amount: '-1', currency: 'EUR' } }, { quantity: 0 }, { categories: [' a'] }]) {
      expect(quickAdd({ ...everyday, ...odd })).toBeUndefined();
    }
  });
});
