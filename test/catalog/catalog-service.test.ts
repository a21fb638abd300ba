import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../src/adapters/memory/catalog-store.js';
import { CatalogService, type CatalogEvents, type ProductInput } from '../../src/index.js';
import type { CatalogStore } from '../../src/ports/catalog-store.js';
import { ManualClock } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';

/** A store that counts the reads of SKUs, to see what the cache spares. */
function countingStore(store: CatalogStore = new MemoryCatalogStore()) {
  let skuReads = 0;
  const counted: CatalogStore = {
    save: (...args) => store.save(...args),
    get: (id) => store.get(id),
    list: (query) => store.list(query),
    findBySkus: (skus) => {
      skuReads += 1;
      return store.findBySkus(skus);
    },
  };
  return { store: counted, reads: () => skuReads };
}

function setup(options: { cache?: { ttlMs?: number; maxEntries?: number }; store?: CatalogStore } = {}) {
  const clock = new ManualClock('2025-03-01T12:00:00.000Z');
  const counting = countingStore(options.store);
  const events: CatalogEvents['product.saved'][] = [];
  const catalog = new CatalogService({ store: counting.store, clock, events: { emit: (_name, payload) => events.push(payload) }, ...(options.cache ? { cache: options.cache } : {}) });
  return { catalog, clock, events, reads: counting.reads, store: counting.store };
}

const mug = (patch: Partial<ProductInput> = {}): ProductInput => ({
  id: 'mug',
  name: 'Mug',
  category: 'kitchen',
  brand: 'Acme',
  weightGrams: 350,
  taxClass: 'reduced',
  variants: [
    { sku: 'mug-red', name: 'Red', prices: [{ currency: 'EUR', amount: '8.50', tiers: [{ minQuantity: 6, amount: '7.50' }, { minQuantity: 12, amount: '6.90' }] }, { currency: 'USD', amount: '9.00' }] },
    { sku: 'mug-blue', name: 'Blue', prices: [{ currency: 'EUR', amount: '8.50' }] },
  ],
  ...patch,
});

describe('CatalogService: products', () => {
  it('saves a product at version 1, with defaults, and reads it by id and by SKU', async () => {
    const { catalog, clock, events } = setup();
    const saved = await catalog.saveProduct(mug());
    expect(saved).toMatchObject({ id: 'mug', version: 1, active: true, description: '', tags: [], attributes: {}, updatedAt: clock.now() });
    expect(saved).not.toHaveProperty('version', 0);
    expect(await catalog.getProduct('mug')).toEqual(saved);
    expect(await catalog.getProduct('nope')).toBeNull();
    expect((await catalog.getVariant('mug-blue'))?.variant).toEqual({ sku: 'mug-blue', name: 'Blue', attributes: {}, prices: [{ currency: 'EUR', amount: '8.50' }] });
    expect(await catalog.getVariant('nope')).toBeNull();
    expect(events).toEqual([{ productId: 'mug', version: 1, active: true, skus: ['mug-red', 'mug-blue'], at: clock.now() }]);
  });

  it('refuses a stale save (CONFLICT) and a SKU another product holds (SKU_TAKEN), writing nothing', async () => {
    const { catalog } = setup();
    await catalog.saveProduct(mug());
    await catalog.saveProduct({ ...mug({ name: 'Big mug' }), version: 1 });
    await expectCode(catalog.saveProduct({ ...mug({ name: 'Stale' }), version: 1 }), 'CONFLICT');
    await expectCode(catalog.saveProduct(mug({ name: 'Again' })), 'CONFLICT');
    await expectCode(catalog.saveProduct(mug({ id: 'cup', variants: [{ sku: 'mug-red', prices: [] }] })), 'SKU_TAKEN');
    await expectCode(catalog.saveProduct({ ...mug({ id: 'ghost', variants: [{ sku: 'ghost-1', prices: [] }] }), version: 4 }), 'PRODUCT_NOT_FOUND');
    expect(await catalog.getProduct('cup')).toBeNull();
    expect(await catalog.getProduct('mug')).toMatchObject({ name: 'Big mug', version: 2 });
  });

  it('refuses prices that cannot be charged, and SKUs or price starts given twice', async () => {
    const { catalog } = setup();
    const withPrice = (price: object) => mug({ variants: [{ sku: 'x', prices: [price as never] }] });
    for (const bad of [
      withPrice({ currency: 'EUR', amount: '-1.00' }),
      withPrice({ currency: 'EUR', amount: '1.005' }),
      withPrice({ currency: 'JPY', amount: '1.5' }),
      withPrice({ currency: 'EUR', amount: '90071992547409.92' }),
      withPrice({ currency: 'EUR', amount: 9.99 }),
      withPrice({ currency: 'EUR', amount: '9.99', tiers: [{ minQuantity: 5, amount: '8.00' }, { minQuantity: 5, amount: '7.00' }] }),
      withPrice({ currency: 'EUR', amount: '9.99', tiers: [{ minQuantity: 1, amount: '8.00' }] }),
      withPrice({ currency: 'EUR', amount: '9.99', from: 2000, to: 1000 }),
      mug({ variants: [{ sku: 'x', prices: [{ currency: 'EUR', amount: '1.00' }, { currency: 'EUR', amount: '2.00' }] }] }),
      mug({ variants: [{ sku: 'x', prices: [] }, { sku: 'x', prices: [] }] }),
      mug({ variants: [] }),
    ]) {
      await expectCode(catalog.saveProduct(bad), 'VALIDATION_FAILED');
    }
    expect(await catalog.getProduct('mug')).toBeNull();
    const error = await catalog.saveProduct(withPrice({ currency: 'EUR', amount: 9.99 })).catch((e: unknown) => e);
    expect(String(error)).toMatch(/pass a decimal string/);
  });

  it('puts a product on sale and takes it off, each change one version', async () => {
    const { catalog, events } = setup();
    await catalog.saveProduct(mug());
    expect(await catalog.setActive('mug', false)).toMatchObject({ active: false, version: 2 });
    expect(await catalog.setActive('mug', false)).toMatchObject({ active: false, version: 2 });
    expect(await catalog.setActive('mug', true)).toMatchObject({ active: true, version: 3 });
    await expectCode(catalog.setActive('nope', true), 'PRODUCT_NOT_FOUND');
    expect(events.map((e) => [e.version, e.active])).toEqual([[1, true], [2, false], [3, true]]);
  });
});

describe('CatalogService: prices', () => {
  it('prices by currency, quantity tier and time', async () => {
    const { catalog, clock } = setup();
    const now = clock.now();
    await catalog.saveProduct(mug({ variants: [{ sku: 'mug-red', prices: [
      { currency: 'EUR', amount: '8.50', tiers: [{ minQuantity: 6, amount: '7.50' }, { minQuantity: 12, amount: '6.90' }] },
      { currency: 'EUR', amount: '5.00', from: now + 1000, to: now + 2000 },
      { currency: 'USD', amount: '9.00', to: now + 500 },
    ] }] }));
    const price = async (currency: string, quantity: number, at?: number) => (await catalog.priceOf('mug-red', { currency, quantity, ...(at !== undefined ? { at } : {}) })).unitPrice.amount;
    expect(await price('EUR', 1)).toBe('8.50');
    expect(await price('EUR', 6)).toBe('7.50');
    expect(await price('EUR', 11)).toBe('7.50');
    expect(await price('EUR', 50)).toBe('6.90');
    // A sale with a window wins while it runs (the later start), tiers of the standing price aside.
    expect(await price('EUR', 50, now + 1000)).toBe('5.00');
    expect(await price('EUR', 50, now + 2000)).toBe('6.90');
    expect(await price('USD', 1)).toBe('9.00');
    await expectCode(catalog.priceOf('mug-red', { currency: 'USD', at: now + 500 }), 'NO_PRICE_IN_CURRENCY');
    await expectCode(catalog.priceOf('mug-red', { currency: 'GBP' }), 'NO_PRICE_IN_CURRENCY');
    await expectCode(catalog.priceOf('nope', { currency: 'EUR' }), 'SKU_NOT_IN_CATALOG');
    const total = await catalog.priceOf('mug-red', { currency: 'EUR', quantity: 12 });
    expect([total.total.amount, total.minQuantity, total.productId]).toEqual(['82.80', 12, 'mug']);
    await catalog.setActive('mug', false);
    await expectCode(catalog.priceOf('mug-red', { currency: 'EUR' }), 'PRODUCT_INACTIVE');
  });
});

describe('CatalogService: listings', () => {
  it('pages with an opaque cursor and filters by category, brand and active flag', async () => {
    const { catalog } = setup();
    for (const [id, category, brand] of [['a', 'kitchen', 'Acme'], ['b', 'garden', 'Acme'], ['c', 'kitchen', 'Zen'], ['d', 'kitchen', 'Acme']] as const) {
      await catalog.saveProduct({ id, name: id, category, brand, variants: [{ sku: `${id}-1`, prices: [] }] });
    }
    await catalog.setActive('d', false);
    const pages: string[][] = [];
    let cursor: string | null | undefined;
    do {
      const page = await catalog.listProducts({ category: 'kitchen', limit: 1, ...(cursor ? { cursor } : {}) });
      pages.push(page.products.map((p) => p.id));
      cursor = page.cursor;
    } while (cursor);
    expect(pages).toEqual([['a'], ['c'], ['d']]);
    expect((await catalog.listProducts({ brand: 'Acme', active: true })).products.map((p) => p.id)).toEqual(['a', 'b']);
    expect((await catalog.listProducts()).products).toHaveLength(4);
  });

  it('refuses a cursor it did not make with VALIDATION_FAILED', async () => {
    const { catalog } = setup();
    await catalog.saveProduct(mug());
    const made = (await catalog.listProducts({ limit: 1 })).cursor;
    expect(made).toBeNull();
    for (const cursor of ['', 'abc', 'c1.', 'c1.!!!', 'c2.YQ', 'c1.YQ=', `c1.${Buffer.from([0xff, 0xfe]).toString('base64url')}`, `c1.${'QQ'.repeat(300)}`]) {
      await expectCode(catalog.listProducts({ cursor }), 'VALIDATION_FAILED');
    }
  });
});

describe('CatalogService: what cart lines take', () => {
  it('quotes name, price for the quantity, tax class, weight and category', async () => {
    const { catalog } = setup();
    await catalog.saveProduct(mug());
    const [red, blue] = await catalog.quoteLines([{ sku: 'mug-red', quantity: 6 }, { sku: 'mug-blue', quantity: 1 }], { currency: 'EUR' });
    expect(red).toMatchObject({ productId: 'mug', sku: 'mug-red', name: 'Mug - Red', taxClass: 'reduced', weightGrams: 350, categories: ['kitchen'] });
    expect([red?.unitPrice.amount, blue?.unitPrice.amount]).toEqual(['7.50', '8.50']);
    await expectCode(catalog.quoteLines([{ sku: 'mug-blue', quantity: 1 }], { currency: 'USD' }), 'NO_PRICE_IN_CURRENCY');
    await expectCode(catalog.quoteLines([{ sku: 'mug-red', quantity: 1 }, { sku: 'nope', quantity: 1 }], { currency: 'EUR' }), 'SKU_NOT_IN_CATALOG');
  });

  it('reads through a per-process cache for its TTL; fresh reads and its own saves see changes at once', async () => {
    const shared = new MemoryCatalogStore();
    const here = setup({ store: shared, cache: { ttlMs: 5000 } });
    const elsewhere = new CatalogService({ store: shared, clock: here.clock });
    await here.catalog.saveProduct(mug());
    const quote = async (fresh = false) => (await here.catalog.quoteLines([{ sku: 'mug-blue', quantity: 1 }], { currency: 'EUR', fresh }))[0]?.unitPrice.amount;
    expect(await quote()).toBe('8.50');
    const reads = here.reads();
    // Another instance raises the price: this one's cache still answers within the TTL...
    await elsewhere.saveProduct({ ...mug({ variants: [{ sku: 'mug-blue', prices: [{ currency: 'EUR', amount: '9.50' }] }] }), version: 1 });
    expect(await quote()).toBe('8.50');
    expect(here.reads()).toBe(reads);
    // ...a fresh read (checkout's) sees it at once, and the cache after the TTL.
    expect(await quote(true)).toBe('9.50');
    here.clock.advance(5000);
    await elsewhere.setActive('mug', false);
    await expectCode(here.catalog.quoteLines([{ sku: 'mug-blue', quantity: 1 }], { currency: 'EUR' }), 'PRODUCT_INACTIVE');
    // Its own save is seen by its next quote.
    await here.catalog.setActive('mug', true);
    expect(await quote()).toBe('9.50');
  });

  it('keeps at most maxEntries SKUs, unknown ones included, and nothing with a TTL of 0', async () => {
    const bounded = setup({ cache: { ttlMs: 60_000, maxEntries: 2 } });
    await bounded.catalog.saveProduct(mug());
    const ask = (sku: string) => bounded.catalog.quoteLines([{ sku, quantity: 1 }], { currency: 'EUR' }).catch(() => null);
    await ask('mug-red');
    await ask('nope');
    const reads = bounded.reads();
    await ask('nope');
    await ask('mug-red');
    expect(bounded.reads()).toBe(reads);
    // A third SKU pushes out the one read from the store first.
    await ask('mug-blue');
    await ask('nope');
    expect(bounded.reads()).toBe(reads + 1);
    await ask('mug-red');
    expect(bounded.reads()).toBe(reads + 2);
    const none = setup({ cache: { ttlMs: 0 } });
    await none.catalog.saveProduct(mug());
    await none.catalog.quoteLines([{ sku: 'mug-red', quantity: 1 }], { currency: 'EUR' });
    await none.catalog.quoteLines([{ sku: 'mug-red', quantity: 1 }], { currency: 'EUR' });
    expect(none.reads()).toBe(2);
  });
});
