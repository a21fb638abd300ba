import assert from 'node:assert/strict';
import type { CatalogQuery, CatalogStore, Product } from '../ports/catalog-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

/** A product for store tests: one variant `<id>-sku` at 9.99 EUR, unless `patch` says otherwise. */
export function sampleProduct(id: string, patch: Partial<Product> = {}): Product {
  return {
    id,
    name: `Product ${id}`,
    description: '',
    category: 'kitchen',
    tags: [],
    attributes: {},
    active: true,
    taxClass: 'standard',
    weightGrams: 0,
    variants: [{ sku: `${id}-sku`, attributes: {}, prices: [{ currency: 'EUR', amount: '9.99' }] }],
    version: 1,
    updatedAt: 0,
    ...patch,
  };
}

const withSkus = (id: string, skus: string[], patch: Partial<Product> = {}): Product =>
  sampleProduct(id, { variants: skus.map((sku) => ({ sku, attributes: {}, prices: [{ currency: 'EUR', amount: '1.00' }] })), ...patch });

/** Every product a listing answers, page by page (each page at most `limit`). */
async function listAll(store: CatalogStore, query: Omit<CatalogQuery, 'after'>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.list({ ...query, ...(after !== undefined ? { after } : {}) });
    assert.ok(page.products.length <= query.limit);
    ids.push(...page.products.map((p) => p.id));
    if (page.next === null) return ids;
    after = page.next;
  }
  throw new Error('the listing never ended');
}

/** The behaviour every CatalogStore adapter must show. */
export const catalogStoreConformance = defineConformanceSuite<CatalogStore>('CatalogStore', (test) => {
  test('creates at version 1 and reads back a copy', async ({ store }) => {
    const product = sampleProduct('p1', { version: 7, brand: 'Acme', attributes: { material: 'oak' }, tags: ['gift'] });
    const saved = await store.save(product, 0);
    assert.deepEqual(saved, { ok: true, product: { ...product, version: 1 } });
    assert.deepEqual(await store.get('p1'), { ...product, version: 1 });
    assert.equal(await store.get('missing'), null);
  });

  test('a save at the stored version wins and bumps it; a stale one or a second create conflicts', async ({ store }) => {
    await store.save(sampleProduct('p1'), 0);
    const second = await store.save(sampleProduct('p1', { name: 'Renamed' }), 1);
    assert.equal(second.ok && second.product.version, 2);
    const stale = await store.save(sampleProduct('p1', { name: 'Stale' }), 1);
    assert.equal(!stale.ok && stale.reason === 'conflict' && stale.current.name, 'Renamed');
    const again = await store.save(sampleProduct('p1', { name: 'New' }), 0);
    assert.equal(!again.ok && again.reason, 'conflict');
    assert.deepEqual(await store.save(sampleProduct('p2'), 3), { ok: false, reason: 'not_found' });
    assert.equal((await store.get('p1'))?.name, 'Renamed');
    assert.equal(await store.get('p2'), null);
  });

  test('of many concurrent saves from one version exactly one wins', async ({ store }) => {
    await store.save(sampleProduct('p1'), 0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(withSkus('p1', [`p1-${i}`]), 1)));
    assert.equal(results.filter((r) => r.ok).length, 1);
    const stored = await store.get('p1');
    assert.equal(stored?.version, 2);
    // Only the winner's SKU points to the product; the losers' are free.
    const found = await store.findBySkus(Array.from({ length: 20 }, (_, i) => `p1-${i}`));
    assert.deepEqual(found.map((p) => p?.id ?? null).filter((id) => id !== null), ['p1']);
    assert.deepEqual(found.find((p) => p !== null)?.variants.map((v) => v.sku), stored?.variants.map((v) => v.sku));
    const losers = Array.from({ length: 20 }, (_, i) => `p1-${i}`).filter((sku) => !stored?.variants.some((v) => v.sku === sku));
    assert.equal((await store.save(withSkus('p2', losers), 0)).ok, true);
  });

  test('a SKU belongs to one product: another product holding it is refused first, and nothing is written', async ({ store }) => {
    await store.save(withSkus('a', ['s1', 's2']), 0);
    await store.save(withSkus('b', ['s3']), 0);
    assert.deepEqual(await store.save(withSkus('c', ['s9', 's2']), 0), { ok: false, reason: 'sku_taken', sku: 's2', holder: 'a' });
    // Checked before the version: a stale save that also takes a SKU answers sku_taken.
    assert.deepEqual(await store.save(withSkus('b', ['s3', 's1']), 5), { ok: false, reason: 'sku_taken', sku: 's1', holder: 'a' });
    assert.equal(await store.get('c'), null);
    assert.deepEqual((await store.findBySkus(['s9', 's1', 's3'])).map((p) => p?.id ?? null), [null, 'a', 'b']);
    assert.deepEqual((await store.get('b'))?.variants.map((v) => v.sku), ['s3']);
  });

  test('a SKU a product drops is free for another; its product keeps the SKUs it still has', async ({ store }) => {
    await store.save(withSkus('a', ['s1', 's2']), 0);
    await store.save(withSkus('a', ['s2', 's4']), 1);
    assert.deepEqual((await store.findBySkus(['s1', 's2', 's4'])).map((p) => p?.id ?? null), [null, 'a', 'a']);
    const taken = await store.save(withSkus('b', ['s1']), 0);
    assert.equal(taken.ok, true);
    assert.deepEqual((await store.findBySkus(['s1', 's1', 'nope'])).map((p) => p?.id ?? null), ['b', 'b', null]);
  });

  test('lists by id in code point order, in pages, with every filter and their mixes', async ({ store }) => {
    const ids = ['b', 'a', '\uE000', '\u{1F600}', 'a1', 'c'];
    const of = (id: string): Partial<Product> => ({
      category: id < 'b' ? 'kitchen' : 'garden',
      brand: id === 'c' || id === 'a1' ? 'Acme' : 'Zen',
      active: id !== 'a1' && id !== '\uE000',
    });
    for (const id of ids) await store.save(withSkus(id, [`${id}-sku`], of(id)), 0);
    const all = ['a', 'a1', 'b', 'c', '\uE000', '\u{1F600}'];
    for (const limit of [1, 2, 5, 6, 50]) assert.deepEqual(await listAll(store, { limit }), all, `limit ${limit}`);
    const expect = (filter: Omit<CatalogQuery, 'after' | 'limit'>) =>
      all.filter((id) => Object.entries(filter).every(([k, v]) => of(id)[k as keyof Product] === v));
    const filters: Omit<CatalogQuery, 'after' | 'limit'>[] = [
      { category: 'kitchen' }, { brand: 'Acme' }, { active: true }, { active: false },
      { category: 'garden', active: true }, { brand: 'Zen', active: false }, { category: 'kitchen', brand: 'Acme' },
      { category: 'garden', brand: 'Acme', active: true }, { category: 'none' },
    ];
    for (const filter of filters) {
      for (const limit of [1, 2, 10]) assert.deepEqual(await listAll(store, { ...filter, limit }), expect(filter), JSON.stringify({ ...filter, limit }));
    }
    assert.deepEqual(await store.list({ after: '\u{1F600}', limit: 3 }), { products: [], next: null });
    assert.deepEqual((await store.list({ after: 'a0', limit: 1 })).products.map((p) => p.id), ['a1']);
  });

  test('a listing follows the product: a new category, brand or active flag moves it', async ({ store }) => {
    await store.save(sampleProduct('p1', { category: 'kitchen', brand: 'Acme' }), 0);
    await store.save(sampleProduct('p1', { category: 'garden', active: false }), 1);
    assert.deepEqual(await listAll(store, { category: 'kitchen', limit: 5 }), []);
    assert.deepEqual(await listAll(store, { brand: 'Acme', limit: 5 }), []);
    assert.deepEqual(await listAll(store, { category: 'garden', active: false, limit: 5 }), ['p1']);
    assert.deepEqual(await listAll(store, { active: true, limit: 5 }), []);
  });

  test('values are copied in and out', async ({ store }) => {
    const product = sampleProduct('p1');
    await store.save(product, 0);
    product.tags.push('changed');
    const got = await store.get('p1');
    assert.deepEqual(got?.tags, []);
    got?.variants[0]?.prices.push({ currency: 'USD', amount: '1.00' });
    const [bySku] = await store.findBySkus(['p1-sku']);
    assert.equal(bySku?.variants[0]?.prices.length, 1);
    bySku?.tags.push('x');
    assert.deepEqual((await store.list({ limit: 5 })).products[0]?.tags, []);
  });

  test('a save sent again with its opId answers its first answer and writes once, also after other writes', async ({ store }) => {
    const first = await store.save(withSkus('p1', ['s1']), 0, { opId: 'op-1' });
    assert.equal(first.ok, true);
    assert.deepEqual(await store.save(withSkus('p1', ['s1']), 0, { opId: 'op-1' }), first);
    const second = await store.save(withSkus('p1', ['s2'], { name: 'Second' }), 1, { opId: 'op-2' });
    assert.equal(second.ok && second.product.version, 2);
    // The first save again: its first answer, not a conflict, and nothing written.
    assert.deepEqual(await store.save(withSkus('p1', ['s1']), 0, { opId: 'op-1' }), first);
    const stored = await store.get('p1');
    assert.equal(stored?.name, 'Second');
    assert.deepEqual(stored?.variants.map((v) => v.sku), ['s2']);
    assert.deepEqual((await store.findBySkus(['s1', 's2'])).map((p) => p?.id ?? null), [null, 'p1']);
  });

  test('a refused save is not remembered: sent again, it is decided again', async ({ store }) => {
    await store.save(withSkus('a', ['s1']), 0);
    assert.equal((await store.save(withSkus('b', ['s1']), 0, { opId: 'op-b' })).ok, false);
    await store.save(withSkus('a', ['s2']), 1);
    const again = await store.save(withSkus('b', ['s1']), 0, { opId: 'op-b' });
    assert.equal(again.ok, true);
    assert.equal((await store.findBySkus(['s1']))[0]?.id, 'b');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store }) => {
    await store.save(sampleProduct('p1'), 0);
    await assertRefusesIllFormed(() => store.save(sampleProduct(LONE_SURROGATE), 0));
    await assertRefusesIllFormed(() => store.save(sampleProduct('p2', { attributes: { [LONE_SURROGATE]: 'x' } }), 0));
    await assertRefusesIllFormed(() => store.save(withSkus('p2', [LONE_SURROGATE]), 0));
    await assertRefusesIllFormed(() => store.save(sampleProduct('p1', { name: LONE_SURROGATE }), 1));
    await assertRefusesIllFormed(() => store.save(sampleProduct('p1'), 1, { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.findBySkus(['ok', LONE_SURROGATE]));
    await assertRefusesIllFormed(() => store.list({ category: LONE_SURROGATE, limit: 5 }));
    await assertRefusesIllFormed(() => store.list({ after: LONE_SURROGATE, limit: 5 }));
    assert.equal(await store.get('p2'), null);
    assert.equal((await store.get('p1'))?.version, 1);
    assert.equal((await store.get('p1'))?.name, 'Product p1');
  });
});
