// `npm run eval:recommend`: the protocol of ../shared/data/online-retail/README.md, for every
// algorithm alone and for the hybrid. Not a unit test: it takes about a minute.
import { cpus } from 'node:os';
import { MemoryInteractionStore } from '../src/adapters/memory/interaction-store.js';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { ALGORITHMS, RecommendationEngine, type AlgorithmName } from '../src/recommend/index.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { loadProducts, loadPurchases, retailDataDir } from './online-retail-data.js';

const K = 10;
const CUTOFF = Date.UTC(2011, 9, 9);

const dir = retailDataDir();
const purchases = loadPurchases(dir);
const products = loadProducts(dir);
const train = purchases.filter((p) => p.at < CUTOFF);
const trainItems = new Set(train.map((p) => p.productId));
const owned = new Map<string, Set<string>>();
for (const p of train) {
  let s = owned.get(p.userId);
  if (!s) owned.set(p.userId, (s = new Set()));
  s.add(p.productId);
}
const test = new Map<string, Set<string>>();
for (const p of purchases) {
  if (p.at < CUTOFF) continue;
  const mine = owned.get(p.userId);
  if (!mine || mine.has(p.productId) || !trainItems.has(p.productId)) continue;
  let s = test.get(p.userId);
  if (!s) test.set(p.userId, (s = new Set()));
  s.add(p.productId);
}
console.log(`train: ${train.length} purchases, ${owned.size} customers x ${trainItems.size} items; test customers: ${test.size}`);

const store = new MemoryInteractionStore();
const clock = new ManualClock(CUTOFF);
const engine = new RecommendationEngine({ interactions: store, clock });
for (const p of products) await engine.addProduct({ productId: p.productId, name: p.name });
await store.appendMany(train.map((p): StoredInteraction => ({ userId: p.userId, productId: p.productId, type: 'purchase', weight: 5, at: p.at, orderId: p.orderId })));

const t0 = performance.now();
const summary = await engine.train();
const trainMs = performance.now() - t0;
console.log(`train(): ${(trainMs / 1000).toFixed(1)} s`, summary);

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Row {
  name: string;
  p: number;
  r: number;
  ndcg: number;
  hr: number;
  map: number;
  coverage: number;
  p50: number;
  p99: number;
}

async function evaluate(name: string, algorithms: AlgorithmName[] | undefined): Promise<Row> {
  let p = 0;
  let r = 0;
  let ndcg = 0;
  let hr = 0;
  let map = 0;
  const shown = new Set<string>();
  const times: number[] = [];
  for (const [userId, relevant] of test) {
    const start = performance.now();
    const recs = await engine.getRecommendations(userId, { limit: K, excludePurchased: true, ...(algorithms ? { algorithms } : {}) });
    times.push(performance.now() - start);
    let hits = 0;
    let dcg = 0;
    let ap = 0;
    recs.forEach((rec, rank) => {
      shown.add(rec.productId);
      if (!relevant.has(rec.productId)) return;
      hits++;
      dcg += 1 / Math.log2(rank + 2);
      ap += hits / (rank + 1);
    });
    let idcg = 0;
    const ideal = Math.min(relevant.size, K);
    for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
    p += hits / K;
    r += hits / relevant.size;
    ndcg += dcg / idcg;
    hr += hits > 0 ? 1 : 0;
    map += ap / ideal;
  }
  const n = test.size;
  times.sort((a, b) => a - b);
  return { name, p: p / n, r: r / n, ndcg: ndcg / n, hr: hr / n, map: map / n, coverage: shown.size / trainItems.size, p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const rows: Row[] = [];
for (const a of ALGORITHMS) rows.push(await evaluate(a, [a]));
rows.push(await evaluate('hybrid', undefined));

const similarTimes: number[] = [];
for (const id of trainItems) {
  const start = performance.now();
  await engine.getSimilarProducts(id, { limit: K });
  similarTimes.push(performance.now() - start);
}
similarTimes.sort((a, b) => a - b);

const f = (x: number, d = 3): string => x.toFixed(d);
console.log(`\nOnline Retail, train < 2011-10-09, k = ${K}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores (shared), Node ${process.version}`);
console.log('| algorithm | P@10 | R@10 | NDCG@10 | HR@10 | MAP@10 | coverage | query p50 ms | query p99 ms |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.name} | ${f(row.p)} | ${f(row.r)} | ${f(row.ndcg)} | ${f(row.hr, 2)} | ${f(row.map)} | ${f(row.coverage, 2)} | ${f(row.p50, 2)} | ${f(row.p99, 2)} |`);
}
console.log(`\ntrain() on the full training split: ${(trainMs / 1000).toFixed(1)} s (all algorithms, one core)`);
console.log(`getSimilarProducts over ${similarTimes.length} products: p50 ${f(percentile(similarTimes, 0.5), 3)} ms, p99 ${f(percentile(similarTimes, 0.99), 3)} ms`);
const pop = rows.find((r) => r.name === 'popularity')!.ndcg;
for (const a of ['itemCooccurrence', 'userKnn', 'ease'] as const) {
  const row = rows.find((r) => r.name === a)!;
  console.log(`${a}: ${(row.ndcg / pop).toFixed(2)}x popularity NDCG@10`);
}
