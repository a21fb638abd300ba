import type { Clock } from '../ports/clock.js';
import type { Product } from '../ports/catalog-store.js';

/** How long and how much the per-process catalogue cache keeps. */
export interface CatalogCacheSettings {
  /** How long a product read for a SKU answers for that SKU (ms). Default 5000; 0 for no cache. */
  ttlMs?: number;
  /** Most SKUs kept; the one first kept longest ago goes first. Default 10,000. */
  maxEntries?: number;
}

/**
 * The products of SKUs as this process read them lately, for the cart's line edits: a hit
 * costs no round trip, so a line edit stays one store step. Safe because it is bounded in
 * staleness (`ttlMs`, by the Clock) and in size, and because nothing that charges reads it:
 * checkout re-prices from the store. A SKU no product holds is kept too (as null), so a
 * stream of unknown SKUs does not reach the store on every edit.
 */
export class CatalogCache {
  private readonly entries = new Map<string, { product: Product | null; until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly clock: Clock,
    settings: Required<CatalogCacheSettings>,
  ) {
    this.ttlMs = settings.ttlMs;
    this.maxEntries = settings.maxEntries;
  }

  /** The product of `sku` read less than `ttlMs` ago (null: none held it), or undefined. */
  get(sku: string): Product | null | undefined {
    const entry = this.entries.get(sku);
    if (!entry) return undefined;
    if (entry.until > this.clock.now()) return entry.product;
    this.entries.delete(sku);
    return undefined;
  }

  /**
   * Keeps what the store answered for each SKU of `skus` (the store's copies: nobody changes
   * them after). A SKU kept already is refreshed in place: deleting and adding it again would
   * churn the map.
   */
  keep(skus: readonly string[], products: readonly (Product | null)[]): void {
    if (this.ttlMs === 0) return;
    const until = this.clock.now() + this.ttlMs;
    skus.forEach((sku, i) => {
      const product = products[i] ?? null;
      const entry = this.entries.get(sku);
      if (entry) {
        entry.product = product;
        entry.until = until;
        return;
      }
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(sku, { product, until });
    });
  }

  /**
   * Forgets a product this process just saved, under its SKUs now and any it had before, so
   * this process's next edit sees the change at once (others within `ttlMs`).
   */
  forgetProduct(productId: string, skus: Iterable<string>): void {
    for (const sku of skus) this.entries.delete(sku);
    for (const [sku, entry] of this.entries) if (entry.product?.id === productId) this.entries.delete(sku);
  }
}
