// Cart lines priced by the catalogue: addItem takes everything but the quantity from it (one
// store step, through the catalogue's per-process cache), priceCart re-prices every line from
// the catalogue's store and shows what moved.
import { describe, expect, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { MemoryCatalogStore } from '../../src/adapters/memory/catalog-store.js';
import { MemoryPromotionStore } from '../../src/adapters/memory/promotion-store.js';
import { CartService, CatalogService } from '../../src/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { expectCode, setup } from './fixtures.js';

const mug = { id: 'mug', name: 'Mug', category: 'kitchen', taxClass: 'reduced' as const, weightGrams: 350 };
const price = (amount: string, tiers?: { minQuantity: number; amount: string }[]) => [{ currency: 'EUR', amount, ...(tiers ? { tiers } : {}) }];

/** A cart store that counts the calls a service makes to it. */
function countingCarts(): { store: CartStore; calls: () => number } {
  const inner = new MemoryCartStore();
  let calls = 0;
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls: () => calls };
}

describe('cart lines priced by the catalogue', () => {
  it('take price, name, tax class, weight and category from the catalogue', async () => {
    const { service, catalog } = setup();
    await catalog.saveProduct({ ...mug, variants: [{ sku: 'mug-red', name: 'Red', prices: price('8.50') }] });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    const cart = await service.addItem(id, { sku: 'mug-red', quantity: 2 });
    expect(cart.lines).toEqual([expect.objectContaining({ productId: 'mug', sku: 'mug-red', name: 'Mug - Red', quantity: 2, taxClass: 'reduced', categories: ['kitchen'], weightGrams: 350 })]);
    expect(cart.lines[0]?.unitPrice.toJSON()).toEqual({ amount: '8.50', currency: 'EUR' });
  });

  it('refuse a tampered price, an unknown SKU, an inactive product and a missing currency, writing nothing', async () => {
    const { service, catalog } = setup();
    await catalog.saveProduct({ ...mug, variants: [{ sku: 'mug-red', prices: price('8.50') }, { sku: 'mug-usd', prices: [{ currency: 'USD', amount: '9.00' }] }] });
    await catalog.saveProduct({ id: 'old', name: 'Old', active: false, variants: [{ sku: 'old-1', prices: price('1.00') }] });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await expectCode(service.addItem(id, { sku: 'mug-red', quantity: 1, unitPrice: { amount: '0.01', currency: 'EUR' } }), 'PRICE_NOT_ALLOWED');
    await expectCode(service.addItem(id, { sku: 'nope', quantity: 1 }), 'SKU_NOT_IN_CATALOG');
    await expectCode(service.addItem(id, { sku: 'old-1', quantity: 1 }), 'PRODUCT_INACTIVE');
    await expectCode(service.addItem(id, { sku: 'mug-usd', quantity: 1 }), 'NO_PRICE_IN_CURRENCY');
    expect(await service.getCart(id)).toMatchObject({ version: 1, lines: [] });
  });

  it('make one cart store call per edit once the cart is known, and no catalogue read within the cache TTL', async () => {
    const carts = countingCarts();
    const { service, catalog, clock } = setup({ store: carts.store });
    await catalog.saveProduct({ ...mug, variants: [{ sku: 'mug-red', prices: price('8.50') }] });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await service.addItem(id, { sku: 'mug-red', quantity: 1 });
    const before = carts.calls();
    for (let i = 0; i < 5; i++) await service.addItem(id, { sku: 'mug-red', quantity: 1 });
    expect(carts.calls() - before).toBe(5);
    // Another process's service reads the cart once for its currency, then one call per edit.
    const other = new CartService({ store: carts.store, promotions: new MemoryPromotionStore(), catalog, clock });
    const start = carts.calls();
    await other.addItem(id, { sku: 'mug-red', quantity: 1 });
    await other.addItem(id, { sku: 'mug-red', quantity: 1 });
    expect(carts.calls() - start).toBe(3);
  });

  it('are re-priced from the store by priceCart: the cart keeps the price it showed, the summary both', async () => {
    const shared = new MemoryCatalogStore();
    const { service } = setup({ catalog: new CatalogService({ store: shared }) });
    const admin = new CatalogService({ store: shared });
    await admin.saveProduct({ ...mug, variants: [{ sku: 'mug-red', prices: price('8.50', [{ minQuantity: 6, amount: '7.00' }]) }] });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await service.addItem(id, { sku: 'mug-red', quantity: 1 });
    await service.addItem(id, { sku: 'mug-red', quantity: 5 });
    // The quantity reached a tier since the line was added: the line is charged at the tier.
    let priced = await service.priceCart(id);
    expect(priced.lines.map((l) => [l.cartUnitPrice.amount, l.unitPrice.amount, l.subtotal.amount])).toEqual([['8.50', '7.00', '42.00']]);
    // The merchant raises the price: the cart (and the cache the edits read) still show 8.50,
    // priceCart charges the store's price.
    const current = await admin.getProduct('mug');
    await admin.saveProduct({ ...mug, version: current?.version ?? 0, variants: [{ sku: 'mug-red', prices: price('9.50') }] });
    priced = await service.priceCart(id);
    expect(priced.lines.map((l) => [l.cartUnitPrice.amount, l.unitPrice.amount])).toEqual([['8.50', '9.50']]);
    expect(priced.total.amount).toBe('57.00');
    expect((await service.getCart(id))?.lines[0]?.unitPrice.amount).toBe('8.50');
    // Taken off sale: pricing names the SKU.
    await admin.setActive('mug', false);
    const error = await expectCode(service.priceCart(id), 'PRODUCT_INACTIVE');
    expect(error.details).toMatchObject({ sku: 'mug-red' });
  });

  it('with pricing: caller, keep the caller\'s price and name and are priced at them', async () => {
    const { service } = setup({ pricing: 'caller' });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await service.addItem(id, { productId: 'p', sku: 's', name: 'Own', quantity: 2, unitPrice: { amount: '3.00', currency: 'EUR' } });
    const priced = await service.priceCart(id);
    expect(priced.lines.map((l) => [l.name, l.unitPrice.amount, l.cartUnitPrice.amount])).toEqual([['Own', '3.00', '3.00']]);
  });
});
