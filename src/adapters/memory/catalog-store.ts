import type { CatalogPage, CatalogQuery, CatalogSaveResult, CatalogStore, Product } from '../../ports/catalog-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { copyProduct, matchesQuery } from '../../catalog/catalog-rules.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { MemoryEventLog } from './event-log.js';
import { ReplayLog } from './replay-log.js';

/**
 * Code point order, which is UTF-8 byte order (the order Redis keeps): JS `<` compares
 * UTF-16 units, which puts U+10000 and up before U+E000..U+FFFF.
 */
function codePointOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/** In-process products; each method reads and writes without awaiting in between. */
export class MemoryCatalogStore implements CatalogStore {
  private readonly products = new Map<string, Product>();
  private readonly skus = new Map<string, string>();
  /** Every product id in code point order, for listings. */
  private readonly order: string[] = [];
  private readonly replays = new ReplayLog();

  /** `events`: the log `save` records its events in (memoryAdapters passes the set's). */
  constructor(private readonly options: { events?: MemoryEventLog } = {}) {}

  async save(product: Product, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CatalogSaveResult> {
    assertWellFormed({ product, step }, 'CatalogStore.save');
    assertEventsOf(product.id, step.events, 'CatalogStore.save');
    const first = this.replays.answered<CatalogSaveResult>(step.opId);
    if (first !== undefined) return first;
    for (const { sku } of product.variants) {
      const holder = this.skus.get(sku);
      if (holder !== undefined && holder !== product.id) return { ok: false, reason: 'sku_taken', sku, holder };
    }
    const stored = this.products.get(product.id);
    if (stored && stored.version !== expectedVersion) return { ok: false, reason: 'conflict', current: copyProduct(stored) };
    if (!stored && expectedVersion !== 0) return { ok: false, reason: 'not_found' };

    const written = copyProduct({ ...product, version: expectedVersion + 1 });
    for (const { sku } of stored?.variants ?? []) this.skus.delete(sku);
    for (const { sku } of written.variants) this.skus.set(sku, written.id);
    if (!stored) this.order.splice(this.position(written.id), 0, written.id);
    this.products.set(written.id, written);
    this.options.events?.record(step.events);
    return this.replays.remember(step.opId, { ok: true, product: copyProduct(written) });
  }

  async get(productId: string): Promise<Product | null> {
    assertWellFormed(productId, 'CatalogStore.get');
    const product = this.products.get(productId);
    return product ? copyProduct(product) : null;
  }

  async findBySkus(skus: readonly string[]): Promise<(Product | null)[]> {
    assertWellFormed(skus, 'CatalogStore.findBySkus');
    return skus.map((sku) => {
      const id = this.skus.get(sku);
      const product = id === undefined ? undefined : this.products.get(id);
      return product ? copyProduct(product) : null;
    });
  }

  async list(query: CatalogQuery): Promise<CatalogPage> {
    assertWellFormed(query, 'CatalogStore.list');
    const found: Product[] = [];
    let i = query.after === undefined ? 0 : this.position(query.after, true);
    // One match past the page tells whether there is a next page.
    for (; i < this.order.length && found.length <= query.limit; i++) {
      const product = this.products.get(this.order[i] as string) as Product;
      if (matchesQuery(product, query)) found.push(product);
    }
    const page = found.slice(0, query.limit);
    const next = found.length > query.limit ? (page.at(-1)?.id ?? null) : null;
    return { products: page.map(copyProduct), next };
  }

  /** Where `id` goes in `order` (past it when `after`), by binary search. */
  private position(id: string, after = false): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const c = codePointOrder(this.order[mid] as string, id);
      if (c < 0 || (after && c === 0)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
