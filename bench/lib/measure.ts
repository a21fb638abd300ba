// Timing helpers shared by the benchmarks: run an async operation N times at a given
// concurrency, and report throughput and latency percentiles.

export interface Measurement {
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `op(i)` for i in [0, total) with `concurrency` workers pulling from one counter. */
export async function measure(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Measurement> {
  const latencies: number[] = [];
  const seconds = await timed(total, concurrency, op, latencies);
  latencies.sort((a, b) => a - b);
  return { ops: total, opsPerSec: total / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Runs `count` operations with `concurrency` workers; appends each one's latency (ms) to `latencies`, answers seconds. */
export async function timed(count: number, concurrency: number, op: (k: number) => Promise<unknown>, latencies: number[]): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const k = next++;
      const start = process.hrtime.bigint();
      await op(k);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Times a synchronous or async function over `runs` calls; returns each call's ms, sorted. */
export async function sample(runs: number, fn: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

export const median = (sorted: number[]): number => percentile(sorted, 50);
export const p99 = (sorted: number[]): number => percentile(sorted, 99);

/** Prints rows as an aligned table. */
export function table(rows: Record<string, string | number>[]): void {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const cell = (v: string | number | undefined): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1)) : (v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => v.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(cols));
  for (const row of rows) console.log(line(cols.map((c) => cell(row[c]))));
}
