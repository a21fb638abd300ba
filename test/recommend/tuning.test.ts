import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import type { StoredInteraction } from '../../src/ports/interaction-store.js';
import { blendNdcg, searchBlend, type ValidationCase } from '../../src/recommend/blend-search.js';
import { candidateTable, combineCandidates } from '../../src/recommend/hybrid.js';
import { ALGORITHMS, RecommendationEngine, type AlgorithmName, type RecommendationEngineOptions } from '../../src/recommend/index.js';
import { summarizeHistory } from '../../src/recommend/user-history.js';
import { validationSplit } from '../../src/recommend/validation-split.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { DAY, NOW, ids } from './fixtures.js';

const interaction = fc.record({
  userId: fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4', 'u5'),
  productId: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'gone'),
  type: fc.constantFrom('view', 'purchase', 'return'),
  at: fc.integer({ min: 0, max: 20 }),
}).map((i): StoredInteraction => ({ ...i, weight: i.type === 'return' ? -5 : i.type === 'view' ? 1 : 5 }));

const options = { share: 0.3, maxShoppers: 3, minShoppers: 1, seed: 5, affinityHalfLifeDays: 30 };
const isProduct = (id: string): boolean => id !== 'gone';

describe('the validation split', () => {
  it('cuts by time: the fit is everything before the cutoff; each shopper asked about new products they took up after it', () => {
    fc.assert(
      fc.property(fc.array(interaction, { maxLength: 60 }), (log) => {
        const split = validationSplit(log, isProduct, options);
        if (!split) return;
        expect(split.fit).toEqual(log.filter((i) => i.at < split.cutoff));
        expect(split.heldOut).toBe(log.length - split.fit.length);
        // At least the share is held out (ties at the cutoff go with it).
        expect(split.heldOut).toBeGreaterThanOrEqual(Math.ceil(log.length * options.share) - 1);
        expect(split.shoppers.length).toBeLessThanOrEqual(options.maxShoppers);
        const fitProducts = new Set(split.fit.map((i) => i.productId));
        for (const s of split.shoppers) {
          expect(s.history).toEqual(split.fit.filter((i) => i.userId === s.userId));
          const { purchased } = summarizeHistory(s.history, split.cutoff, 30);
          expect(s.relevant.size).toBeGreaterThan(0);
          for (const p of s.relevant) {
            expect(isProduct(p) && fitProducts.has(p) && !purchased.has(p)).toBe(true);
            const later = log.filter((i) => i.userId === s.userId && i.productId === p && i.at >= split.cutoff);
            expect(later.reduce((sum, i) => sum + i.weight, 0)).toBeGreaterThan(0);
          }
        }
        for (const p of ['p0', 'p1', 'p2', 'p3', 'p4']) expect(split.offered(p)).toBe(fitProducts.has(p) || !log.some((i) => i.productId === p));
        // Same seed, same sample.
        expect(validationSplit(log, isProduct, options)?.shoppers.map((s) => s.userId)).toEqual(split.shoppers.map((s) => s.userId));
      }),
      { numRuns: 300 },
    );
  });

  it('is refused when fewer shoppers than the minimum have something new to be asked about', () => {
    // Cutoff at 2: a bought p0 before it and p1 (which b had bought) after it.
    const log: StoredInteraction[] = [
      { userId: 'a', productId: 'p0', type: 'purchase', weight: 5, at: 1 },
      { userId: 'b', productId: 'p1', type: 'purchase', weight: 5, at: 1 },
      { userId: 'a', productId: 'p1', type: 'purchase', weight: 5, at: 2 },
    ];
    expect(validationSplit(log, isProduct, options)?.shoppers.map((s) => s.userId)).toEqual(['a']);
    expect(validationSplit(log, isProduct, { ...options, minShoppers: 2 })).toBeUndefined();
    expect(validationSplit([], isProduct, options)).toBeUndefined();
  });
});

describe('the blend search', () => {
  const products = ['a', 'b', 'c', 'd', 'e', 'f'];
  const list = fc
    .uniqueArray(fc.tuple(fc.constantFrom(...products), fc.integer({ min: 1, max: 9 })), { selector: ([id]) => id, maxLength: 6 })
    .map((l) => l.sort((x, y) => y[1] - x[1]));
  const validationCase = fc
    .tuple(fc.dictionary(fc.constantFrom(...ALGORITHMS), list), fc.uniqueArray(fc.constantFrom(...products), { minLength: 1, maxLength: 3 }))
    .map(([lists, relevant]): ValidationCase => ({ table: candidateTable(new Map(Object.entries(lists) as [AlgorithmName, [string, number][]][])), relevant: new Set(relevant) }));

  it('never ends below the best algorithm alone, and reports the NDCG its weights give', () => {
    fc.assert(
      fc.property(fc.array(validationCase, { minLength: 1, maxLength: 8 }), (cases) => {
        const choice = searchBlend(cases, 3);
        expect(choice.ndcg).toBeGreaterThanOrEqual(Math.max(...ALGORITHMS.map((a) => choice.alone[a])));
        expect(choice.ndcg).toBeCloseTo(blendNdcg(cases, choice.weights, 3), 12);
        expect(ALGORITHMS.some((a) => choice.weights[a] > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the blend search\'s one-standard-error rule', () => {
  /**
   * 40 shoppers. EASE ranks their product second behind a miss, except for the last, whose
   * product it ranks first; user-based CF lists the product of the first `helped` (lifting it
   * to first in a blend) and the last one's miss (dropping its product to second).
   */
  function cases(helped: number): ValidationCase[] {
    return Array.from({ length: 40 }, (_, i) => {
      const last = i === 39;
      const lists = new Map<AlgorithmName, [string, number][]>([
        ['ease', last ? [['hit', 2], ['miss', 1.9]] : [['miss', 2], ['hit', 1.5]]],
        ['userKnn', last ? [['miss', 1]] : i < helped ? [['hit', 1]] : [['other', 1]]],
      ]);
      return { table: candidateTable(lists), relevant: new Set(['hit']) };
    });
  }

  it('leaves out an algorithm whose net gain is one shopper of forty (within the noise), keeps one that helps many', () => {
    const noise = searchBlend(cases(2), 10);
    expect(noise.weights.userKnn).toBe(0);
    expect(noise.weights.ease).toBe(1);
    expect(searchBlend(cases(30), 10).weights.userKnn).toBeGreaterThan(0);
  });
});

/**
 * A shop where the future follows a season: 240 shoppers buy from 60 everyday products all
 * along, and in the last weeks a few seasonal hits sell to shopper after shopper. Trending
 * sees the season; the other algorithms mostly see the everyday pattern.
 */
async function seasonalShop(options: Partial<RecommendationEngineOptions> = {}): Promise<RecommendationEngine> {
  let seed = 11;
  const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW), trainingThreads: 1, alsIterations: 3, ...options });
  for (let p = 0; p < 60; p++) await engine.addProduct({ productId: `p${p}`, name: `everyday item ${p % 7}` });
  for (let h = 0; h < 6; h++) await engine.addProduct({ productId: `hit${h}`, name: `seasonal hit ${h}` });
  for (let u = 0; u < 240; u++) {
    for (let k = 0; k < 8; k++) {
      const at = NOW - Math.floor(rand() * 120) * DAY;
      await engine.addInteraction({ userId: `u${u}`, productId: `p${Math.floor(60 * rand() ** 2)}`, type: 'purchase', at });
    }
    const seasonal = NOW - Math.floor(rand() * 20) * DAY;
    await engine.addInteraction({ userId: `u${u}`, productId: `hit${Math.floor(6 * rand() ** 3)}`, type: 'purchase', at: seasonal });
  }
  return engine;
}

describe('train() chooses the blend on its validation split', () => {
  it('reports each algorithm and the blend on the split; the blend is at least the best alone; queries serve it', async () => {
    const engine = await seasonalShop();
    const report = await engine.train();
    expect(report.tuning).toBe('validated');
    const v = report.validation!;
    expect(v.shoppers).toBeGreaterThanOrEqual(50);
    expect(v.fitInteractions + v.heldOutInteractions).toBe(report.interactions);
    expect(v.ndcg.blend).toBeGreaterThanOrEqual(Math.max(...ALGORITHMS.map((a) => v.ndcg[a])));
    // The season shows: trending alone beats popularity alone on the held-out weeks.
    expect(v.ndcg.trending).toBeGreaterThan(v.ndcg.popularity);
    expect(report.weights.trending).toBeGreaterThan(0);
    // The hybrid is the chosen blend of the algorithms' own lists.
    const alone = async (a: AlgorithmName): Promise<[AlgorithmName, [string, number][]]> => [
      a,
      (await engine.getRecommendations('u7', { algorithms: [a], limit: 50 })).map((r) => [r.productId, r.score]),
    ];
    const lists = new Map(await Promise.all(ALGORITHMS.filter((a) => report.weights[a] > 0).map(alone)));
    expect(ids(await engine.getRecommendations('u7'))).toEqual(ids(combineCandidates(lists, report.weights, 10)));
  });

  it('replays: the same seed chooses the same blend', async () => {
    const a = await (await seasonalShop()).train();
    const b = await (await seasonalShop()).train();
    expect(b.weights).toEqual(a.weights);
    expect(b.validation).toEqual(a.validation);
  });

  it('weights in the settings turn tuning off; algorithms they do not name get 0', async () => {
    const engine = await seasonalShop({ weights: { ease: 1, content: 0.5 } });
    const report = await engine.train();
    expect(report.tuning).toBe('fixed');
    expect(report.validation).toBeUndefined();
    expect(report.weights).toEqual({ popularity: 0, trending: 0, content: 0.5, itemCooccurrence: 0, userKnn: 0, ease: 1, als: 0 });
    for (const r of await engine.getRecommendations('u3')) for (const c of r.contributions) expect(['ease', 'content']).toContain(c.algorithm);
  });
});
