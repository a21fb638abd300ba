// The Redis catalogue saves a product in three steps on two slots (claim the SKUs in the
// catalogue's slot, write the record in the product's, then bring the indexes in line). These
// tests break the save between its steps, and lose each step's reply, and check what readers
// and the next save see (docs/redis.md, Catalogue).
import { describe, expect, it } from 'vitest';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { shardTagOf } from '../../src/adapters/redis/event-recording.js';
import type { CatalogStore, Product } from '../../src/ports/catalog-store.js';
import { sampleProduct } from '../../src/testing/index.js';
import { flakyScripts } from './flaky-scripts.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace, type ClientKind } from './harness.js';

const skip = await redisSkipReason('catalogue steps');
const space = redisTestSpace('catalog-steps');

async function flakyCatalog(kind: ClientKind) {
  const raw = await space.open(kind);
  const flaky = flakyScripts(toScriptClient(raw.client));
  const prefix = space.prefix();
  return { catalog: redisAdapters({ client: flaky.client, prefix }).catalog, flaky, raw, prefix };
}

const product = (id: string, skus: string[], patch: Partial<Product> = {}): Product =>
  sampleProduct(id, { variants: skus.map((sku) => ({ sku, attributes: {}, prices: [{ currency: 'EUR', amount: '2.50' }] })), ...patch });
const holders = async (catalog: CatalogStore, skus: string[]) => (await catalog.findBySkus(skus)).map((p) => p?.id ?? null);
const listed = async (catalog: CatalogStore, category: string) => (await catalog.list({ category, limit: 10 })).products.map((p) => p.id);
// Every resend of the step fails too: the save stops there with STORE_UNAVAILABLE.
const RESENDS = 3;

describe.skipIf(skip)(`Redis catalogue: a save broken between its steps${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  for (const kind of CLIENT_KINDS) {
    it(`${kind}: a reply lost after each step is answered once, with one write`, async () => {
      const { catalog, flaky } = await flakyCatalog(kind);
      for (const script of ['catalog-claim-skus', 'catalog-save', 'catalog-index'] as const) flaky.loseReply(script);
      const saved = await catalog.save(product('p1', ['s1']), 0);
      expect(saved).toEqual({ ok: true, product: product('p1', ['s1'], { version: 1 }) });
      expect(flaky.runs('catalog-save')).toBe(2);
      expect(await catalog.get('p1')).toEqual(product('p1', ['s1'], { version: 1 }));
      expect(await holders(catalog, ['s1'])).toEqual(['p1']);
      expect(await listed(catalog, 'kitchen')).toEqual(['p1']);
    });

    it(`${kind}: a save that stops after claiming holds its SKUs until the product is saved again`, async () => {
      const { catalog, flaky } = await flakyCatalog(kind);
      flaky.failBefore('catalog-save', RESENDS);
      await expect(catalog.save(product('p1', ['s1', 's2']), 0)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await catalog.get('p1')).toBeNull();
      // No record holds them, so no reader finds them; another product is still refused.
      expect(await holders(catalog, ['s1', 's2'])).toEqual([null, null]);
      expect(await catalog.save(product('p2', ['s1']), 0)).toEqual({ ok: false, reason: 'sku_taken', sku: 's1', holder: 'p1' });
      // The product's next save frees the claims its record does not hold.
      expect((await catalog.save(product('p1', ['s2']), 0)).ok).toBe(true);
      expect((await catalog.save(product('p2', ['s1']), 0)).ok).toBe(true);
      expect(await holders(catalog, ['s1', 's2'])).toEqual(['p2', 'p1']);
    });

    it(`${kind}: a save that stops after its record shows what the record holds; the next save mends the indexes`, async () => {
      const { catalog, flaky } = await flakyCatalog(kind);
      await catalog.save(product('p1', ['s1', 's2']), 0);
      flaky.failBefore('catalog-index', RESENDS);
      await expect(catalog.save(product('p1', ['s2', 's3'], { category: 'garden' }), 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect((await catalog.get('p1'))?.version).toBe(2);
      // s1 is gone from the record, s3 was claimed before the record was written.
      expect(await holders(catalog, ['s1', 's2', 's3'])).toEqual([null, 'p1', 'p1']);
      // The listing index is behind: the record keeps it out of its old category, and it
      // shows in its new one from the next save on.
      expect(await listed(catalog, 'kitchen')).toEqual([]);
      expect(await listed(catalog, 'garden')).toEqual([]);
      // Another product asking for s1 finds the claim stale against p1's record, mends p1's
      // indexes and takes it.
      expect((await catalog.save(product('p2', ['s1']), 0)).ok).toBe(true);
      expect(await listed(catalog, 'garden')).toEqual(['p1']);
      expect(await holders(catalog, ['s1', 's2', 's3'])).toEqual(['p2', 'p1', 'p1']);
    });

    it(`${kind}: a claim of a save still under way is not taken from it`, async () => {
      const { catalog, flaky } = await flakyCatalog(kind);
      await catalog.save(product('p1', ['s1']), 0);
      // p1's next save claims s2 for version 2, then stops before its record: as far as any
      // other writer can tell it is still under way, so s2 stays p1's.
      flaky.failBefore('catalog-save', RESENDS);
      await expect(catalog.save(product('p1', ['s1', 's2']), 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await catalog.save(product('p2', ['s2']), 0)).toEqual({ ok: false, reason: 'sku_taken', sku: 's2', holder: 'p1' });
      expect((await catalog.save(product('p1', ['s1', 's2']), 1)).ok).toBe(true);
      expect(await holders(catalog, ['s1', 's2'])).toEqual(['p1', 'p1']);
    });

    it(`${kind}: a refused save gives back the SKUs it claimed, and never another save's`, async () => {
      const { catalog } = await flakyCatalog(kind);
      await catalog.save(product('p1', ['s1']), 0);
      await catalog.save(product('p1', ['s1', 's2']), 1);
      // Stale: claims s3, then is refused on the version, and gives s3 back.
      expect(await catalog.save(product('p1', ['s3']), 1)).toMatchObject({ ok: false, reason: 'conflict' });
      expect((await catalog.save(product('p2', ['s3']), 0)).ok).toBe(true);
      expect(await holders(catalog, ['s1', 's2', 's3'])).toEqual(['p1', 'p1', 'p2']);
      // Not found: a version expected of a product never saved gives its claims back too.
      expect(await catalog.save(product('p9', ['s9']), 4)).toEqual({ ok: false, reason: 'not_found' });
      expect((await catalog.save(product('p3', ['s9']), 0)).ok).toBe(true);
    });

    it(`${kind}: every key of a product is under its record shard's tag, every index key under the catalogue's`, async () => {
      const { catalog, raw, prefix } = await flakyCatalog(kind);
      await catalog.save(product('p1', ['s1'], { brand: 'Acme' }), 0, { opId: 'op-1' });
      const keys = (await raw.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort();
      const tag = shardTagOf('p1');
      expect(keys).toEqual([`cat:{${tag}}:p1`, `catidx:{${prefix}catalog}:listing`, `catidx:{${prefix}catalog}:product:p1`, `catidx:{${prefix}catalog}:skus`, `op:{${tag}}:p1:op-1`]);
    });
  }
});
