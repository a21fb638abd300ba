// The recommendation stores on Redis beyond the shared suites: their key layout (one slot for
// the log, one per model name), no leftover snapshot data after trimming, refusals that write
// nothing, and two engines (trainer, server) sharing one Redis.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import { loadModel, RecommendationEngine, saveModel } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { NOW, fixtureEngine, ids } from '../recommend/fixtures.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('recommendation stores');

for (const kind of CLIENT_KINDS) {
  describe.skipIf(skip !== undefined)(`recommendation stores on Redis (${kind})`, () => {
    const space = redisTestSpace('recommend-engine');
    const open = async () => {
      const raw = await space.open(kind);
      const prefix = space.prefix();
      return { redis: raw, prefix, adapters: redisAdapters({ client: raw.client, prefix, clock: new ManualClock(NOW) }) };
    };

    it('every interaction key carries the {interactions} tag; each model name has its own tag', async () => {
      const { redis, prefix, adapters } = await open();
      await adapters.interactions.appendMany([
        { userId: 'u{1}', productId: 'p', type: 'view', weight: 1, at: 5 },
        { userId: 'u2', productId: 'p', type: 'cart', weight: 1, at: 6 },
      ]);
      await adapters.modelSnapshots.save({ name: 'eu', trainedAt: 1, snapshot: { a: 1 } });
      // Each write's operation key (a random opId here) shares its step's tag.
      const keys = (await redis.keys(`${prefix}*`)).map((k) => k.slice(prefix.length).replace(/^(op:\{[^}]*\}):.+$/, '$1:<opId>')).sort();
      expect(keys).toEqual(['model:{eu}:data', 'model:{eu}:seq', 'model:{eu}:versions', 'op:{eu}:<opId>', 'op:{interactions}:<opId>', 'rec:{interactions}:seq', 'rec:{interactions}:time', 'rec:{interactions}:user:u2', 'rec:{interactions}:user:u{1}']);
      expect((await adapters.interactions.listByUser('u{1}')).map((i) => i.at)).toEqual([5]);
    });

    it('trimming old versions leaves no snapshot data behind', async () => {
      const { redis, prefix, adapters } = await open();
      for (let n = 0; n < 6; n++) await adapters.modelSnapshots.save({ name: 'm', trainedAt: n, snapshot: { n } });
      expect((await adapters.modelSnapshots.list('m')).map((i) => i.version)).toEqual([6, 5, 4]);
      const loaded = await Promise.all([1, 2, 3, 4, 5, 6].map((v) => adapters.modelSnapshots.load('m', v)));
      expect(loaded.map((s) => s?.version ?? null)).toEqual([null, null, null, 4, 5, 6]);
      const hlen = await toScriptClient(redis.client).eval("return redis.call('HLEN', KEYS[1])", [`${prefix}model:{m}:data`], []);
      expect(Number(hlen)).toBe(3);
      expect((await redis.keys(`${prefix}model:*`)).length).toBe(3);
    });

    it('an interaction with a non-finite time is refused and nothing of its batch is written', async () => {
      const { adapters } = await open();
      const good = { userId: 'u', productId: 'p', type: 'view' as const, weight: 1, at: 1 };
      await expect(adapters.interactions.appendMany([good, { ...good, at: Number.NaN }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(adapters.interactions.append({ ...good, at: Number.POSITIVE_INFINITY })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await adapters.interactions.count()).toBe(0);
    });

    it('a trainer and a server share the log and the model through Redis', async () => {
      const { adapters, redis, prefix } = await open();
      // A second adapter set on the same prefix stands for another process.
      const { engine: trainer } = await fixtureEngine({ interactions: adapters.interactions });
      await trainer.train();
      const saved = await saveModel(trainer, adapters.modelSnapshots, 'storefront');
      expect(saved.bytes).toBeGreaterThan(100);
      const other = redisAdapters({ client: redis.client, prefix, clock: new ManualClock(NOW) });
      const server = new RecommendationEngine({ clock: new ManualClock(NOW), interactions: other.interactions });
      expect(await loadModel(server, other.modelSnapshots, 'storefront')).toEqual(saved);
      expect(ids(await server.getRecommendations('u1', { limit: 4 }))).toEqual(ids(await trainer.getRecommendations('u1', { limit: 4 })));
      expect(ids(await server.getFrequentlyBoughtTogether('A'))).toEqual(ids(await trainer.getFrequentlyBoughtTogether('A')));
    });
  });
}
