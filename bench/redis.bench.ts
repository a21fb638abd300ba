// npm run bench:redis: what one Redis round trip costs from Node (PING, no-op EVALSHA),
// the seed's naive cart (one JSON string, GET then SET), and the library's Redis steps,
// at concurrency 1 and 50, with node-redis and with ioredis. Ratios are to the same
// client's PING in the same run.
import { randomUUID } from 'node:crypto';
import { LuaScript, toScriptClient } from '../src/adapters/redis/index.js';
import { connect, type ClientKind, REDIS_URL } from '../test/redis/harness.js';
import { measure, table } from './lib/measure.js';
import { inventoryRows } from './lib/redis-inventory.js';
import { cartRows } from './lib/redis-cart-rows.js';
import { checkoutRows } from './lib/redis-checkout-rows.js';
import { counting } from './lib/counting-client.js';

const OPS = Number(process.env.BENCH_OPS ?? 5000);
const noop = new LuaScript('noop');

interface RawOps {
  ping(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

function rawOps(kind: ClientKind, client: unknown): RawOps {
  const c = client as { ping(): Promise<unknown>; get(k: string): Promise<string | null>; set(k: string, v: string): Promise<unknown> };
  return { ping: () => c.ping(), get: (k) => c.get(k), set: (k, v) => c.set(k, v) };
}

/** The seed's cart: read the JSON, add a line, write it back. Loses updates under concurrency. */
async function naiveAddLine(ops: RawOps, key: string, line: string): Promise<void> {
  const raw = await ops.get(key);
  const cart = raw ? (JSON.parse(raw) as { lines: string[] }) : { lines: [] };
  cart.lines.push(line);
  await ops.set(key, JSON.stringify(cart));
}

async function benchClient(kind: ClientKind): Promise<void> {
  const raw = await connect(kind);
  const prefix = `ck-bench:${randomUUID().slice(0, 8)}:`;
  const ops = rawOps(kind, raw.client);
  const scripts = counting(toScriptClient(raw.client));
  const rows: Record<string, string | number>[] = [];
  try {
    await measure(1000, 10, () => ops.ping()); // warm the connection and the JIT
    for (const concurrency of [1, 50]) {
      const pingRate = (await measure(OPS, concurrency, () => ops.ping())).opsPerSec;
      let noopRate = 0;
      const row = (name: string, m: { opsPerSec: number; p50Ms: number; p99Ms: number }, trips: number | string, lost: number | string = '') =>
        rows.push({ client: kind, c: concurrency, operation: name, 'ops/s': Math.round(m.opsPerSec), 'p50 ms': m.p50Ms, 'p99 ms': m.p99Ms, 'trips/op': trips, 'vs PING': m.opsPerSec / pingRate, 'vs no-op': noopRate ? m.opsPerSec / noopRate : '', lost });

      row('PING', { ...(await measure(OPS, concurrency, () => ops.ping())), opsPerSec: pingRate }, 1);

      const before = scripts.trips();
      const noopM = await measure(OPS, concurrency, (i) => noop.run(scripts.client, [`${prefix}noop:{${i % 64}}`], []));
      noopRate = noopM.opsPerSec;
      row('no-op EVALSHA', noopM, (scripts.trips() - before) / OPS);

      // Naive cart, every worker on its own cart: correct but two round trips.
      const distinct = await measure(OPS, concurrency, (i) => naiveAddLine(ops, `${prefix}naive:${i % concurrency}`, `l${i}`));
      row('naive cart add (GET+SET), distinct carts', distinct, 2);

      // Naive cart, all workers on one cart: the lost-update race.
      const shared = `${prefix}naive-shared`;
      const sharedM = await measure(OPS, concurrency, (i) => naiveAddLine(ops, shared, `l${i}`));
      const kept = (JSON.parse((await ops.get(shared)) ?? '{"lines":[]}') as { lines: string[] }).lines.length;
      row('naive cart add (GET+SET), one cart', sharedM, 2, `${(((OPS - kept) / OPS) * 100).toFixed(1)}%`);

      // Inventory through the service; the target is >= 0.60 of the no-op EVALSHA, zero oversell.
      for (const r of await inventoryRows(scripts.client, scripts.trips, `${prefix}inv:`, OPS, concurrency)) {
        row(r.name, r.m, r.trips, r.oversell === undefined ? '' : `oversell ${r.oversell}`);
      }
      // CartService on the Redis adapters
      await cartRows({ client: raw.client, prefix, concurrency, ops: OPS, row });
      // A whole shopper's path through createCommerce on Redis: fewer of them, each is ~20 steps.
      await checkoutRows({ client: raw.client, prefix, concurrency, ops: Math.max(50, Math.round(OPS / 20)), row });
      await raw.scanDelete(`${prefix}*`);
    }
  } finally {
    await raw.scanDelete(`${prefix}*`);
    await raw.close();
  }
  table(rows);
  for (const r of rows.filter((row) => row.operation === 'reserveItems (1 SKU)')) {
    const ratio = Number(r['vs no-op']);
    console.log(`target: reserveItems >= 0.60 of no-op EVALSHA at c=${r.c}: ${ratio.toFixed(2)} ${ratio >= 0.6 ? 'met' : 'MISSED'}`);
  }
}

console.log(`Redis at ${REDIS_URL}, ${OPS} operations per row`);
for (const kind of ['node-redis', 'ioredis'] as const) {
  console.log(`\n-- ${kind}`);
  await benchClient(kind);
}
