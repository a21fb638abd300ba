import { describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import type { InteractionStore } from '../../src/ports/interaction-store.js';
import { ALGORITHMS, RecommendationEngine, UNTUNED_WEIGHTS } from '../../src/recommend/index.js';
import { REASONS } from '../../src/recommend/hybrid.js';
import { CommerceError } from '../../src/shared/errors.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { expectCode as rejectsWith } from '../support/expect-code.js';
import { NOW, fixtureEngine, ids } from './fixtures.js';


describe('RecommendationEngine: answers to bad or empty input', () => {
  it('refuses limit 0 and 10000 as VALIDATION_FAILED', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    await rejectsWith(engine.getRecommendations('u1', { limit: 0 }), 'VALIDATION_FAILED');
    await rejectsWith(engine.getRecommendations('u1', { limit: 10_000 }), 'VALIDATION_FAILED');
    await rejectsWith(engine.getSimilarProducts('A', { limit: 0 }), 'VALIDATION_FAILED');
    await rejectsWith(engine.getTrendingProducts({ limit: 10_000 }), 'VALIDATION_FAILED');
    await rejectsWith(engine.getRecommendations('', {}), 'VALIDATION_FAILED');
  });

  it('writes nothing for a bad interaction', async () => {
    const store = new MemoryInteractionStore();
    const engine = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW) });
    await rejectsWith(engine.addInteraction({ userId: 'u', productId: 'p', type: 'like' as 'view' }), 'VALIDATION_FAILED');
    await rejectsWith(engine.addInteraction({ userId: 'u', productId: 'p', type: 'view', weight: -1 }), 'VALIDATION_FAILED');
    await rejectsWith(engine.addInteraction({ userId: 'u', productId: 'p', type: 'view', at: 1.5 }), 'VALIDATION_FAILED');
    expect(await store.count()).toBe(0);
  });

  it('refuses bad settings at construction', () => {
    expect(() => new RecommendationEngine({ interactions: new MemoryInteractionStore(), easeLambda: -1 })).toThrow(CommerceError);
    expect(() => new RecommendationEngine({ interactions: new MemoryInteractionStore(), weights: { ease: -1 } })).toThrow(CommerceError);
  });

  it('unknown products are PRODUCT_NOT_FOUND; an untrained model is MODEL_NOT_TRAINED', async () => {
    const { engine } = await fixtureEngine();
    await rejectsWith(engine.getSimilarProducts('A'), 'MODEL_NOT_TRAINED');
    await rejectsWith(engine.getFrequentlyBoughtTogether('A'), 'MODEL_NOT_TRAINED');
    await rejectsWith(engine.exportModel(), 'MODEL_NOT_TRAINED');
    await engine.train();
    await rejectsWith(engine.getSimilarProducts('nope'), 'PRODUCT_NOT_FOUND');
    await rejectsWith(engine.getFrequentlyBoughtTogether('nope'), 'PRODUCT_NOT_FOUND');
  });

  it('an empty engine trains and answers empty lists', async () => {
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW) });
    expect(await engine.train()).toEqual({
      products: 0,
      users: 0,
      interactions: 0,
      easeItems: 0,
      easeUncovered: [],
      threads: 0,
      stemming: 'porter',
      weights: UNTUNED_WEIGHTS,
      tuning: 'untuned',
      phases: { validationFit: 0, validationScoring: 0, search: 0, fit: 0 },
    });
    expect(await engine.getRecommendations('anyone')).toEqual([]);
    expect(await engine.getTrendingProducts()).toEqual([]);
  });

  it('with an empty catalogue recommends nothing, since only catalogue products are shown', async () => {
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW) });
    await engine.addInteraction({ userId: 'u1', productId: 'A', type: 'purchase' });
    await engine.addInteraction({ userId: 'u2', productId: 'A', type: 'purchase' });
    await engine.addInteraction({ userId: 'u2', productId: 'B', type: 'purchase' });
    await engine.train();
    expect(await engine.getRecommendations('u1')).toEqual([]);
    expect(await engine.getSimilarProducts('A')).toEqual([]);
    expect(await engine.getTrendingProducts()).toEqual([]);
  });

  it('wraps a failing store as STORE_UNAVAILABLE', async () => {
    const broken: InteractionStore = {
      append: () => Promise.reject(new Error('connection reset')),
      appendMany: () => Promise.reject(new Error('connection reset')),
      listByUser: () => Promise.reject(new Error('connection reset')),
      listByTimeRange: () => Promise.reject(new Error('connection reset')),
      count: () => Promise.reject(new Error('connection reset')),
    };
    const engine = new RecommendationEngine({ interactions: broken, clock: new ManualClock(NOW) });
    await rejectsWith(engine.addInteraction({ userId: 'u', productId: 'p', type: 'view' }), 'STORE_UNAVAILABLE');
    await rejectsWith(engine.train(), 'STORE_UNAVAILABLE');
    await rejectsWith(engine.getRecommendations('u'), 'STORE_UNAVAILABLE');
  });
});

describe('RecommendationEngine: behaviour', () => {
  it('falls back to trending and popularity for a shopper with no history', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    const recs = await engine.getRecommendations('stranger');
    expect(ids(recs)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(recs[0]?.reason).toBe(REASONS.trending);
    expect(recs[0]?.contributions.map((c) => c.algorithm).sort()).toEqual(['popularity', 'trending']);
  });

  it('answers from live popularity before any training', async () => {
    const { engine } = await fixtureEngine();
    expect(ids(await engine.getRecommendations('u1', { algorithms: ['popularity'] }))).toEqual(['C', 'D', 'E']);
    await engine.addInteraction({ userId: 'u6', productId: 'E', type: 'purchase' });
    await engine.addInteraction({ userId: 'u7', productId: 'E', type: 'purchase' });
    // E: 1 + 2 buyers = 3, level with C (ties by id); then 1 more puts it first.
    expect(ids(await engine.getRecommendations('u1', { algorithms: ['popularity'] }))).toEqual(['C', 'E', 'D']);
    await engine.addInteraction({ userId: 'u8', productId: 'E', type: 'purchase' });
    expect(ids(await engine.getRecommendations('u1', { algorithms: ['popularity'] }))).toEqual(['E', 'C', 'D']);
  });

  it('explains every hybrid result: reason from the largest contribution, contributions sorted', async () => {
    const { engine } = await fixtureEngine({ weights: { ease: 1, userKnn: 0.5, popularity: 0.1 } });
    await engine.train();
    const recs = await engine.getRecommendations('u1');
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) {
      const parts = r.contributions.map((c) => c.weight * c.normalizedScore);
      expect(parts).toEqual([...parts].sort((a, b) => b - a));
      expect(r.algorithm).toBe(r.contributions[0]?.algorithm);
      expect(r.reason).toBe(REASONS[r.algorithm]);
      expect(r.score).toBeCloseTo(parts.reduce((s, x) => s + x, 0), 12);
      for (const c of r.contributions) expect(c.normalizedScore).toBeLessThanOrEqual(1);
    }
  });

  it('filters by category and respects excludePurchased', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    const party = await engine.getRecommendations('u1', { category: 'party', algorithms: ['itemCooccurrence', 'userKnn'] });
    expect(ids(party)).toEqual(['D']);
    const owned = await engine.getRecommendations('u1', { excludePurchased: false, algorithms: ['itemCooccurrence'] });
    expect(ids(owned)).toContain('A');
    expect(ids(await engine.getRecommendations('u1'))).not.toContain('A');
  });

  it('a return cancels a purchase: the product may be shown again', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    await engine.addInteraction({ userId: 'u1', productId: 'A', type: 'return' });
    const recs = await engine.getRecommendations('u1', { algorithms: ['itemCooccurrence'], limit: 10 });
    // u1 now holds only B: A, C (0.5 each), D (0.25), and A is no longer "purchased".
    expect(ids(recs)).toEqual(['A', 'C', 'D']);
  });

  it('similar products blend co-buyers and text; bought together follows orders', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    const similar = await engine.getSimilarProducts('A', { limit: 3 });
    // A's co-buyer neighbours: B, C (Jaccard 0.5 each); text neighbours: B, D, C. B leads both.
    expect(ids(similar)[0]).toBe('B');
    expect(similar[0]?.reason).toBe('Shoppers who bought Red heart candle holder also bought this');
    expect(ids(similar)).not.toContain('A');
    const together = await engine.getFrequentlyBoughtTogether('D');
    expect(ids(together).sort()).toEqual(['B', 'C', 'E']);
  });

  it('trending filters by category', async () => {
    const { engine } = await fixtureEngine();
    expect(ids(await engine.getTrendingProducts({ category: 'garden' }))).toEqual(['E']);
  });

  it('emits recommendations.trained after installing the model', async () => {
    const seen: unknown[] = [];
    const { engine } = await fixtureEngine({ events: { emit: (name, payload) => seen.push([name, payload]) } });
    await engine.train();
    expect(seen).toEqual([['recommendations.trained', { products: 6, users: 5, interactions: 12, easeItems: 5, trainedAt: NOW }]]);
  });
});

describe('RecommendationEngine: model snapshots', () => {
  it('a JSON round trip serves the same answers in another engine', async () => {
    const store = new MemoryInteractionStore();
    const { engine } = await fixtureEngine({ interactions: store });
    await engine.train();
    const json = JSON.parse(JSON.stringify(await engine.exportModel())) as unknown;
    const serving = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW) });
    await serving.importModel(json);
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5', 'stranger']) {
      for (const algorithms of [undefined, ...ALGORITHMS.map((a) => [a])]) {
        const options = algorithms ? { algorithms } : {};
        expect(await serving.getRecommendations(user, options)).toEqual(await engine.getRecommendations(user, options));
      }
    }
    for (const p of ['A', 'B', 'C', 'D', 'E', 'F']) {
      expect(await serving.getSimilarProducts(p)).toEqual(await engine.getSimilarProducts(p));
      expect(await serving.getFrequentlyBoughtTogether(p)).toEqual(await engine.getFrequentlyBoughtTogether(p));
    }
  });

  it('refuses a foreign or damaged snapshot as MODEL_INCOMPATIBLE and keeps serving', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    const good = await engine.exportModel();
    await rejectsWith(engine.importModel({ hello: 'world' }), 'MODEL_INCOMPATIBLE');
    await rejectsWith(engine.importModel({ ...good, version: 3 }), 'MODEL_INCOMPATIBLE');
    await rejectsWith(engine.importModel({ ...good, cooccurrence: { ...good.cooccurrence, indices: good.cooccurrence.indices.map(() => 99) } }), 'MODEL_INCOMPATIBLE');
    await rejectsWith(engine.importModel({ ...good, ease: { ...good.ease!, weights: 'AAAA' } }), 'MODEL_INCOMPATIBLE');
    await rejectsWith(engine.importModel({ ...good, als: { ...good.als!, itemFactors: 'AAAAAAAA' } }), 'MODEL_INCOMPATIBLE');
    expect(ids(await engine.getRecommendations('u1', { algorithms: ['itemCooccurrence'] }))).toEqual(['C', 'D']);
  });
});

describe('RecommendationEngine: snapshots of version 1', () => {
  it('still import, serving every algorithm but ALS, which they did not have', async () => {
    const store = new MemoryInteractionStore();
    const { engine } = await fixtureEngine({ interactions: store });
    await engine.train();
    const { als: _none, ...v1 } = { ...(await engine.exportModel()), version: 1 };
    const serving = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW) });
    await serving.importModel(JSON.parse(JSON.stringify(v1)));
    expect(await serving.getRecommendations('u1', { algorithms: ['ease'] })).toEqual(await engine.getRecommendations('u1', { algorithms: ['ease'] }));
    expect(await serving.getRecommendations('u1', { algorithms: ['als'] })).toEqual([]);
  });
});

describe('RecommendationEngine: interaction weights and history', () => {
  it('stores the type weight times the given multiplier, and time from the clock', async () => {
    const store = new MemoryInteractionStore();
    const clock = new ManualClock(NOW);
    const engine = new RecommendationEngine({ interactions: store, clock, interactionWeights: { view: 2, cart: 4, purchase: 8, return: -8 } });
    await engine.addInteraction({ userId: 'u', productId: 'p', type: 'view', weight: 1.5 });
    clock.advance({ hours: 1 });
    await engine.addInteraction({ userId: 'u', productId: 'p', type: 'return', sessionId: 's' });
    expect(await store.listByUser('u')).toEqual([
      { userId: 'u', productId: 'p', type: 'view', weight: 3, at: NOW },
      { userId: 'u', productId: 'p', type: 'return', weight: -8, at: NOW + 3_600_000, sessionId: 's' },
    ]);
  });

  it('reads only the historyLimit most affine products of a shopper', async () => {
    const { engine, clock } = await fixtureEngine({ historyLimit: 1 });
    await engine.train();
    // q bought D long ago and C just now: with a limit of 1 only C (fresher) speaks.
    await engine.addInteraction({ userId: 'q', productId: 'D', type: 'purchase', at: NOW - 200 * 86_400_000 });
    await engine.addInteraction({ userId: 'q', productId: 'C', type: 'purchase', at: clock.now() });
    // C's neighbours: A, B (0.5), D (0.25; owned). D's would have added E (0.5).
    expect(ids(await engine.getRecommendations('q', { algorithms: ['itemCooccurrence'] }))).toEqual(['A', 'B']);
  });

  it('a clock that throws comes out as a CommerceError', async () => {
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: { now: () => { throw new Error('clock broke'); } } });
    await rejectsWith(engine.addInteraction({ userId: 'u', productId: 'p', type: 'view' }), 'INTERNAL');
    await rejectsWith(engine.getRecommendations('u'), 'INTERNAL');
  });
});
