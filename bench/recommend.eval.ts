// `npm run eval:recommend`: the protocol of ../shared/data/online-retail/README.md, for every
// algorithm alone and for the hybrid with the blend train() chose on its own validation split
// (inside the training period). Not a unit test: it takes a minute or two. Query latency is
// bench/recommend-latency.bench.ts's business.
// EVAL_CUTOFF=2011-09-09 EVAL_UNTIL=2011-10-09 moves the whole protocol a month back, inside
// the protocol's training period: the window design choices were checked on, so the test
// period never steered them.
import { cpus, loadavg } from 'node:os';
import { MemoryInteractionStore } from '../src/adapters/memory/interaction-store.js';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { ALGORITHMS, RecommendationEngine, type AlgorithmName } from '../src/recommend/index.js';
import { rankingMetrics } from '../src/recommend/ranking-metrics.js';
import { loadProducts, loadPurchases, retailDataDir, splitAt, tickingClock } from './online-retail-data.js';

const K = 10;
const CUTOFF = Date.parse(process.env.EVAL_CUTOFF ?? '2011-10-09');
const UNTIL = process.env.EVAL_UNTIL ? Date.parse(process.env.EVAL_UNTIL) : Number.POSITIVE_INFINITY;

const dir = retailDataDir();
const { train, trainItems, test } = splitAt(loadPurchases(dir), CUTOFF, UNTIL);
const customers = new Set(train.map((p) => p.userId)).size;
console.log(`train: ${train.length} purchases, ${customers} customers x ${trainItems.size} items; test customers: ${test.size}`);

const store = new MemoryInteractionStore();
// EVAL_ONLY=content,hybrid evaluates a subset; EVAL_SETTINGS='{"easeMaxItems":0}' overrides settings.
const only = process.env.EVAL_ONLY?.split(',');
const overrides = JSON.parse(process.env.EVAL_SETTINGS ?? '{}') as Record<string, unknown>;
const engine = new RecommendationEngine({ interactions: store, clock: tickingClock(CUTOFF), ...overrides });
// The catalogue at the cutoff: products first sold later did not exist yet at the cutoff, so
// offering them would use the future (and the protocol scores only items in train anyway).
for (const p of loadProducts(dir)) if (trainItems.has(p.productId)) await engine.addProduct({ productId: p.productId, name: p.name });
await store.appendMany(train.map((p): StoredInteraction => ({ userId: p.userId, productId: p.productId, type: 'purchase', weight: 5, at: p.at, orderId: p.orderId })));

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await engine.train();
const cpu = process.cpuUsage(cpu0);
const trainSeconds = (performance.now() - t0) / 1000;

interface Row {
  name: string;
  p: number;
  r: number;
  ndcg: number;
  hr: number;
  map: number;
  coverage: number;
}

async function evaluate(name: string, algorithms: AlgorithmName[] | undefined): Promise<Row> {
  const sum = { p: 0, r: 0, ndcg: 0, hr: 0, map: 0 };
  const shown = new Set<string>();
  for (const [userId, relevant] of test) {
    const recs = await engine.getRecommendations(userId, { limit: K, excludePurchased: true, ...(algorithms ? { algorithms } : {}) });
    for (const rec of recs) shown.add(rec.productId);
    const m = rankingMetrics(
      recs.map((x) => x.productId),
      relevant,
      K,
    );
    sum.p += m.precision;
    sum.r += m.recall;
    sum.ndcg += m.ndcg;
    sum.hr += m.hit;
    sum.map += m.ap;
  }
  const n = test.size;
  return { name, p: sum.p / n, r: sum.r / n, ndcg: sum.ndcg / n, hr: sum.hr / n, map: sum.map / n, coverage: shown.size / trainItems.size };
}

const rows: Row[] = [];
for (const a of ALGORITHMS) if (!only || only.includes(a)) rows.push(await evaluate(a, [a]));
if (!only || only.includes('hybrid')) rows.push(await evaluate('hybrid', undefined));

const f = (x: number, d = 3): string => x.toFixed(d);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
console.log(`\nOnline Retail, train < ${day(CUTOFF)}${Number.isFinite(UNTIL) ? `, test until ${day(UNTIL)}` : ''}, k = ${K}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores (shared), load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}`);
console.log('| algorithm | P@10 | R@10 | NDCG@10 | HR@10 | MAP@10 | coverage | validation NDCG@10 |');
console.log('|---|---|---|---|---|---|---|---|');
const v = report.validation;
for (const row of rows) {
  const validated = v ? f(row.name === 'hybrid' ? v.ndcg.blend : v.ndcg[row.name as AlgorithmName]) : '-';
  console.log(`| ${row.name} | ${f(row.p)} | ${f(row.r)} | ${f(row.ndcg)} | ${f(row.hr, 2)} | ${f(row.map)} | ${f(row.coverage, 2)} | ${validated} |`);
}
const weights = ALGORITHMS.filter((a) => report.weights[a] > 0).map((a) => `${a} ${report.weights[a]}`).join(', ');
console.log(`\nblend (${report.tuning}): ${weights}`);
if (v) {
  console.log(`validation: train before ${day(v.cutoff)} (${v.fitInteractions} interactions), ${v.shoppers} shoppers asked about the ${v.heldOutInteractions} interactions after it`);
}
const p = report.phases;
console.log(
  `train(): ${trainSeconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU on ${report.threads} threads; ` +
    `validation fit ${(p.validationFit / 1000).toFixed(1)} s, scoring ${(p.validationScoring / 1000).toFixed(1)} s, search ${(p.search / 1000).toFixed(1)} s, final fit ${(p.fit / 1000).toFixed(1)} s; ` +
    `EASE covers ${report.easeItems} products, leaves out ${report.easeUncovered.length}`,
);
