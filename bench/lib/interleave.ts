// Throughput that survives a noisy machine. These benchmarks run on shared cores where the
// whole VM stalls for 100-500 ms at random (a 2 ms loop was measured taking up to 470 ms),
// so one long run per row makes its ratio to PING a matter of luck. Instead every row runs
// in many short rounds, round-robin with the others: a stall spoils a few rounds of each
// row alike, and the median round rate ignores them.
import { timed, type Measurement } from './measure.js';

export interface BenchRow {
  name: string;
  /** Runs operation number `i` (unique within the row across all rounds). */
  op: (i: number) => Promise<unknown>;
  /** Operations per round, when the run's default is too many (e.g. a whole checkout). */
  batch?: number;
  /** Script-call counters; the first is the row's round trips, the others are shown as (+n label). */
  trips?: [label: string, count: () => number][];
  /** After every round: what went wrong (lost updates, oversell), shown in the table. */
  check?: () => Promise<string>;
}

export interface RowResult extends Measurement {
  /** Median of the rounds' ops/s. */
  opsPerSec: number;
  /** CPU per operation over all rounds, µs: this process, and Redis (when the run can read it). */
  nodeCpuUs: number;
  redisCpuUs: number;
  /** Slowest and fastest round, ops/s. */
  spread: [number, number];
  trips: string;
  check: string;
}

/**
 * `redisCpu` answers the Redis server's CPU seconds so far (INFO cpu); it is read between
 * rounds, outside the timed part. With Node and Redis on the same cores, a row's ratio to
 * PING is bounded by how its Node plus Redis CPU per operation compares with PING's.
 */
export async function interleave(
  rows: BenchRow[],
  options: { concurrency: number; rounds: number; batch: number; warmupRounds?: number; redisCpu?: () => Promise<number> },
): Promise<Map<string, RowResult>> {
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, { node: number; redis: number }>();
  const latencies = new Map<string, number[]>();
  /** Operations run so far (the next operation number) and operations measured, per row. */
  const done = new Map<string, number>();
  const measuredOps = new Map<string, number>();
  const trips = new Map<string, number[]>();
  for (const row of rows) {
    rates.set(row.name, []);
    latencies.set(row.name, []);
    done.set(row.name, 0);
    trips.set(row.name, (row.trips ?? []).map(() => 0));
    cpu.set(row.name, { node: 0, redis: 0 });
  }
  // Warm-up rounds run every row the same way (so each row's code is compiled with the
  // feedback of all the others before anything is measured) and are not recorded; operation
  // numbers go on from them, so a row never sees an index twice.
  const warmup = options.warmupRounds ?? 0;
  for (let round = 0; round < warmup + options.rounds; round++) {
    const measured = round >= warmup;
    // Each round starts one row further on, so what a row leaves behind (garbage to collect,
    // Redis work in the background) falls on every other row in turn, not always the next one.
    const start = round % rows.length;
    for (const row of [...rows.slice(start), ...rows.slice(0, start)]) {
      const batch = row.batch ?? options.batch;
      const first = done.get(row.name) ?? 0;
      done.set(row.name, first + batch);
      if (!measured) {
        await timed(batch, options.concurrency, (k) => row.op(first + k), []);
        continue;
      }
      const before = (row.trips ?? []).map(([, count]) => count());
      const redisBefore = (await options.redisCpu?.()) ?? 0;
      const nodeBefore = process.cpuUsage();
      const seconds = await timed(batch, options.concurrency, (k) => row.op(first + k), latencies.get(row.name) as number[]);
      const node = process.cpuUsage(nodeBefore);
      const used = cpu.get(row.name) as { node: number; redis: number };
      used.node += node.user + node.system;
      used.redis += ((await options.redisCpu?.()) ?? 0) - redisBefore;
      const counts = trips.get(row.name) as number[];
      (row.trips ?? []).forEach(([, count], t) => (counts[t] = (counts[t] ?? 0) + count() - (before[t] ?? 0)));
      rates.get(row.name)?.push(batch / seconds);
      measuredOps.set(row.name, (measuredOps.get(row.name) ?? 0) + batch);
    }
  }
  const results = new Map<string, RowResult>();
  for (const row of rows) {
    const total = measuredOps.get(row.name) ?? 1;
    const counted = (trips.get(row.name) as number[]).map((n) => n / total);
    const labels = (row.trips ?? []).map(([label]) => label);
    const sorted = [...(latencies.get(row.name) as number[])].sort((a, b) => a - b);
    const roundRates = [...(rates.get(row.name) as number[])].sort((a, b) => a - b);
    const used = cpu.get(row.name) as { node: number; redis: number };
    results.set(row.name, {
      ops: total,
      nodeCpuUs: used.node / total,
      redisCpuUs: options.redisCpu ? (used.redis * 1e6) / total : NaN,
      opsPerSec: at(roundRates, 0.5),
      spread: [roundRates[0] ?? 0, roundRates[roundRates.length - 1] ?? 0],
      p50Ms: at(sorted, 0.5),
      p99Ms: at(sorted, 0.99),
      trips: counted.length === 0 ? '' : [fmt(counted[0] as number), ...counted.slice(1).map((n, t) => `(+${fmt(n)} ${labels[t + 1]})`)].join(' '),
      check: row.check ? await row.check() : '',
    });
  }
  return results;
}

const at = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
