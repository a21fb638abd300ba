// Chooses the hybrid's default weights on a validation split carved out of the training
// period (train < 2011-09-09, validate on 2011-09-09 .. 2011-10-09), so the test month of the
// evaluation never influences them. Run: node --import tsx bench/recommend-tune.ts
import { MemoryInteractionStore } from '../src/adapters/memory/interaction-store.js';
import { ALGORITHMS, DEFAULT_HYBRID_WEIGHTS, RecommendationEngine, type AlgorithmName } from '../src/recommend/index.js';
import { combineCandidates } from '../src/recommend/hybrid.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { loadProducts, loadPurchases, retailDataDir, splitAt } from './online-retail-data.js';
import { rankingMetrics } from './ranking-metrics.js';

const K = 10;
const CUTOFF = Date.UTC(2011, 8, 9);
const UNTIL = Date.UTC(2011, 9, 9);
const dir = retailDataDir();
const { train, trainItems, test } = splitAt(loadPurchases(dir), CUTOFF, UNTIL);
const store = new MemoryInteractionStore();
// TUNE_SETTINGS='{"easeLambda":300}' tries other engine settings on the same validation month.
const overrides = JSON.parse(process.env.TUNE_SETTINGS ?? '{}') as Record<string, unknown>;
const engine = new RecommendationEngine({ interactions: store, clock: new ManualClock(CUTOFF), ...overrides });
for (const p of loadProducts(dir)) if (trainItems.has(p.productId)) await engine.addProduct({ productId: p.productId, name: p.name });
await store.appendMany(train.map((p) => ({ userId: p.userId, productId: p.productId, type: 'purchase' as const, weight: 5, at: p.at, orderId: p.orderId })));
await engine.train();
console.log(`validation customers: ${test.size}`);

const lists: { relevant: Set<string>; byAlgorithm: Map<AlgorithmName, [string, number][]> }[] = [];
for (const [userId, relevant] of test) {
  const byAlgorithm = new Map<AlgorithmName, [string, number][]>();
  for (const a of ALGORITHMS) {
    const recs = await engine.getRecommendations(userId, { limit: 50, algorithms: [a] });
    byAlgorithm.set(a, recs.map((r) => [r.productId, r.score]));
  }
  lists.push({ relevant, byAlgorithm });
}

function ndcg(weights: Record<AlgorithmName, number>): number {
  let sum = 0;
  for (const { relevant, byAlgorithm } of lists) {
    sum += rankingMetrics(combineCandidates(byAlgorithm, weights, K).map((r) => r.productId), relevant, K).ndcg;
  }
  return sum / lists.length;
}

for (const a of ALGORITHMS) {
  const alone = Object.fromEntries(ALGORITHMS.map((b) => [b, b === a ? 1 : 0])) as Record<AlgorithmName, number>;
  console.log(`${a} alone: ${ndcg(alone).toFixed(4)}`);
}
console.log(`default weights: ${ndcg(DEFAULT_HYBRID_WEIGHTS).toFixed(4)}`);
// Coordinate search, EASE fixed at 1 (only ratios matter).
const weights: Record<AlgorithmName, number> = { popularity: 0, trending: 0, content: 0, itemCooccurrence: 0, userKnn: 0, ease: 1, als: 0 };
let best = ndcg(weights);
const grid = [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8];
for (let pass = 0; pass < 2; pass++) {
  for (const a of ALGORITHMS) {
    if (a === 'ease') continue;
    for (const w of grid) {
      const trial = { ...weights, [a]: w };
      const score = ndcg(trial);
      if (score > best + 1e-5) {
        best = score;
        weights[a] = w;
      }
    }
    console.log(`pass ${pass} ${a}: ${JSON.stringify(weights)} -> ${best.toFixed(4)}`);
  }
}
