import type { CatalogStore, Product } from '../ports/catalog-store.js';
import { minorUnitExponent } from '../shared/currencies.js';
import type { RecommendProduct } from './types.js';

/** Products per catalogue page while loading them all. */
const PAGE = 500;

/**
 * The price band of a product, for the content model: products whose prices are within a
 * factor of two of each other share a term (`GBP:9` is 2^9 to 2^10 minor units of GBP). Read
 * from the first price of the first variant; none for a product without one.
 */
export function priceBandOf(product: Product): string | undefined {
  const price = product.variants[0]?.prices[0];
  if (!price) return undefined;
  // A band, not money: a float is exact enough to tell powers of two apart.
  const minor = Number(price.amount) * 10 ** (minorUnitExponent(price.currency) ?? 2);
  return minor >= 1 ? `${price.currency}:${Math.floor(Math.log2(minor))}` : undefined;
}

/** What the engine reads of a catalogue product: its text, grouping and price band. */
export function recommendProductOf(product: Product): RecommendProduct {
  const band = priceBandOf(product);
  return {
    productId: product.id,
    name: product.name,
    description: product.description,
    category: product.category,
    brand: product.brand,
    tags: [...product.tags],
    ...(band === undefined ? {} : { priceBand: band }),
  };
}

/** Every active product of the catalogue, by id, paging through it. */
export async function loadCatalogProducts(catalog: CatalogStore): Promise<Map<string, RecommendProduct>> {
  const products = new Map<string, RecommendProduct>();
  let after: string | undefined;
  do {
    const page = await catalog.list({ active: true, limit: PAGE, ...(after === undefined ? {} : { after }) });
    for (const product of page.products) products.set(product.id, recommendProductOf(product));
    after = page.next ?? undefined;
  } while (after !== undefined);
  return products;
}

/**
 * The catalogue product `addProduct` writes: the given text and grouping on the stored
 * product when there is one (its variants, prices and flags kept), else a new active product
 * with no variants, which the catalogue can give prices later.
 */
export function productFromInput(input: RecommendProduct, stored: Product | null, now: number): Product {
  const base: Product = stored ?? { id: input.productId, name: '', description: '', tags: [], attributes: {}, active: true, taxClass: 'standard', weightGrams: 0, variants: [], version: 0, updatedAt: now };
  const { category: _category, brand: _brand, ...rest } = base;
  return {
    ...rest,
    name: input.name,
    description: input.description,
    ...(input.category === undefined ? {} : { category: input.category }),
    ...(input.brand === undefined ? {} : { brand: input.brand }),
    tags: [...input.tags],
    version: base.version + 1,
    updatedAt: now,
  };
}
