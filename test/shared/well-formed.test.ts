import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CartService, CatalogService, InventoryService, memoryAdapters } from '../../src/index.js';
import { illFormedPath } from '../../src/shared/well-formed.js';
import { expectCode } from '../support/expect-code.js';

const lone = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');

describe('well-formed Unicode', () => {
  it('finds a lone surrogate anywhere in a value, with its path, and nothing in well-formed values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // fast-check's JSON strings are well-formed (full code points only).
        expect(illFormedPath(value)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.string(), lone, fc.string(), fc.array(fc.string(), { maxLength: 3 }), (before, surrogate, after, siblings) => {
        const bad = `${before}${surrogate}${after}`;
        // A pair split across the join is still a pair: only test where it stays alone.
        fc.pre(!bad.isWellFormed());
        expect(illFormedPath({ a: [...siblings, { b: bad }] })).toEqual(['a', siblings.length, 'b']);
        expect(illFormedPath({ [bad]: 1 })).toEqual([bad]);
      }),
    );
  });

  it('walks shared and cyclic values once', () => {
    const shared = { s: 'ok' };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    expect(illFormedPath(cyclic)).toBeUndefined();
  });

  it('services refuse it with VALIDATION_FAILED on their quick paths too, and store nothing', async () => {
    const adapters = memoryAdapters();
    const cart = new CartService({ store: adapters.carts, promotions: adapters.promotions, defaultCurrency: 'EUR', catalog: new CatalogService({ store: adapters.catalog }) });
    const callerPriced = new CartService({ store: adapters.carts, promotions: adapters.promotions, defaultCurrency: 'EUR', pricing: 'caller' });
    const inventory = new InventoryService({ store: adapters.inventory });
    const created = await cart.createCart({ sessionId: 's' });
    const item = { productId: 'p1', sku: 'bad\uD800', name: 'Mug', quantity: 1, unitPrice: { amount: '2.50', currency: 'EUR' } };
    await expectCode(callerPriced.addItem(created.id, item), 'VALIDATION_FAILED');
    await expectCode(cart.addItem(created.id, { sku: 'bad\uD800', quantity: 1 }), 'VALIDATION_FAILED');
    await expectCode(cart.updateQuantity(created.id, 'p1', '\uDC00x', 2), 'VALIDATION_FAILED');
    await expectCode(inventory.reserveItems([{ sku: 'x\uDBFF', quantity: 1 }]), 'VALIDATION_FAILED');
    await expectCode(cart.createCart({ sessionId: 'bad\uD800' }), 'VALIDATION_FAILED');
    expect((await cart.getCart(created.id))?.lines).toEqual([]);
  });
});
