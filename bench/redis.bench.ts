// npm run bench:redis: what one Redis round trip costs from Node (PING, no-op EVALSHA),
// the seed's naive cart (one JSON string, GET then SET), and the library's Redis steps,
// at concurrency 1 and 50, with node-redis and with ioredis. Every row runs in short rounds
// interleaved with all the others and reports the median round (see lib/interleave.ts);
// ratios are to the same client's PING and no-op EVALSHA in the same rounds.
import { randomUUID } from 'node:crypto';
import { LuaScript } from '../src/adapters/redis/script.js';
import { toScriptClient } from '../src/adapters/redis/client.js';
import { connect, type ClientKind, REDIS_URL } from '../test/redis/harness.js';
import { table } from './lib/measure.js';
import { interleave, type BenchRow } from './lib/interleave.js';
import { inventoryRows } from './lib/redis-inventory.js';
import { cartRows } from './lib/redis-cart-rows.js';
import { checkoutRow } from './lib/redis-checkout-rows.js';
import { counting } from './lib/counting-client.js';
import { pinnedUnavailable, runPinned } from './lib/pinned-redis.js';
import { redisCpuSeconds, TARGETS } from './lib/redis-targets.js';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
/** Unrecorded rounds of every row first (see lib/interleave.ts); rows that use up inputs are sized for them too. */
const WARMUP = 2;
// Operations per round. At concurrency 50 a round must be long enough to measure the
// steady state, not the start and the drain of fifty workers: in rounds of 500 (ten
// operations per worker) even the no-op EVALSHA, which has nothing to batch, ran at about
// half its rate in rounds of 1,000 or more (0.48 of PING against 0.75-0.86, measured with
// ioredis in the pinned layout), which made every ratio to it meaningless. Rounds of 2,000
// take 20-40 ms, still short against this VM's stalls.
const BATCH: Record<number, number> = { 1: Number(process.env.BENCH_BATCH_C1 ?? 100), 50: Number(process.env.BENCH_BATCH_C50 ?? 2000) };
const noop = new LuaScript('noop');

interface RawOps {
  ping(): Promise<unknown>;
  info(section: string): Promise<string>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

type NaiveCart = { lines: { productId: string; quantity: number }[] };

/**
 * The seed's cart: read the JSON, add one unit of a product (a new line or one more of it),
 * write it back. Loses updates under concurrency. Like the library's rows it cycles through
 * 16 products, so the cart stays the same size however long the run.
 */
async function naiveAdd(ops: RawOps, key: string, productId: string): Promise<void> {
  const raw = await ops.get(key);
  const cart: NaiveCart = raw ? (JSON.parse(raw) as NaiveCart) : { lines: [] };
  const line = cart.lines.find((l) => l.productId === productId);
  if (line) line.quantity += 1;
  else cart.lines.push({ productId, quantity: 1 });
  await ops.set(key, JSON.stringify(cart));
}

/** The naive cart rows; "lost" counts the units missing from the carts after the last round. */
function naiveRows(ops: RawOps, prefix: string, concurrency: number): BenchRow[] {
  const row = (name: string, key: (i: number) => string, keys: string[]): BenchRow => {
    let issued = 0;
    return {
      name,
      trips: [['', () => 2 * issued]],
      op: async (i) => (await naiveAdd(ops, key(i), `p${i % 16}`), (issued += 1)),
      check: async () => {
        const carts = (await Promise.all(keys.map((k) => ops.get(k)))).map((raw) => (raw ? (JSON.parse(raw) as NaiveCart) : { lines: [] }));
        const kept = carts.reduce((sum, cart) => sum + cart.lines.reduce((units, l) => units + l.quantity, 0), 0);
        return `${(((issued - kept) / issued) * 100).toFixed(1)}%`;
      },
    };
  };
  const distinct = Array.from({ length: concurrency }, (_, w) => `${prefix}naive:${w}`);
  return [
    row('naive cart add (GET+SET), distinct carts', (i) => distinct[i % concurrency] as string, distinct),
    row('naive cart add (GET+SET), one cart', () => `${prefix}naive-shared`, [`${prefix}naive-shared`]),
  ];
}

async function benchClient(kind: ClientKind): Promise<Record<string, string | number>[]> {
  const raw = await connect(kind);
  const c = raw.client as unknown as RawOps;
  const ops: RawOps = { ping: () => c.ping(), info: (section) => c.info(section), get: (k) => c.get(k), set: (k, v) => c.set(k, v) };
  const scripts = counting(toScriptClient(raw.client));
  const rows: Record<string, string | number>[] = [];
  const prefixes: string[] = [];
  try {
    for (const concurrency of [1, 50]) {
      const prefix = `ck-bench:${randomUUID().slice(0, 8)}:`;
      prefixes.push(prefix);
      const batch = BATCH[concurrency] ?? 100;
      const benchRows: BenchRow[] = [
        { name: 'PING', trips: [['', () => 0]], op: () => ops.ping() },
        { name: 'no-op EVALSHA', trips: [['', scripts.trips]], op: (i) => noop.run(scripts.client, [`${prefix}noop:{${i % 64}}`], []) },
        ...naiveRows(ops, prefix, concurrency),
        ...(await inventoryRows({ client: scripts.client, trips: scripts.trips, prefix: `${prefix}inv:`, attempts: (WARMUP + ROUNDS) * batch })),
        ...(await cartRows({ client: scripts.client, prefix, concurrency, rounds: WARMUP + ROUNDS, couponBatch: Math.max(concurrency, 20) })),
        // A whole shopper's path through createCommerce on Redis: fewer per round, each is ~20 steps.
        await checkoutRow({ client: scripts.client, prefix, batch: Math.max(concurrency, 5), rounds: WARMUP + ROUNDS }),
      ];
      // Warm-up rounds of every row (connections, script cache, JIT), then the measured rounds.
      const results = await interleave(benchRows, { concurrency, rounds: ROUNDS, warmupRounds: WARMUP, batch, redisCpu: () => redisCpuSeconds(ops) });
      const ping = results.get('PING')?.opsPerSec ?? NaN;
      const noopRate = results.get('no-op EVALSHA')?.opsPerSec ?? NaN;
      for (const [name, r] of results) {
        rows.push({
          client: kind, c: concurrency, operation: name, 'ops/s': Math.round(r.opsPerSec), 'rounds min-max': `${Math.round(r.spread[0])}-${Math.round(r.spread[1])}`,
          'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, 'trips/op': name === 'PING' ? 1 : r.trips, 'node µs/op': r.nodeCpuUs, 'redis µs/op': r.redisCpuUs,
          'vs PING': r.opsPerSec / ping, 'vs no-op': r.opsPerSec / noopRate, 'lost/oversell': r.check,
        });
      }
    }
  } finally {
    for (const p of prefixes) await raw.scanDelete(`${p}*`);
    await raw.close();
  }
  return rows;
}

/** The targets, checked against this run's medians. */
function targets(rows: Record<string, string | number>[]): void {
  for (const [operation, of, min] of TARGETS) {
    const column = of === 'PING' ? 'vs PING' : 'vs no-op';
    for (const r of rows.filter((row) => row.operation === operation)) {
      const ratio = Number(r[column]);
      console.log(`target: ${operation} at c=${r.c} >= ${min.toFixed(2)} of ${column.slice(3)}: ${ratio.toFixed(2)} ${ratio >= min ? 'met' : 'MISSED'}`);
    }
  }
}

// Two layouts: 'shared' (Node and Redis on the same cores, as this machine runs them) and
// 'pinned' (each on a core of its own, see lib/pinned-redis.ts); BENCH_LAYOUT picks one.
const layout = process.env.BENCH_LAYOUT ?? 'both';
/** Which clients, in order (BENCH_CLIENTS=ioredis,node-redis). */
const CLIENTS = (process.env.BENCH_CLIENTS ?? 'node-redis,ioredis').split(',') as ClientKind[];
if (layout === 'shared' || layout === 'both' || layout === 'pinned-child') {
  const where = layout === 'pinned-child' ? 'Node on core 1, a private Redis on core 0' : 'Node and Redis sharing the cores';
  console.log(`\nRedis at ${REDIS_URL} (${where}): ${ROUNDS} interleaved rounds per row, ${BATCH[1]} ops per round at c=1, ${BATCH[50]} at c=50; ops/s is the median round`);
  for (const kind of CLIENTS) {
    console.log(`\n-- ${kind}`);
    const rows = await benchClient(kind);
    table(rows);
    targets(rows);
  }
}
if (layout === 'pinned' || layout === 'both') {
  const unavailable = pinnedUnavailable();
  if (unavailable) console.log(`\n!!! pinned layout SKIPPED: ${unavailable}`);
  else await runPinned(fileURLToPath(import.meta.url), { BENCH_LAYOUT: 'pinned-child' });
}
