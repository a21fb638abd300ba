import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { ALGORITHMS, RecommendationEngine, type AlgorithmName } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { DAY, NOW } from './fixtures.js';

const PRODUCTS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];

const interaction = fc.record({
  userId: fc.constantFrom(...USERS),
  productId: fc.constantFrom(...PRODUCTS, 'unlisted'),
  type: fc.constantFrom('view', 'cart', 'purchase', 'return'),
  daysAgo: fc.integer({ min: 0, max: 60 }),
  orderId: fc.option(fc.constantFrom('o1', 'o2', 'o3'), { nil: undefined }),
});

type Logged = { userId: string; productId: string; type: 'view' | 'cart' | 'purchase' | 'return'; daysAgo: number; orderId: string | undefined };

const query = fc.record({
  userId: fc.constantFrom(...USERS, 'stranger'),
  limit: fc.integer({ min: 1, max: 10 }),
  excludePurchased: fc.boolean(),
  algorithms: fc.option(fc.uniqueArray(fc.constantFrom(...ALGORITHMS), { minLength: 1, maxLength: 6 }), { nil: undefined }),
  category: fc.option(fc.constantFrom('even', 'odd'), { nil: undefined }),
});

async function build(log: Logged[]): Promise<RecommendationEngine> {
  const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW) });
  for (const [i, id] of PRODUCTS.entries()) await engine.addProduct({ productId: id, name: `thing ${i % 3} colour ${i % 2}`, category: i % 2 ? 'odd' : 'even' });
  for (const e of log) {
    const { daysAgo, orderId, ...rest } = e;
    await engine.addInteraction({ ...rest, at: NOW - daysAgo * DAY, ...(orderId ? { orderId } : {}) });
  }
  return engine;
}

function purchasedBy(log: Logged[], userId: string): Set<string> {
  const net = new Map<string, number>();
  for (const e of log) {
    if (e.userId !== userId) continue;
    if (e.type === 'purchase') net.set(e.productId, (net.get(e.productId) ?? 0) + 1);
    if (e.type === 'return') net.set(e.productId, (net.get(e.productId) ?? 0) - 1);
  }
  return new Set([...net].filter(([, n]) => n > 0).map(([id]) => id));
}

describe('recommendation invariants', () => {
  it('sorted by score, no duplicates, limit kept, catalogue and filters respected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(interaction, { maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 6 }), fc.boolean(), async (log, queries, trained) => {
        const engine = await build(log);
        if (trained) await engine.train();
        for (const q of queries) {
          const { algorithms, category, ...rest } = q;
          const recs = await engine.getRecommendations(q.userId, { ...rest, ...(algorithms ? { algorithms } : {}), ...(category ? { category } : {}) });
          expect(recs.length).toBeLessThanOrEqual(q.limit);
          expect(new Set(recs.map((r) => r.productId)).size).toBe(recs.length);
          for (let i = 1; i < recs.length; i++) expect(recs[i - 1]!.score).toBeGreaterThanOrEqual(recs[i]!.score);
          const owned = purchasedBy(log, q.userId);
          for (const r of recs) {
            expect(PRODUCTS).toContain(r.productId);
            if (q.excludePurchased) expect(owned.has(r.productId)).toBe(false);
            if (category) expect(Number(r.productId.slice(1)) % 2 ? 'odd' : 'even').toBe(category);
            expect(r.score).toBeGreaterThan(0);
            expect(r.contributions.length).toBeGreaterThan(0);
            const allowed: AlgorithmName[] = [...(algorithms ?? ALGORITHMS), 'popularity', 'trending'];
            for (const c of r.contributions) expect(allowed).toContain(c.algorithm);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('similar products and bought-together never return the product itself, and keep the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(interaction, { maxLength: 40 }), fc.constantFrom(...PRODUCTS), fc.integer({ min: 1, max: 5 }), async (log, productId, limit) => {
        const engine = await build(log);
        await engine.train();
        for (const list of [await engine.getSimilarProducts(productId, { limit }), await engine.getFrequentlyBoughtTogether(productId, { limit })]) {
          expect(list.length).toBeLessThanOrEqual(limit);
          expect(list.map((r) => r.productId)).not.toContain(productId);
          expect(new Set(list.map((r) => r.productId)).size).toBe(list.length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('export then import serves identical recommendations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(interaction, { minLength: 1, maxLength: 40 }), async (log) => {
        const store = new MemoryInteractionStore();
        const engine = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW) });
        for (const id of PRODUCTS) await engine.addProduct({ productId: id, name: id });
        for (const { daysAgo, orderId, ...rest } of log) await engine.addInteraction({ ...rest, at: NOW - daysAgo * DAY, ...(orderId ? { orderId } : {}) });
        await engine.train();
        const copy = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW) });
        await copy.importModel(JSON.parse(JSON.stringify(await engine.exportModel())));
        for (const u of USERS) expect(await copy.getRecommendations(u)).toEqual(await engine.getRecommendations(u));
      }),
      { numRuns: 30 },
    );
  });
});
