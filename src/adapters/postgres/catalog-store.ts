import type { CatalogPage, CatalogQuery, CatalogSaveResult, CatalogStore, Product } from '../../ports/catalog-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { copyProduct } from '../../catalog/catalog-rules.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgQueryable } from './client.js';
import type { PgEventRecording } from './event-recording.js';
import { commit, refuse, type PgSteps } from './steps.js';

/**
 * The catalogue on PostgreSQL: each product as jsonb beside the columns listings filter on,
 * and one `product_skus` row per SKU, whose primary key is the rule that a SKU belongs to one
 * product. A save is one transaction: SKU claims checked first (as every adapter does), then
 * the version compare-and-set on the product row (locked), then the claims moved. Ids are
 * COLLATE "C", so listings page in code point order like the other adapters. A save records
 * its events (catalog.*) with its COMMIT (event-recording.ts).
 */
export class PostgresCatalogStore implements CatalogStore {
  constructor(
    private readonly pg: PgSteps,
    private readonly recording: PgEventRecording,
  ) {}

  async save(product: Product, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CatalogSaveResult> {
    assertWellFormed({ product, step }, 'CatalogStore.save');
    assertEventsOf(product.id, step.events, 'CatalogStore.save');
    const written = copyProduct({ ...product, version: expectedVersion + 1 });
    const skus = written.variants.map((v) => v.sku);
    return this.pg.write('catalog.save', step.opId, async (tx) => {
      const taken = await this.takenSku(tx, written.id, skus);
      if (taken) return refuse<CatalogSaveResult>(taken);
      const current = await tx.query<{ doc: Product; version: number }>(`SELECT doc, version FROM ${this.pg.t('products')} WHERE id = $1 FOR UPDATE`, [written.id]);
      const stored = current.rows[0];
      if (stored && stored.version !== expectedVersion) return refuse<CatalogSaveResult>({ ok: false, reason: 'conflict', current: stored.doc });
      if (!stored && expectedVersion !== 0) return refuse<CatalogSaveResult>({ ok: false, reason: 'not_found' });
      const values = [written.id, written.category ?? null, written.brand ?? null, written.active, written.version, written.updatedAt, JSON.stringify(written)];
      if (stored) {
        await tx.query(`UPDATE ${this.pg.t('products')} SET category = $2, brand = $3, active = $4, version = $5, updated_at = $6, doc = $7 WHERE id = $1`, values);
      } else {
        const inserted = await tx.query(
          `INSERT INTO ${this.pg.t('products')} (id, category, brand, active, version, updated_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
          values,
        );
        if (inserted.rowCount === 0) {
          // Created concurrently since the read above: the version no longer matches.
          const now = await tx.query<{ doc: Product }>(`SELECT doc FROM ${this.pg.t('products')} WHERE id = $1`, [written.id]);
          return refuse<CatalogSaveResult>({ ok: false, reason: 'conflict', current: now.rows[0]?.doc as Product });
        }
      }
      await tx.query(`DELETE FROM ${this.pg.t('product_skus')} WHERE product_id = $1 AND NOT (sku = ANY($2::text[]))`, [written.id, skus]);
      await tx.query(`INSERT INTO ${this.pg.t('product_skus')} (sku, product_id) SELECT sku, $1 FROM unnest($2::text[]) AS sku ON CONFLICT (sku) DO NOTHING`, [written.id, skus]);
      // A concurrent save claimed one of the SKUs after the check above: refuse, as the check would have.
      const lost = await this.takenSku(tx, written.id, skus);
      if (lost) return refuse<CatalogSaveResult>(lost);
      return commit<CatalogSaveResult>({ ok: true, product: written }, this.recording.writesOf(step.events));
    });
  }

  async get(productId: string): Promise<Product | null> {
    assertWellFormed(productId, 'CatalogStore.get');
    const rows = await this.pg.read<{ doc: Product }>('catalog.get', `SELECT doc FROM ${this.pg.t('products')} WHERE id = $1`, [productId]);
    return rows[0]?.doc ?? null;
  }

  async findBySkus(skus: readonly string[]): Promise<(Product | null)[]> {
    assertWellFormed(skus, 'CatalogStore.findBySkus');
    if (skus.length === 0) return [];
    const rows = await this.pg.read<{ sku: string; doc: Product }>(
      'catalog.findBySkus',
      `SELECT s.sku, p.doc FROM ${this.pg.t('product_skus')} s JOIN ${this.pg.t('products')} p ON p.id = s.product_id WHERE s.sku = ANY($1::text[])`,
      [skus],
    );
    const found = new Map(rows.map((r) => [r.sku, r.doc]));
    // Each position gets its own copy: two SKUs of one product are two values to the caller.
    return skus.map((sku) => {
      const doc = found.get(sku);
      return doc ? copyProduct(doc) : null;
    });
  }

  async list(query: CatalogQuery): Promise<CatalogPage> {
    assertWellFormed(query, 'CatalogStore.list');
    const rows = await this.pg.read<{ doc: Product }>(
      'catalog.list',
      `SELECT doc FROM ${this.pg.t('products')}
        WHERE ($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR brand = $2) AND ($3::boolean IS NULL OR active = $3) AND ($4::text IS NULL OR id > $4)
        ORDER BY id LIMIT $5`,
      [query.category ?? null, query.brand ?? null, query.active ?? null, query.after ?? null, query.limit + 1],
    );
    const products = rows.slice(0, query.limit).map((r) => r.doc);
    return { products, next: rows.length > query.limit ? (products.at(-1)?.id ?? null) : null };
  }

  /** The first of `skus` another product holds, as a refusal, or undefined. */
  private async takenSku(tx: PgQueryable, productId: string, skus: string[]): Promise<CatalogSaveResult | undefined> {
    if (skus.length === 0) return undefined;
    const { rows } = await tx.query<{ sku: string; product_id: string }>(`SELECT sku, product_id FROM ${this.pg.t('product_skus')} WHERE sku = ANY($1::text[]) AND product_id <> $2`, [skus, productId]);
    const holders = new Map(rows.map((r) => [r.sku, r.product_id]));
    for (const sku of skus) {
      const holder = holders.get(sku);
      if (holder !== undefined) return { ok: false, reason: 'sku_taken', sku, holder };
    }
    return undefined;
  }
}
