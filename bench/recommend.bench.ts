// `npm run bench:recommend`: query latency of user-based CF, the seed's approach (scan the whole
// log for every other user) against the engine's (inverted index item -> buyers), on the same
// synthetic shop at 10k, 100k and 400k interactions. Printed as a ratio measured in this run.
import { MemoryInteractionStore } from '../src/adapters/memory/interaction-store.js';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { RecommendationEngine } from '../src/recommend/index.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { SeedUserSimilarity, type SeedInteraction } from './seed-user-similarity.js';

const NOW = Date.UTC(2025, 0, 1);
const ITEMS = 4000;

/** Deterministic shop: ~100 interactions per user, Zipf-like item popularity, three interaction types. */
function synthetic(count: number): StoredInteraction[] {
  let seed = 42;
  const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const users = Math.max(50, Math.round(count / 100));
  const types = ['view', 'view', 'cart', 'purchase'] as const;
  const weights = { view: 1, cart: 3, purchase: 5, return: -5 };
  const out: StoredInteraction[] = [];
  for (let n = 0; n < count; n++) {
    const type = types[Math.floor(rand() * types.length)]!;
    out.push({
      userId: `u${Math.floor(rand() * users)}`,
      productId: `p${Math.floor(ITEMS * rand() ** 2.5)}`,
      type,
      weight: weights[type],
      at: NOW - Math.floor(rand() * 365) * 86_400_000,
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log('user-based CF, one query (median ms): seed scan vs inverted index');
console.log('| interactions | users | seed ms | engine ms | speed-up |');
console.log('|---|---|---|---|---|');
for (const [count, seedQueries] of [
  [10_000, 20],
  [100_000, 5],
  [400_000, 1], // one seed query takes about half a minute here
] as const) {
  const log = synthetic(count);
  const users = [...new Set(log.map((i) => i.userId))];
  const store = new MemoryInteractionStore();
  await store.appendMany(log);
  const engine = new RecommendationEngine({ interactions: store, clock: new ManualClock(NOW), easeMaxItems: 0 });
  for (let i = 0; i < ITEMS; i++) await engine.addProduct({ productId: `p${i}`, name: `product ${i}` });
  await engine.train();

  const seed = new SeedUserSimilarity(log.map((i): SeedInteraction => ({ userId: i.userId, productId: i.productId, type: i.type === 'return' ? 'view' : i.type })));
  const seedTimes: number[] = [];
  for (let q = 0; q < seedQueries; q++) {
    const start = performance.now();
    seed.collaborativeFiltering(users[(q * 7919) % users.length]!, 20);
    seedTimes.push(performance.now() - start);
  }
  const ours: number[] = [];
  for (let q = 0; q < 300; q++) {
    const userId = users[(q * 7919) % users.length]!;
    const start = performance.now();
    await engine.getRecommendations(userId, { algorithms: ['userKnn'], limit: 20 });
    ours.push(performance.now() - start);
  }
  const s = median(seedTimes);
  const o = median(ours);
  console.log(`| ${count.toLocaleString('en')} | ${users.length} | ${s.toFixed(1)} | ${o.toFixed(3)} | ${(s / o).toFixed(0)}x |`);
}
