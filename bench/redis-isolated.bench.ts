// Part of `npm run bench:redis`: each target row of redis.bench.ts ALONE, in a fresh Node
// process, with PING and the no-op EVALSHA interleaved in its rounds (so its ratios are to a
// round trip measured alongside it). redis.bench.ts runs every row interleaved in one process,
// where each row also pays for the garbage collections the others cause (with all rows, the
// old generation grew by about 100 MB between full collections, one about every 1.2 s,
// measured with --trace-gc; with one row, a few per run), and where the same row measured
// 0.42 of PING in one run and 0.62 in the next. This one measures what a line edit or a
// reservation costs next to a round trip in an app instance that mostly makes that call.
// Pinned layout (a private Redis per run on core 0, Node on core 1) where taskset and
// redis-server are installed, else Node and the Redis at REDIS_URL sharing the cores.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { LuaScript } from '../src/adapters/redis/script.js';
import { toScriptClient } from '../src/adapters/redis/client.js';
import { connect, REDIS_URL, type ClientKind } from '../test/redis/harness.js';
import { counting } from './lib/counting-client.js';
import { interleave, type BenchRow } from './lib/interleave.js';
import { table } from './lib/measure.js';
import { pinnedUnavailable, runChild, withPrivateRedis } from './lib/pinned-redis.js';
import { cartRows } from './lib/redis-cart-rows.js';
import { inventoryRows } from './lib/redis-inventory.js';
import { redisCpuSeconds, TARGETS } from './lib/redis-targets.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 2;
const BATCH = 2000;
const CONCURRENCY = 50;
/**
 * Fresh processes per row; the row's figure is the median run. On this VM the same row in
 * two fresh processes of the same build measured 0.37 and 0.72 of PING, far more than the
 * spread between the rounds of one process, so one process per row says little.
 */
const RUNS = Number(process.env.BENCH_ISOLATED_RUNS ?? 5);
/** In a child process: one row with PING and the no-op; prints its result as one JSON line. */
async function measureRow(kind: ClientKind, name: string): Promise<void> {
  const raw = await connect(kind);
  const c = raw.client as unknown as { ping(): Promise<unknown>; info(section: string): Promise<string> };
  const scripts = counting(toScriptClient(raw.client));
  const prefix = `ck-bench-iso:${randomUUID().slice(0, 8)}:`;
  const noop = new LuaScript('noop');
  const attempts = (WARMUP + ROUNDS) * BATCH;
  try {
    const all: BenchRow[] = [
      { name: 'PING', op: () => c.ping() },
      { name: 'no-op EVALSHA', op: (i) => noop.run(scripts.client, [`${prefix}noop:{${i % 64}}`], []) },
      ...(name.includes('reserve') ? await inventoryRows({ client: scripts.client, trips: scripts.trips, prefix: `${prefix}inv:`, attempts, confirms: 0 }) : []),
      ...(name.includes('reserve') ? [] : await cartRows({ client: scripts.client, prefix, concurrency: CONCURRENCY, rounds: WARMUP + ROUNDS, couponBatch: 1 })),
    ];
    const rows = all.filter((r) => r.name === 'PING' || r.name === 'no-op EVALSHA' || r.name === name);
    const results = await interleave(rows, { concurrency: CONCURRENCY, rounds: ROUNDS, warmupRounds: WARMUP, batch: BATCH, redisCpu: () => redisCpuSeconds(c) });
    const pick = (row: string) => results.get(row);
    console.log(`RESULT ${JSON.stringify({ row: pick(name), ping: pick('PING')?.opsPerSec, noop: pick('no-op EVALSHA')?.opsPerSec })}`);
  } finally {
    await raw.scanDelete(`${prefix}*`);
    await raw.close();
  }
}

async function main(): Promise<void> {
  const unavailable = pinnedUnavailable();
  const pinned = unavailable === undefined;
  console.log(`\nEach target row alone in ${RUNS} fresh processes (the median run shown), c=${CONCURRENCY}, ${ROUNDS} rounds of ${BATCH} interleaved with PING and the no-op EVALSHA, median round; ${pinned ? 'a private Redis per row on core 0, Node on core 1' : `Node and the Redis at ${REDIS_URL} sharing the cores (pinned layout unavailable: ${unavailable})`}`);
  for (const kind of ['node-redis', 'ioredis'] as const) {
    const lines: Record<string, string | number>[] = [];
    for (const [name, of, min] of TARGETS) {
      const env = { BENCH_ISOLATED_ROW: name, BENCH_ISOLATED_CLIENT: kind };
      const run = (url: string) => runChild(fileURLToPath(import.meta.url), { ...env, REDIS_URL: url }, { pinned });
      const runs: RowRun[] = [];
      for (let r = 0; r < RUNS; r++) {
        const out = pinned ? await withPrivateRedis(run) : await run(REDIS_URL);
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (!line) throw new Error(`no result for ${name} (${kind})`);
        const result = JSON.parse(line.slice('RESULT '.length)) as Omit<RowRun, 'ratio'>;
        runs.push({ ...result, ratio: result.row.opsPerSec / (of === 'PING' ? result.ping : result.noop) });
      }
      // The run with the median ratio speaks for the row; the others give its spread.
      runs.sort((a, b) => a.ratio - b.ratio);
      const { row, ping, noop, ratio } = runs[Math.floor(runs.length / 2)] as RowRun;
      const checks = [...new Set(runs.map((r) => r.row.check))].join(' / ');
      lines.push({
        client: kind, operation: name, 'ops/s': Math.round(row.opsPerSec), 'PING ops/s': Math.round(ping), 'no-op ops/s': Math.round(noop),
        'node µs/op': row.nodeCpuUs, 'redis µs/op': row.redisCpuUs, ratio: `${ratio.toFixed(2)} of ${of === 'PING' ? 'PING' : 'no-op'}`,
        [`${RUNS} runs`]: runs.map((r) => r.ratio.toFixed(2)).join(' '),
        target: `${min.toFixed(2)} ${ratio >= min ? 'met' : 'MISSED'}`, 'lost/oversell': checks,
      });
    }
    console.log(`\n-- ${kind}`);
    table(lines);
  }
}

/** One child's answer for a row, with its ratio to PING or the no-op. */
interface RowRun {
  row: { opsPerSec: number; nodeCpuUs: number; redisCpuUs: number; check: string };
  ping: number;
  noop: number;
  ratio: number;
}

const row = process.env.BENCH_ISOLATED_ROW;
const client = process.env.BENCH_ISOLATED_CLIENT as ClientKind | undefined;
if (row && client) await measureRow(client, row);
else await main();
