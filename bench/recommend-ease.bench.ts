// `npm run bench:recommend` (this file runs with the other recommend benches): EASE training
// time and memory at 1,000, 2,000, 3,542 (Online Retail's catalogue) and 5,000 items, with
// the growth factor from one size to the next (a dense inverse grows as n^3). Baselines from
// the same run: the engine's previous unblocked inverse at the sizes it manages in seconds,
// and one thread against the default threads. numpy's ~3 s at 3,542 items (issue #26, same
// machine) is quoted as a reference, not measured here.
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { trainEase } from '../src/recommend/ease.js';
import { buildTrainingMatrix, type TrainingMatrix } from '../src/recommend/training-matrix.js';
import { unblockedInverse } from './recommend-unblocked-inverse.js';

const NOW = Date.UTC(2025, 0, 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LAMBDA = 500;
const threads = Math.min(8, availableParallelism());

/** About 70 distinct items per shopper with Zipf-like popularity: Online Retail's shape, at any size. */
function shop(items: number): TrainingMatrix {
  let seed = 7;
  const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const log: StoredInteraction[] = [];
  for (let u = 0; u < items; u++) {
    for (let k = 0; k < 70; k++) log.push({ userId: `u${u}`, productId: `p${Math.floor(items * rand() ** 2)}`, type: 'purchase', weight: 5, at: NOW });
  }
  return buildTrainingMatrix([], log, NOW, 30);
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function time(work: () => unknown): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function median(xs: Timing[]): Timing {
  const sorted = [...xs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const s = (ms: number): string => (ms / 1000).toFixed(2);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);

console.log(`EASE training (Gram matrix, inverse, weights), lambda ${LAMBDA}; median of ${RUNS} runs; ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores shared, load ${loadavg()[0]!.toFixed(1)}`);
console.log(`| items | ${threads} threads s | CPU s | 1 thread s | speed-up | growth (n^3 would be) | Gram MB | weights MB | peak RSS MB |`);
console.log('|---|---|---|---|---|---|---|---|---|');
let previous: { n: number; wallMs: number } | undefined;
const blocked = new Map<number, number>();
for (const n of [1000, 2000, 3542, 5000]) {
  const matrix = shop(n);
  const items = matrix.itemIds.length;
  const runs: Timing[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await time(() => trainEase(matrix, LAMBDA, items, threads)));
  const many = median(runs);
  const one = await time(() => trainEase(matrix, LAMBDA, items, 1));
  blocked.set(n, one.wallMs);
  const growth = previous ? `${(many.wallMs / previous.wallMs).toFixed(2)} (${((items / previous.n) ** 3).toFixed(2)})` : '-';
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`| ${items} | ${s(many.wallMs)} | ${s(many.cpuMs)} | ${s(one.wallMs)} | ${(one.wallMs / many.wallMs).toFixed(2)}x | ${growth} | ${mb(8 * items * items)} | ${mb(4 * items * items)} | ${mb(peak)} |`);
  if (n === 3542) console.log(`| (numpy, issue #26) | ~3 | | | | | | | ratio to numpy: ${(many.wallMs / 3000).toFixed(2)}x |`);
  previous = { n: items, wallMs: many.wallMs };
}

console.log('\nThe inverse alone, one thread: the previous unblocked Cholesky against the blocked one (same run)');
console.log('| n | unblocked s | blocked EASE, whole, 1 thread s | speed-up |');
console.log('|---|---|---|---|');
for (const n of [1000, 2000]) {
  const a = new Float64Array(n * n);
  const matrix = shop(n);
  const m = matrix.itemIds.length;
  for (let u = 0; u < matrix.userIds.length; u++) {
    const row = Array.from(matrix.userItems.indices.subarray(matrix.userItems.offsets[u], matrix.userItems.offsets[u + 1]));
    for (const x of row) for (const y of row) if (y <= x) a[x * m + y]!++;
  }
  for (let i = 0; i < m; i++) a[i * m + i]! += LAMBDA;
  const old = await time(() => unblockedInverse(a, m));
  console.log(`| ${m} | ${s(old.wallMs)} | ${s(blocked.get(n)!)} | ${(old.wallMs / blocked.get(n)!).toFixed(1)}x |`);
}
