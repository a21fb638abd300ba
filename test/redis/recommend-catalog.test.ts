// Recommendations read products from the catalogue: two engines on one Redis catalogue (and
// one interaction log) recommend the same products; addProduct writes to the catalogue; a
// product deactivated there stops being recommended once an engine reads the catalogue again.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { RecommendationEngine } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { BASKETS, NOW, PRODUCTS, ids } from '../recommend/fixtures.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('recommendations on a Redis catalogue');

for (const kind of CLIENT_KINDS) {
  describe.skipIf(skip !== undefined)(`recommendations on a Redis catalogue (${kind})`, () => {
    const space = redisTestSpace('recommend-catalog');

    it('two engines on one catalogue and log recommend the same; addProduct wrote to the catalogue; a deactivated product drops out', async () => {
      const raw = await space.open(kind);
      const adapters = redisAdapters({ client: raw.client, prefix: space.prefix(), clock: new ManualClock(NOW) });
      const engine = () => new RecommendationEngine({ interactions: adapters.interactions, catalog: adapters.catalog, clock: new ManualClock(NOW), weights: { itemCooccurrence: 1, content: 1 } });
      const trainer = engine();
      for (const p of PRODUCTS) await trainer.addProduct(p);
      for (const [userId, items] of Object.entries(BASKETS)) {
        for (const productId of items) await trainer.addInteraction({ userId, productId, type: 'purchase', orderId: `${userId}-order` });
      }
      // Written to the shared catalogue, not only to this process.
      expect((await adapters.catalog.get('A'))?.name).toBe('Red heart candle holder');

      const server = engine(); // never fed a product: it reads them from the catalogue
      await trainer.train();
      await server.train();
      const asked = ['u1', 'u3', 'u4'];
      for (const user of asked) expect(ids(await server.getRecommendations(user))).toEqual(ids(await trainer.getRecommendations(user)));
      expect(ids(await server.getSimilarProducts('A'))).toEqual(ids(await trainer.getSimilarProducts('A')));
      expect(ids(await server.getRecommendations('u1', { limit: 10 }))).toContain('C');

      // C leaves the catalogue's active products: the server drops it once it reads them again.
      const c = await adapters.catalog.get('C');
      if (!c) throw new Error('C is not in the catalogue');
      expect((await adapters.catalog.save({ ...c, active: false, version: c.version + 1 }, c.version)).ok).toBe(true);
      await server.refreshProducts();
      expect(ids(await server.getRecommendations('u1', { limit: 10 }))).not.toContain('C');
      expect(ids(await trainer.getRecommendations('u1', { limit: 10 }))).toContain('C');
    });
  });
}
