import { describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../src/adapters/memory/catalog-store.js';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import type { Product } from '../../src/ports/catalog-store.js';
import { priceBandOf } from '../../src/recommend/catalog-products.js';
import { RecommendationEngine } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { NOW, ids } from './fixtures.js';

function product(id: string, amount: string | undefined, over: Partial<Product> = {}): Product {
  const prices = amount === undefined ? [] : [{ currency: 'GBP', amount }];
  return { id, name: 'Glass tea light holder', description: '', tags: [], attributes: {}, active: true, taxClass: 'standard', weightGrams: 0, variants: [{ sku: `${id}-1`, attributes: {}, prices }], version: 1, updatedAt: NOW, ...over };
}

describe('products read from the catalogue', () => {
  it('a price band is a power of two of minor units, per currency', () => {
    expect(priceBandOf(product('a', '5.00'))).toBe('GBP:8'); // 500 minor units: 2^8..2^9
    expect(priceBandOf(product('a', '5.12'))).toBe('GBP:9');
    expect(priceBandOf(product('a', '0.00'))).toBeUndefined();
    expect(priceBandOf(product('a', undefined))).toBeUndefined();
    expect(priceBandOf(product('a', '500', { variants: [{ sku: 'y', attributes: {}, prices: [{ currency: 'JPY', amount: '500' }] }] }))).toBe('JPY:8');
  });

  it('prices feed the content model: of products reading alike, the one near in price is more similar', async () => {
    const catalog = new MemoryCatalogStore();
    for (const [id, amount] of [['cheap', '4.00'], ['near', '4.50'], ['dear', '90.00']] as const) await catalog.save(product(id, amount), 0);
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), catalog, clock: new ManualClock(NOW), weights: { content: 1 } });
    for (const id of ['cheap', 'near', 'dear']) await engine.addInteraction({ userId: 'u', productId: id, type: 'view' });
    await engine.train();
    expect(ids(await engine.getSimilarProducts('cheap'))).toEqual(['near', 'dear']);
  });

  it('addProduct keeps what the catalogue holds beyond text and grouping', async () => {
    const catalog = new MemoryCatalogStore();
    await catalog.save(product('p', '4.00', { taxClass: 'reduced' }), 0);
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), catalog, clock: new ManualClock(NOW) });
    await engine.addProduct({ productId: 'p', name: 'Renamed', category: 'home' });
    await engine.addProduct({ productId: 'new', name: 'Brand new' });
    expect(await catalog.get('p')).toMatchObject({ name: 'Renamed', category: 'home', taxClass: 'reduced', version: 2, variants: [{ sku: 'p-1' }] });
    expect(await catalog.get('new')).toMatchObject({ name: 'Brand new', active: true, variants: [], version: 1 });
  });
});
