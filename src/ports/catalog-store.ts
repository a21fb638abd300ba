import type { TaxClass } from './cart-store.js';
import type { RecordsEvents } from './event-log.js';
import type { Replayable } from './replay.js';

/**
 * A unit price of a variant in one currency, as stored (JSON-safe: amounts are decimal
 * strings rounded to the currency's minor unit, times are epoch ms).
 */
export interface ProductPrice {
  currency: string;
  /** The unit price below the first tier. */
  amount: string;
  /** Lower unit prices from a quantity on, by ascending `minQuantity` (each at least 2). */
  tiers?: { minQuantity: number; amount: string }[];
  /** Valid from this time on (inclusive); absent: since always. */
  from?: number;
  /** Valid until this time (exclusive); absent: for good. */
  to?: number;
  /**
   * Whether the amounts include tax (a UK shelf price does, a B2B price list may not).
   * Absent: as the cart service's `taxIncluded`.
   */
  taxIncluded?: boolean;
}

/** One sellable variant of a product: its SKU, what tells it apart, and its prices. */
export interface ProductVariant {
  /** Unique across the whole catalogue: a SKU belongs to one product. */
  sku: string;
  /** Shown after the product's name (e.g. "Red, XL"); absent: the product's name alone. */
  name?: string;
  attributes: Record<string, string>;
  prices: ProductPrice[];
}

/** A product as stored. */
export interface Product {
  id: string;
  name: string;
  description: string;
  category?: string;
  brand?: string;
  tags: string[];
  attributes: Record<string, string>;
  /** Only active products are sold (an inactive one stays readable and listable). */
  active: boolean;
  taxClass: TaxClass;
  /** Weight of one unit, for weight-tier shipping. */
  weightGrams: number;
  variants: ProductVariant[];
  /** 1 when created, one more on every write. */
  version: number;
  /** When it was last written (epoch ms, the writer's clock). */
  updatedAt: number;
}

/** What a save answers: the stored product, or why nothing was written. */
export type CatalogSaveResult =
  | { ok: true; product: Product }
  /** The stored version is not the expected one (or the product exists when creating). */
  | { ok: false; reason: 'conflict'; current: Product }
  /** A version was expected but there is no such product. */
  | { ok: false; reason: 'not_found' }
  /** `holder`, another product, holds `sku`. */
  | { ok: false; reason: 'sku_taken'; sku: string; holder: string };

/** Which products a listing answers; every filter given must hold. */
export interface CatalogQuery {
  category?: string;
  brand?: string;
  active?: boolean;
  /** Answer products whose id comes after this one (the `next` of the page before). */
  after?: string;
  /** Most products to answer (1 or more). */
  limit: number;
}

/** A page of a listing, by product id in code point order (UTF-8 byte order). */
export interface CatalogPage {
  products: Product[];
  /** The `after` of the next page, or null when this page is the last. */
  next: string | null;
}

/**
 * Where products live. Products are never deleted (deactivate them): a SKU, once sold, keeps
 * naming the same thing. Values are copied in and out. `save` is safe to replay with its
 * `opId` (ports/replay.ts); every string must be well-formed Unicode (else
 * VALIDATION_FAILED, nothing read or written).
 */
export interface CatalogStore {
  /**
   * Compare-and-set: stores `product` at version `expectedVersion + 1` (0 creates it) if the
   * stored version is still `expectedVersion`, and makes its SKUs point to it (a SKU it no
   * longer has is freed). Refuses, writing nothing, when another product holds one of its
   * SKUs (checked first), or the version does not match. The `events` (catalog.*) are recorded
   * in the step that stores the record, and not at all when it refuses.
   */
  save(product: Product, expectedVersion: number, step?: Replayable & RecordsEvents): Promise<CatalogSaveResult>;

  /** The product, or null. */
  get(productId: string): Promise<Product | null>;

  /** For each SKU, in order, the product that holds it, or null. */
  findBySkus(skus: readonly string[]): Promise<(Product | null)[]>;

  /**
   * The products that pass every filter, after `after`, by id; at most `limit`. A page may
   * hold fewer and still have a `next` (an adapter whose index runs behind its records leaves
   * out what the record no longer matches); walk pages until `next` is null.
   */
  list(query: CatalogQuery): Promise<CatalogPage>;
}
