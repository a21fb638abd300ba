import { Matrix, inverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { alsModel, AlsScratch, foldIn, trainAls } from '../../src/recommend/implicit-als.js';
import { buildTrainingMatrix } from '../../src/recommend/training-matrix.js';
import type { StoredInteraction } from '../../src/ports/interaction-store.js';
import { RecommendationEngine, type RecommendationEngineOptions } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { BASKETS, DAY, NOW, fixtureEngine, ids } from './fixtures.js';

// Rankings below are worked out by hand from the fixture (see fixtures.ts); scores are the
// single algorithm's score divided by its best one for the query.
const scores = (list: readonly { score: number }[]): number[] => list.map((r) => Number(r.score.toFixed(4)));

describe('popularity', () => {
  it('ranks by distinct buyers, ties by product id, never-bought products left out', async () => {
    const { engine } = await fixtureEngine();
    await engine.addInteraction({ userId: 'u1', productId: 'A', type: 'purchase' }); // a repeat buyer counts once
    await engine.train();
    const recs = await engine.getRecommendations('newcomer', { algorithms: ['popularity'], limit: 10 });
    expect(ids(recs)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('trending', () => {
  it('sums interaction weights halved every 7 days', async () => {
    const clock = new ManualClock(NOW);
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock });
    for (const id of ['P1', 'P2', 'P3']) await engine.addProduct({ productId: id, name: `Product ${id}` });
    await engine.addInteraction({ userId: 'a', productId: 'P1', type: 'purchase', at: NOW - 7 * DAY }); // 5 / 2 = 2.5
    await engine.addInteraction({ userId: 'b', productId: 'P2', type: 'cart', at: NOW }); // 3
    await engine.addInteraction({ userId: 'c', productId: 'P3', type: 'view', at: NOW - 14 * DAY }); // 1 / 4 = 0.25
    const month = await engine.getTrendingProducts({ windowDays: 30 });
    expect(ids(month)).toEqual(['P2', 'P1', 'P3']);
    expect(month.map((r) => Number(r.score.toFixed(6)))).toEqual([3, 2.5, 0.25]);
    expect(ids(await engine.getTrendingProducts({ windowDays: 10 }))).toEqual(['P2', 'P1']);
    await engine.train();
    expect(ids(await engine.getRecommendations('newcomer', { algorithms: ['trending'] }))).toEqual(['P2', 'P1', 'P3']);
  });
});

describe('item co-occurrence (Jaccard)', () => {
  it('scores a D buyer: E (0.5), then B and C (0.25 each)', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    await engine.addInteraction({ userId: 'q', productId: 'D', type: 'purchase' });
    const recs = await engine.getRecommendations('q', { algorithms: ['itemCooccurrence'] });
    expect(ids(recs)).toEqual(['E', 'B', 'C']);
    expect(scores(recs)).toEqual([1, 0.5, 0.5]);
  });

  it('scores u1 (A, B): C gets 0.5 + 0.5, D 0.25; owned ones only when asked', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    expect(ids(await engine.getRecommendations('u1', { algorithms: ['itemCooccurrence'] }))).toEqual(['C', 'D']);
    const all = await engine.getRecommendations('u1', { algorithms: ['itemCooccurrence'], excludePurchased: false });
    expect(ids(all)).toEqual(['C', 'A', 'B', 'D']);
    expect(scores(all)).toEqual([1, 0.5, 0.5, 0.25]);
  });
});

describe('user-based CF', () => {
  it('a C buyer: A (1/sqrt3 + 1/sqrt2), B (2/sqrt3), D (1/sqrt3)', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    await engine.addInteraction({ userId: 'q', productId: 'C', type: 'purchase' });
    const recs = await engine.getRecommendations('q', { algorithms: ['userKnn'] });
    const a = 1 / Math.sqrt(3) + 1 / Math.sqrt(2);
    expect(ids(recs)).toEqual(['A', 'B', 'D']);
    expect(scores(recs)).toEqual([1, Number((2 / Math.sqrt(3) / a).toFixed(4)), Number((1 / Math.sqrt(3) / a).toFixed(4))]);
  });

  it('never counts the shopper as their own neighbour', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    // u4 (D, E) shares D with u5 only: u5's B and C, nothing from u4 itself.
    expect(ids(await engine.getRecommendations('u4', { algorithms: ['userKnn'] }))).toEqual(['B', 'C']);
  });
});

describe('content TF-IDF', () => {
  it('an A buyer: B (three shared words and the category), D ("red"), C (the category); cosines by hand', async () => {
    const { engine } = await fixtureEngine();
    await engine.train();
    await engine.addInteraction({ userId: 'q', productId: 'A', type: 'purchase' });
    const recs = await engine.getRecommendations('q', { algorithms: ['content'] });
    // Over 6 documents, idf(df) = ln(7 / (1 + df)) + 1. Terms: A red heart candl holder category:home,
    // B white heart candl holder category:home, C blue paper lantern category:home, D red paper lantern category:party.
    const idf = (df: number): number => Math.log(7 / (1 + df)) + 1;
    const [i1, i2, i3] = [idf(1), idf(2), idf(3)];
    const norm = (...w: number[]): number => Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    const a = norm(i2, i2, i2, i2, i3);
    const cosAB = (3 * i2 * i2 + i3 * i3) / (a * norm(i1, i2, i2, i2, i3));
    const cosAD = (i2 * i2) / (a * norm(i2, i2, i2, i1));
    const cosAC = (i3 * i3) / (a * norm(i1, i2, i2, i3));
    expect(ids(recs)).toEqual(['B', 'D', 'C']);
    expect(scores(recs)).toEqual([1, Number((cosAD / cosAB).toFixed(4)), Number((cosAC / cosAB).toFixed(4))]);
  });
});

describe('EASE', () => {
  it('two products: owning X scores Y by co-buyers / (buyers of X + lambda)', async () => {
    const clock = new ManualClock(NOW);
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock, easeLambda: 2 });
    await engine.addProduct({ productId: 'X', name: 'x' });
    await engine.addProduct({ productId: 'Y', name: 'y' });
    for (const u of ['a', 'b', 'c']) await engine.addInteraction({ userId: u, productId: 'X', type: 'purchase' });
    for (const u of ['a', 'b']) await engine.addInteraction({ userId: u, productId: 'Y', type: 'purchase' });
    await engine.train();
    const exported = await engine.exportModel();
    const weights = new Float32Array(new Uint8Array(Buffer.from(exported.ease!.weights, 'base64')).buffer);
    // Rows in buyer order: X (3 buyers) then Y (2). B_XY = 2 / (3 + 2), B_YX = 2 / (2 + 2).
    expect(Array.from(weights).map((w) => Number(w.toFixed(6)))).toEqual([0, 0.4, 0.5, 0]);
    await engine.addInteraction({ userId: 'q', productId: 'X', type: 'purchase' });
    expect(ids(await engine.getRecommendations('q', { algorithms: ['ease'] }))).toEqual(['Y']);
  });

  it('matches a dense reference computed with ml-matrix on the fixture', async () => {
    const lambda = 1;
    const { engine } = await fixtureEngine({ easeLambda: lambda });
    await engine.train();
    const items = ['A', 'B', 'C', 'D', 'E'];
    const x = Object.values(BASKETS).map((b) => items.map((i) => (b.includes(i) ? 1 : 0)));
    const X = new Matrix(x);
    const p = inverse(X.transpose().mmul(X).add(Matrix.eye(5).mul(lambda)));
    const b = (i: number, j: number): number => (i === j ? 0 : -p.get(i, j) / p.get(j, j));
    // A shopper owning only E: score of j is B[E][j].
    await engine.addInteraction({ userId: 'q', productId: 'E', type: 'purchase' });
    const expected = items
      .map((id, j) => [id, b(4, j)] as const)
      .filter(([id, s]) => id !== 'E' && s > 0)
      .sort((l, r) => r[1] - l[1]);
    const recs = await engine.getRecommendations('q', { algorithms: ['ease'] });
    expect(ids(recs)).toEqual(expected.map(([id]) => id));
    const best = expected[0]![1];
    recs.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]![1] / best, 5));
  });
});

describe('EASE size limit', () => {
  it('covers the products with most buyers and names the ones it leaves out', async () => {
    const { engine } = await fixtureEngine({ easeMaxItems: 2 });
    // Buyers: A, B, C 3 each (ties by catalogue order), D 2, E 1; F has none, so it is not "left out".
    const summary = await engine.train();
    expect(summary.easeItems).toBe(2);
    expect(summary.easeUncovered).toEqual(['C', 'D', 'E']);
    await engine.addInteraction({ userId: 'q', productId: 'A', type: 'purchase' });
    expect(ids(await engine.getRecommendations('q', { algorithms: ['ease'] }))).toEqual(['B']);
  });
});

describe('frequently bought together', () => {
  it('ranks by shared orders with confidence', async () => {
    const clock = new ManualClock(NOW);
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock });
    for (const id of ['A', 'B', 'C', 'D']) await engine.addProduct({ productId: id, name: id });
    const orders = { o1: ['A', 'B', 'C'], o2: ['A', 'B'], o3: ['A', 'D'] };
    for (const [orderId, list] of Object.entries(orders)) {
      for (const productId of list) await engine.addInteraction({ userId: `user-${orderId}`, productId, type: 'purchase', orderId });
    }
    await engine.addInteraction({ userId: 'x', productId: 'C', type: 'purchase' }); // no order id: not a basket
    await engine.train();
    const together = await engine.getFrequentlyBoughtTogether('A');
    expect(together.map((t) => [t.productId, t.orders, Number(t.confidence.toFixed(4))])).toEqual([
      ['B', 2, 0.6667],
      ['C', 1, 0.3333],
      ['D', 1, 0.3333],
    ]);
  });
});

describe('implicit ALS', () => {
  /** Two crowds with disjoint tastes: g0..g3 bought by the "garden" crowd, k0..k3 by the "kitchen" one. */
  async function crowds(options: Partial<RecommendationEngineOptions> = {}): Promise<RecommendationEngine> {
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW), alsFactors: 4, alsIterations: 10, alsRegularization: 0.5, ...options });
    for (const p of ['g0', 'g1', 'g2', 'g3', 'k0', 'k1', 'k2', 'k3']) await engine.addProduct({ productId: p, name: p });
    for (let u = 0; u < 12; u++) {
      const kind = u % 2 === 0 ? 'g' : 'k';
      // Each shopper leaves out one product of their crowd's four, each product left out by someone.
      for (let p = 0; p < 4; p++) if (p !== (u >> 1) % 4) await engine.addInteraction({ userId: `u${u}`, productId: `${kind}${p}`, type: 'purchase' });
    }
    return engine;
  }

  it('recommends what a shopper\'s own crowd bought before anything of the other crowd', async () => {
    const engine = await crowds();
    await engine.train();
    await engine.addInteraction({ userId: 'q', productId: 'g0', type: 'purchase' });
    await engine.addInteraction({ userId: 'q', productId: 'g1', type: 'purchase' });
    const recs = ids(await engine.getRecommendations('q', { algorithms: ['als'], limit: 8 }));
    expect(recs.slice(0, 2).sort()).toEqual(['g2', 'g3']);
    for (const k of recs.slice(2)) expect(k.startsWith('k')).toBe(true);
  });

  it('the same seed trains the same factors; another seed other factors', async () => {
    const factors = async (seed: number): Promise<string> => {
      const engine = await crowds({ seed });
      await engine.train();
      return (await engine.exportModel()).als!.itemFactors;
    };
    expect(await factors(7)).toBe(await factors(7));
    expect(await factors(8)).not.toBe(await factors(7));
  });

  it('trains the same factors, bit for bit, on two worker threads as on one', async () => {
    let seed = 3;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const log: StoredInteraction[] = [];
    for (let u = 0; u < 1200; u++) for (let k = 0; k < 10; k++) log.push({ userId: `u${u}`, productId: `p${Math.floor(100 * rand() ** 2)}`, type: 'purchase', weight: 5, at: NOW });
    const matrix = buildTrainingMatrix([], log, NOW, 30);
    const settings = { factors: 8, iterations: 3, regularization: 1, alpha: 1, seed: 1 };
    const one = await trainAls(matrix, settings, 1);
    const two = await trainAls(matrix, settings, 2);
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(Array.from(two.model!.itemFactors)).toEqual(Array.from(one.model!.itemFactors));
    expect(one.model!.itemFactors.some((v) => v !== 0)).toBe(true);
  });

  it('a query refits the shopper by conjugate gradients to the exact least-squares answer', () => {
    // With f = 4 factors, CG reaches the exact solution in at most 4 steps (8 are run).
    const f = 4;
    const stored = Float32Array.from([0.3, -0.1, 0.2, 0.5, 0.1, 0.4, -0.3, 0.2, 0.6, 0.1, 0.1, -0.2, -0.2, 0.3, 0.5, 0.1, 0, 0, 0, 0]);
    const model = alsModel(stored, { factors: f, alpha: 2, regularization: 0.5, meanAffinity: 4 });
    const chosen = Int32Array.from([0, 2, 3]);
    // Affinity 4 (the mean) gives c = alpha = 2; 2 gives c = 1.
    const affinity = Float64Array.from([4, 2, 4]);
    const c = [2, 1, 2];
    const x = Array.from(foldIn(model, chosen, affinity, new AlsScratch(f)));
    // A = Y^T Y + 0.5 I + sum c y y^T over chosen; b = sum (1 + c) y over chosen.
    const y = (i: number): number[] => Array.from(model.itemFactors.subarray(i * f, (i + 1) * f));
    const a = new Matrix(Array.from({ length: f }, (_, r) => Array.from({ length: f }, (_, c) => model.gram[r * f + c]!)));
    const b = new Matrix(f, 1);
    chosen.forEach((i, q) => {
      const v = new Matrix([y(i)]);
      a.add(v.transpose().mmul(v).mul(c[q]!));
      b.add(v.transpose().mul(1 + c[q]!));
    });
    const exact = solve(a, b).to1DArray();
    x.forEach((v, k) => expect(v).toBeCloseTo(exact[k]!, 9));
  });
});
