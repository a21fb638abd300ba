import type { CatalogQuery, Product, ProductPrice, ProductVariant } from '../ports/catalog-store.js';

/**
 * The catalogue's rules, once: which price a variant sells at, and which products a listing
 * holds. Pure. The service prices with them; both store adapters filter listings with
 * `matchesQuery` (the Redis index is only a way to find candidates: the record decides).
 */

/** Whether `product` passes every filter of `query`. */
export function matchesQuery(product: Product, query: Omit<CatalogQuery, 'after' | 'limit'>): boolean {
  return (
    (query.category === undefined || product.category === query.category) &&
    (query.brand === undefined || product.brand === query.brand) &&
    (query.active === undefined || product.active === query.active)
  );
}

/** A price of a variant chosen for a purchase: the entry, and the unit amount that applies. */
export interface ChosenPrice {
  entry: ProductPrice;
  /** The unit price for the quantity: the highest tier reached, else the entry's amount. */
  amount: string;
  /** The quantity the amount starts at (1 without a tier). */
  minQuantity: number;
}

/**
 * The unit price of `variant` for `quantity` units in `currency` at time `at`. Of the entries
 * in that currency valid at `at` (`from <= at < to`), the one that started last wins: a sale
 * with a window overrides the standing price while it runs (the schema refuses two entries of
 * one currency with the same start, so there is never a tie). Undefined when none is valid.
 */
export function choosePrice(variant: ProductVariant, query: { currency: string; quantity: number; at: number }): ChosenPrice | undefined {
  let entry: ProductPrice | undefined;
  for (const price of variant.prices) {
    if (price.currency !== query.currency || !validAt(price, query.at)) continue;
    if (!entry || startOf(price) > startOf(entry)) entry = price;
  }
  if (!entry) return undefined;
  let chosen: ChosenPrice = { entry, amount: entry.amount, minQuantity: 1 };
  for (const tier of entry.tiers ?? []) {
    if (tier.minQuantity <= query.quantity && tier.minQuantity > chosen.minQuantity) chosen = { entry, amount: tier.amount, minQuantity: tier.minQuantity };
  }
  return chosen;
}

function validAt(price: ProductPrice, at: number): boolean {
  return (price.from === undefined || price.from <= at) && (price.to === undefined || at < price.to);
}

function startOf(price: ProductPrice): number {
  return price.from ?? Number.NEGATIVE_INFINITY;
}

/** The variant of `product` with `sku`, or undefined. */
export function variantOf(product: Product, sku: string): ProductVariant | undefined {
  return product.variants.find((v) => v.sku === sku);
}

// Copies are built field by field, not with structuredClone: a reprice copies every line's
// product out of the memory store, and V8 builds literals many times faster than it clones
// (the same reason as cart/line-rules.ts, copyLine). TypeScript flags a field missed here.

function copyPrice(price: ProductPrice): ProductPrice {
  const copy: ProductPrice = { currency: price.currency, amount: price.amount };
  if (price.tiers) copy.tiers = price.tiers.map((t) => ({ minQuantity: t.minQuantity, amount: t.amount }));
  if (price.from !== undefined) copy.from = price.from;
  if (price.to !== undefined) copy.to = price.to;
  if (price.taxIncluded !== undefined) copy.taxIncluded = price.taxIncluded;
  return copy;
}

function copyVariant(variant: ProductVariant): ProductVariant {
  const copy: ProductVariant = { sku: variant.sku, attributes: { ...variant.attributes }, prices: variant.prices.map(copyPrice) };
  if (variant.name !== undefined) copy.name = variant.name;
  return copy;
}

/** A copy of a product that shares nothing with it. */
export function copyProduct(product: Product): Product {
  const copy: Product = {
    id: product.id,
    name: product.name,
    description: product.description,
    tags: product.tags.slice(),
    attributes: { ...product.attributes },
    active: product.active,
    taxClass: product.taxClass,
    weightGrams: product.weightGrams,
    variants: product.variants.map(copyVariant),
    version: product.version,
    updatedAt: product.updatedAt,
  };
  if (product.category !== undefined) copy.category = product.category;
  if (product.brand !== undefined) copy.brand = product.brand;
  return copy;
}
