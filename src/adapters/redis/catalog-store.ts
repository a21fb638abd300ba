import { copyProduct, matchesQuery, variantOf } from '../../catalog/catalog-rules.js';
import type { CatalogPage, CatalogQuery, CatalogSaveResult, CatalogStore, Product } from '../../ports/catalog-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { listingMembers, listingPrefix } from './catalog-listing.js';
import { opIdOf, shardTagOf, type EventRecording } from './event-recording.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const claimScript = new LuaScript('catalog-claim-skus');
const saveScript = new LuaScript('catalog-save');
const indexScript = new LuaScript('catalog-index');
const getScript = new LuaScript('catalog-get');
const holdersScript = new LuaScript('catalog-sku-holders');
const listScript = new LuaScript('catalog-list');
const replayedScript = new LuaScript('catalog-replayed');

/**
 * The catalogue on Redis. Each product record is a hash under its id's record shard tag
 * (`cat:{o<n>}:<id>`, event-recording.ts), so products spread over a cluster and the save
 * records its events (catalog.*) on the shard's stream in the same script; the SKU index and the listing index
 * share the catalogue's tag (`catidx:{<prefix>catalog}:...`). A save is three steps, each one
 * script on one slot: claim the SKUs (refusing one another product holds, before anything
 * is written), compare-and-set the record, then bring the indexes in line with what is stored
 * (and give back the claims of a refused save). Readers trust the record over the indexes, so
 * a save that died between its steps shows no SKU or listing its record does not have.
 * See docs/redis.md, Catalogue.
 */
export class RedisCatalogStore implements CatalogStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly recording: EventRecording,
  ) {}

  async save(product: Product, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CatalogSaveResult> {
    assertWellFormed({ product, step }, 'CatalogStore.save');
    assertEventsOf(product.id, step.events, 'CatalogStore.save');
    const id = product.id;
    const version = expectedVersion + 1;
    const skus = product.variants.map((v) => v.sku);
    let claim = await this.claim(id, version, skus);
    if ('taken' in claim) {
      // The holder's own save may have died before its index step, leaving a claim its
      // record no longer holds: bring its index in line with its record, then ask again.
      await this.index(claim.holder, await this.get(claim.holder), 0);
      claim = await this.claim(id, version, skus);
    }
    if ('taken' in claim) {
      // A save sent again after it was applied may find a SKU it gave up since taken by another.
      const first = step.opId === undefined ? null : await this.redis.read<CatalogSaveResult | null>(replayedScript, [this.redis.opKey(shardTagOf(id), opIdOf(id, step.opId))], []);
      return first ?? { ok: false, reason: 'sku_taken', sku: claim.taken, holder: claim.holder };
    }
    const doc = JSON.stringify({ ...product, version });
    const tag = shardTagOf(id);
    const keys = [this.productKey(id), ...this.recording.keysOf(tag)];
    const result = await this.redis.write<CatalogSaveResult>(saveScript, tag, opIdOf(id, step.opId), keys, [expectedVersion, doc, ...this.recording.argsOf(step.events)]);
    const record = result.ok ? result.product : result.reason === 'conflict' ? result.current : null;
    await this.index(id, record, result.ok ? 0 : version);
    return result;
  }

  async get(productId: string): Promise<Product | null> {
    assertWellFormed(productId, 'CatalogStore.get');
    return this.redis.read<Product | null>(getScript, [this.productKey(productId)], []);
  }

  async findBySkus(skus: readonly string[]): Promise<(Product | null)[]> {
    assertWellFormed(skus, 'CatalogStore.findBySkus');
    if (skus.length === 0) return [];
    const holders = await this.redis.read<(string | false)[]>(holdersScript, [this.skusKey()], skus);
    const products = await this.getMany(holders.filter((h): h is string => h !== false));
    // The record decides: an index entry its product no longer has (a save that died before
    // its index step) finds nothing.
    return skus.map((sku, i) => {
      const holder = holders[i];
      const product = holder === false || holder === undefined ? undefined : products.get(holder);
      return product && variantOf(product, sku) ? copyProduct(product) : null;
    });
  }

  async list(query: CatalogQuery): Promise<CatalogPage> {
    assertWellFormed(query, 'CatalogStore.list');
    const ids = await this.redis.read<string[]>(listScript, [this.listingKey()], [listingPrefix(query), query.after ?? '', query.limit + 1]);
    const page = ids.slice(0, query.limit);
    const products = await this.getMany(page);
    return {
      products: page.flatMap((id) => {
        const product = products.get(id);
        return product && matchesQuery(product, query) ? [product] : [];
      }),
      next: ids.length > query.limit ? (page.at(-1) ?? null) : null,
    };
  }

  private claim(id: string, version: number, skus: readonly string[]): Promise<{ ok: true } | { taken: string; holder: string }> {
    return this.redis.run(claimScript, [this.skusKey(), this.productIndexKey(id)], [id, version, ...skus]);
  }

  /** The step after a save: the indexes follow `record` (null: none), and a refused save gives its claims back. */
  private async index(id: string, record: Product | null, refusedVersion: number): Promise<void> {
    const skus = record?.variants.map((v) => v.sku) ?? [];
    const members = record ? listingMembers(record) : [];
    await this.redis.run(indexScript, [this.skusKey(), this.productIndexKey(id), this.listingKey()], [id, record?.version ?? 0, refusedVersion, skus.length, ...skus, ...members]);
  }

  private async getMany(ids: readonly string[]): Promise<Map<string, Product>> {
    const distinct = [...new Set(ids)];
    const found = await Promise.all(distinct.map((id) => this.redis.read<Product | null>(getScript, [this.productKey(id)], [])));
    const products = new Map<string, Product>();
    found.forEach((product, i) => {
      if (product) products.set(distinct[i] as string, product);
    });
    return products;
  }

  private productKey(id: string): string {
    return this.redis.keys.key('cat', shardTagOf(id), id);
  }

  private skusKey(): string {
    return this.redis.keys.key('catidx', `${this.redis.keys.prefix}catalog`, 'skus');
  }

  private listingKey(): string {
    return this.redis.keys.key('catidx', `${this.redis.keys.prefix}catalog`, 'listing');
  }

  private productIndexKey(id: string): string {
    return this.redis.keys.key('catidx', `${this.redis.keys.prefix}catalog`, 'product', id);
  }
}
