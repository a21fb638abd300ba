import { systemClock } from '../adapters/system/system-clock.js';
import type { TaxClass } from '../ports/cart-store.js';
import type { CatalogSaveResult, CatalogStore, Product, ProductVariant } from '../ports/catalog-store.js';
import type { Clock } from '../ports/clock.js';
import { RECORD_RETRY, retryOnConflict } from '../shared/conflict-retry.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import type { Money } from '../shared/money.js';
import { moneyOf } from '../shared/money-cache.js';
import { parseInput } from '../shared/validation.js';
import { CatalogCache, type CatalogCacheSettings } from './catalog-cache.js';
import { decodeCursor, encodeCursor } from './catalog-cursor.js';
import type { CatalogEvents } from './catalog-events.js';
import { catalogEventsOf } from './catalog-event-records.js';
import { choosePrice, variantOf, type ChosenPrice } from './catalog-rules.js';
import * as s from './catalog-schemas.js';

export interface CatalogServiceOptions {
  store: CatalogStore;
  clock?: Clock;
  events?: EventSink<CatalogEvents>;
  /** The per-process cache the cart's line edits read through (see CatalogCache). */
  cache?: CatalogCacheSettings;
}

/** A variant with the product it belongs to. */
export interface CatalogVariant {
  product: Product;
  variant: ProductVariant;
}

/** What `priceOf` answers: the unit price for the quantity, and the line total. */
export interface CatalogPrice {
  sku: string;
  productId: string;
  quantity: number;
  unitPrice: Money;
  total: Money;
  /** The quantity the unit price starts at (1 unless a tier applies). */
  minQuantity: number;
}

/** What a cart line takes from the catalogue. */
export interface CatalogLineQuote {
  productId: string;
  sku: string;
  name: string;
  unitPrice: Money;
  /** Whether the unit price includes tax, when its catalogue price says. */
  taxIncluded?: boolean;
  taxClass: TaxClass;
  weightGrams: number;
  /** The product's category, for promotions that target categories. */
  categories: string[];
}

/** A page of `listProducts`. */
export interface ProductPage {
  products: Product[];
  /** Pass it back for the next page; null on the last page. */
  cursor: string | null;
}

/**
 * Products, variants and prices: the only source of a cart line's price. Writes go to the
 * store (versioned: a stale save is refused); the cart's line edits read through a small
 * per-process cache, checkout re-prices from the store.
 */
export class CatalogService {
  private readonly store: CatalogStore;
  private readonly clock: Clock;
  private readonly events: EventSink<CatalogEvents>;
  private readonly cache: CatalogCache;

  constructor(options: CatalogServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.events = options.events ?? silentEvents<CatalogEvents>();
    const cache = parseInput(s.catalogCacheSchema, options.cache, 'CatalogServiceOptions.cache');
    this.cache = new CatalogCache(this.clock, cache);
  }

  /**
   * Creates a product (no `version`, or 0) or replaces one at the `version` it was read at:
   * CONFLICT when another save came first, SKU_TAKEN when another product holds a SKU.
   */
  async saveProduct(input: s.ProductInput): Promise<Product> {
    const { version, ...fields } = parseInput(s.productInputSchema, input, 'saveProduct');
    return commerceErrors(async () => {
      // Through JSON, as a store keeps it: no key left holding undefined, at any depth.
      const product = JSON.parse(JSON.stringify({ ...fields, version: version + 1, updatedAt: this.clock.now() })) as Product;
      // The stored product this save replaces, for its events: if it is not at `version`
      // any more, the compare-and-set refuses and nothing is recorded.
      const stored = version === 0 ? null : await this.store.get(product.id);
      return this.#write(product, version, stored);
    });
  }

  /** The product, or null. */
  async getProduct(productId: string): Promise<Product | null> {
    const id = parseInput(s.productIdSchema, productId, 'getProduct');
    return commerceErrors(() => this.store.get(id), 'STORE_UNAVAILABLE');
  }

  /** The variant of `sku` with its product, or null when no product holds the SKU. */
  async getVariant(sku: string): Promise<CatalogVariant | null> {
    const wanted = parseInput(s.skuSchema, sku, 'getVariant');
    const [product] = await commerceErrors(() => this.store.findBySkus([wanted]), 'STORE_UNAVAILABLE');
    const variant = product ? variantOf(product, wanted) : undefined;
    return product && variant ? { product, variant } : null;
  }

  /**
   * The unit price of `sku` for `quantity` units (default 1) in `currency` at `at` (default
   * now): SKU_NOT_IN_CATALOG, PRODUCT_INACTIVE or NO_PRICE_IN_CURRENCY when it does not sell.
   */
  async priceOf(sku: string, query: s.PriceQuery): Promise<CatalogPrice> {
    const wanted = parseInput(s.skuSchema, sku, 'priceOf');
    const { currency, quantity, at } = parseInput(s.priceQuerySchema, query, 'priceOf');
    const [product] = await commerceErrors(() => this.store.findBySkus([wanted]), 'STORE_UNAVAILABLE');
    const sold = sellable(product ?? null, wanted, { currency, quantity, at: at ?? this.clock.now() });
    const unitPrice = moneyOf(sold.chosen.amount, currency);
    return { sku: wanted, productId: sold.product.id, quantity, unitPrice, total: unitPrice.multiply(quantity), minQuantity: sold.chosen.minQuantity };
  }

  /** Products by id, filtered by category, brand and active flag, a page at a time. */
  async listProducts(input?: s.ListProductsInput): Promise<ProductPage> {
    const { cursor, limit, ...filters } = parseInput(s.listProductsSchema, input, 'listProducts');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const query = { ...(filters.category !== undefined ? { category: filters.category } : {}), ...(filters.brand !== undefined ? { brand: filters.brand } : {}), ...(filters.active !== undefined ? { active: filters.active } : {}) };
    const page = await commerceErrors(() => this.store.list({ ...query, ...(after !== undefined ? { after } : {}), limit }), 'STORE_UNAVAILABLE');
    return { products: page.products, cursor: page.next === null ? null : encodeCursor(page.next) };
  }

  /** Puts a product on sale or takes it off (PRODUCT_NOT_FOUND when there is none). */
  async setActive(productId: string, active: boolean): Promise<Product> {
    const input = parseInput(s.setActiveSchema, { productId, active }, 'setActive');
    return commerceErrors(() =>
      retryOnConflict(
        RECORD_RETRY,
        async () => {
          const current = await this.store.get(input.productId);
          if (!current) throw new CommerceError('PRODUCT_NOT_FOUND', { productId: input.productId });
          if (current.active === input.active) return { done: true, value: current };
          try {
            return { done: true, value: await this.#write({ ...current, active: input.active, updatedAt: this.clock.now() }, current.version, current) };
          } catch (error) {
            if (error instanceof CommerceError && error.code === 'CONFLICT') return { done: false };
            throw error;
          }
        },
        (attempts) => new CommerceError('CONFLICT', { productId: input.productId, reason: `the product kept changing over ${attempts} attempts` }),
      ),
    );
  }

  /**
   * What cart lines of these SKUs take from the catalogue now, in `currency`: through the
   * per-process cache, or from the store when `fresh` (checkout). The first SKU that does not
   * sell refuses the whole call (SKU_NOT_IN_CATALOG, PRODUCT_INACTIVE, NO_PRICE_IN_CURRENCY).
   */
  async quoteLines(items: readonly { sku: string; quantity: number }[], options: { currency: string; fresh?: boolean }): Promise<CatalogLineQuote[]> {
    const input = s.parseQuoteLines(items, options);
    return commerceErrors(async () => {
      const products = await this.#productsOf(input.items.map((i) => i.sku), input.fresh);
      const at = this.clock.now();
      return input.items.map((item, i) => {
        const { product, variant, chosen } = sellable(products[i] ?? null, item.sku, { currency: input.currency, quantity: item.quantity, at });
        const quote: CatalogLineQuote = {
          productId: product.id,
          sku: item.sku,
          name: variant.name === undefined ? product.name : `${product.name} - ${variant.name}`,
          unitPrice: moneyOf(chosen.amount, input.currency),
          taxClass: product.taxClass,
          weightGrams: product.weightGrams,
          categories: product.category === undefined ? [] : [product.category],
        };
        if (chosen.entry.taxIncluded !== undefined) quote.taxIncluded = chosen.entry.taxIncluded;
        return quote;
      });
    });
  }

  async #productsOf(skus: readonly string[], fresh: boolean): Promise<(Product | null)[]> {
    const cached = fresh ? [] : skus.map((sku) => this.cache.get(sku));
    const missing = fresh ? skus : skus.filter((_, i) => cached[i] === undefined);
    if (missing.length === 0) return cached as (Product | null)[];
    const read = await commerceErrors(() => this.store.findBySkus(missing), 'STORE_UNAVAILABLE');
    this.cache.keep(missing, read);
    if (fresh) return read;
    let next = 0;
    return cached.map((product) => (product === undefined ? (read[next++] ?? null) : product));
  }

  async #write(product: Product, expectedVersion: number, stored: Product | null): Promise<Product> {
    const events = catalogEventsOf(stored, product, this.clock.now());
    const result = await commerceErrors(() => this.store.save(product, expectedVersion, { events }), 'STORE_UNAVAILABLE');
    if (!result.ok) throw refusal(result, product.id, expectedVersion);
    const saved = result.product;
    this.cache.forgetProduct(saved.id, saved.variants.map((v) => v.sku));
    this.events.emit('product.saved', { productId: saved.id, version: saved.version, active: saved.active, skus: saved.variants.map((v) => v.sku), at: this.clock.now() });
    return saved;
  }
}

/** The product, variant and price that sell `sku`, or the error that says why it does not. */
function sellable(product: Product | null, sku: string, query: { currency: string; quantity: number; at: number }): CatalogVariant & { chosen: ChosenPrice } {
  const variant = product ? variantOf(product, sku) : undefined;
  if (!product || !variant) throw new CommerceError('SKU_NOT_IN_CATALOG', { sku });
  if (!product.active) throw new CommerceError('PRODUCT_INACTIVE', { sku, productId: product.id });
  const chosen = choosePrice(variant, query);
  if (!chosen) throw new CommerceError('NO_PRICE_IN_CURRENCY', { sku, currency: query.currency, reason: `${sku} has no ${query.currency} price now` });
  return { product, variant, chosen };
}

function refusal(result: Exclude<CatalogSaveResult, { ok: true }>, productId: string, expectedVersion: number): CommerceError {
  switch (result.reason) {
    case 'sku_taken':
      return new CommerceError('SKU_TAKEN', { productId, sku: result.sku, holder: result.holder, reason: `${result.sku} belongs to product ${result.holder}` });
    case 'not_found':
      return new CommerceError('PRODUCT_NOT_FOUND', { productId, reason: `no product ${productId} to save at version ${expectedVersion}` });
    case 'conflict':
      return new CommerceError('CONFLICT', { productId, expectedVersion, version: result.current.version, reason: `the product is at version ${result.current.version}, not ${expectedVersion}` });
  }
}
