// `npm run bench:redis` (this file runs with redis.bench.ts): the recommendation stores on
// Redis, per client, next to the same client's PING measured in the same run.
// Interaction appends at concurrency 1 and 50 (all of them land in one slot: see docs/redis.md),
// a 10,000-interaction appendMany, reads by user and by time range, and a ~5 MB model snapshot
// saved and loaded.
import { randomUUID } from 'node:crypto';
import { redisAdapters } from '../src/adapters/redis/index.js';
import { LuaScript } from '../src/adapters/redis/script.js';
import { toScriptClient } from '../src/adapters/redis/client.js';
import type { StoredInteraction } from '../src/ports/interaction-store.js';
import { CLIENT_KINDS, connect } from '../test/redis/harness.js';
import { measure, median, sample, table } from './lib/measure.js';

const interaction = (n: number): StoredInteraction => ({ userId: `u${n % 500}`, productId: `p${n % 2000}`, type: 'view', weight: 1, at: 1_700_000_000_000 + n * 1000 });

for (const kind of CLIENT_KINDS) {
  const raw = await connect(kind);
  const prefix = `ck-bench:recommend:${randomUUID().slice(0, 8)}:`;
  try {
    const client = toScriptClient(raw.client);
    const { interactions, modelSnapshots } = redisAdapters({ client: raw.client, prefix });
    // The limit: a no-op EVALSHA on the same slot, one round trip.
    const noop = new LuaScript('noop');
    const slotKey = `${prefix}rec:{interactions}:noop`;
    const ping = (c: number) => measure(4000, c, () => noop.run(client, [slotKey], []));
    await ping(10); // warm-up: connections, script cache, JIT
    const rows: Record<string, string | number>[] = [];
    const row = (name: string, c: number, m: { opsPerSec: number; p50Ms: number; p99Ms: number }, base: number) =>
      rows.push({ op: name, conc: c, 'ops/s': m.opsPerSec, p50ms: m.p50Ms, p99ms: m.p99Ms, 'x ping': m.opsPerSec / base });
    for (const c of [1, 50]) {
      const base = await ping(c);
      row('no-op EVALSHA', c, base, base.opsPerSec);
      row('append', c, await measure(4000, c, (i) => interactions.append(interaction(c * 10_000 + i))), base.opsPerSec);
      row('listByUser (~16)', c, await measure(2000, c, (i) => interactions.listByUser(`u${i % 500}`)), base.opsPerSec);
    }
    console.log(`\n${kind}: interaction store (${await interactions.count()} stored)`);
    table(rows);

    const batch = Array.from({ length: 10_000 }, (_, n) => interaction(1_000_000 + n));
    const bulk = await sample(3, () => interactions.appendMany(batch));
    const range = await sample(5, () => interactions.listByTimeRange({ from: interaction(1_000_000).at, to: interaction(1_010_000).at }));
    console.log(`appendMany 10,000: median ${median(bulk).toFixed(1)} ms (${Math.round(10_000 / (median(bulk) / 1000))} interactions/s); listByTimeRange 10,000: median ${median(range).toFixed(1)} ms`);

    const snapshot = { format: 'bench', weights: 'A'.repeat(4_000_000), ids: Array.from({ length: 50_000 }, (_, i) => `product-${i}`) };
    let bytes = 0;
    const save = await sample(5, async () => void (bytes = (await modelSnapshots.save({ name: 'bench', trainedAt: 1, snapshot })).bytes));
    const load = await sample(5, () => modelSnapshots.loadLatest('bench'));
    console.log(`model snapshot ${(bytes / 1e6).toFixed(1)} MB: save median ${median(save).toFixed(1)} ms, loadLatest median ${median(load).toFixed(1)} ms (incl. JSON.stringify/parse)`);
  } finally {
    await raw.scanDelete(`${prefix}*`);
    await raw.close();
  }
}
