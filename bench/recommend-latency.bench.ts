// `npm run bench:recommend` (this file runs with the other recommend benches): getRecommendations
// latency as a server sees it. Online Retail's protocol split (train before 2011-10-09), the
// engine trained with default settings; then every test shopper in turn, PASSES times over,
// each call timed alone (wall clock, garbage collection included: nothing is forced or
// excluded), p50 / p99 / p99.9 / max over all calls. Baseline from the same run: the engine
// as it was configured before self-tuning (fixed weights, EASE capped at 1,500 products).
import { cpus, loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { MemoryInteractionStore } from '../src/adapters/memory/interaction-store.js';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { RecommendationEngine, type RecommendationEngineOptions } from '../src/recommend/index.js';
import { ManualClock } from '../src/testing/manual-clock.js';
import { loadProducts, loadPurchases, retailDataDir, splitAt } from './online-retail-data.js';

const CUTOFF = Date.UTC(2011, 9, 9);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
const dir = retailDataDir({ optional: true });
if (dir === undefined) {
  console.log('recommend latency: Online Retail data not found (set ONLINE_RETAIL_DIR); this benchmark did not run.');
  process.exit(0);
}
const { train, trainItems, test } = splitAt(loadPurchases(dir), CUTOFF);
const products = loadProducts(dir).filter((p) => trainItems.has(p.productId));
const log = train.map((p): StoredInteraction => ({ userId: p.userId, productId: p.productId, type: 'purchase', weight: 5, at: p.at, orderId: p.orderId }));
const shoppers = [...test.keys()];

async function engineWith(settings: Partial<RecommendationEngineOptions>): Promise<RecommendationEngine> {
  const store = new MemoryInteractionStore();
  const engine = new RecommendationEngine({ interactions: store, clock: new ManualClock(CUTOFF), ...settings });
  for (const p of products) await engine.addProduct({ productId: p.productId, name: p.name });
  await store.appendMany(log);
  await engine.train();
  return engine;
}

interface Latency {
  calls: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  gcs: number;
  gcMs: number;
}

async function latency(engine: RecommendationEngine): Promise<Latency> {
  for (const userId of shoppers.slice(0, 200)) await engine.getRecommendations(userId); // warm-up: JIT
  const gc: number[] = [];
  const observer = new PerformanceObserver((list) => void gc.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const userId of shoppers) {
      const start = performance.now();
      await engine.getRecommendations(userId);
      times.push(performance.now() - start);
    }
  }
  // GC entries reach the observer from the event loop, which the loop above never yields to.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { calls: times.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: times[times.length - 1]!, gcs: gc.length, gcMs: gc.reduce((s, d) => s + d, 0) };
}

const tuned = await engineWith({});
const before = await engineWith({ weights: { popularity: 0.05, trending: 0.2, content: 0.3, itemCooccurrence: 0.02, ease: 1 }, easeMaxItems: 1500 });
const rows: [string, Latency][] = [];
// Interleaved, so a busy spell of the shared machine hits both alike.
for (let round = 0; round < 2; round++) {
  rows.push([`hybrid, tuned (round ${round + 1})`, await latency(tuned)]);
  rows.push([`before #26: fixed weights, EASE 1,500 (round ${round + 1})`, await latency(before)]);
}

const ms = (x: number): string => x.toFixed(2);
console.log(`getRecommendations, ${shoppers.length} test shoppers x ${PASSES} passes, one call at a time; ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores shared, load ${loadavg()[0]!.toFixed(1)}`);
console.log('| engine | calls | p50 ms | p99 ms | p99.9 ms | max ms | GCs (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, l] of rows) console.log(`| ${name} | ${l.calls} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.p999)} | ${ms(l.max)} | ${l.gcs} (${l.gcMs.toFixed(0)}) |`);
const p99 = (name: string): number => Math.min(...rows.filter(([n]) => n.startsWith(name)).map(([, l]) => l.p99));
console.log(`\nhybrid p99 (better round) ${ms(p99('hybrid'))} ms = ${(p99('hybrid') / p99('before')).toFixed(2)}x the pre-#26 engine's; target < 5 ms`);
