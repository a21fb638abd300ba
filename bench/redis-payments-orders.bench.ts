// Part of `npm run bench:redis` (every bench/redis*.bench.ts runs): the payment, checkout,
// order and velocity stores on Redis, at concurrency 1 and 50, with node-redis and with
// ioredis. Ratios are to the same client's PING in the same run; round trips are counted at
// the script client. "lost" counts ledger entries missing after every worker appended one
// to the same payment through read + compare-and-set (with retry): it must be 0.
import { randomUUID } from 'node:crypto';
import { redisAdapters } from '../src/adapters/redis/index.js';
import { LuaScript } from '../src/adapters/redis/script.js';
import { toScriptClient } from '../src/adapters/redis/client.js';
import { ManualClock, sampleCheckout, sampleOrder } from '../src/testing/index.js';
import { samplePaymentRecord } from '../src/testing/payment-store-conformance.js';
import type { PaymentStore } from '../src/ports/payment-store.js';
import { connect, type ClientKind, REDIS_URL } from '../test/redis/harness.js';
import { measure, table, type Measurement } from './lib/measure.js';
import { counting } from './lib/counting-client.js';

const OPS = Number(process.env.BENCH_OPS ?? 2000);
const noop = new LuaScript('noop');

/** Appends one ledger entry to a payment by read + compare-and-set, retrying on conflict. */
async function appendEntry(payments: PaymentStore, id: string, entry: string): Promise<void> {
  for (;;) {
    const read = await payments.get(id);
    if (!read) throw new Error('payment missing');
    const next = { ...read, ledger: [...read.ledger, { id: entry, kind: 'refund' as const, amountMinor: 0, feeMinor: 0, state: 'succeeded' as const, idempotencyKey: entry, at: 0 }] };
    if ((await payments.commit({ next, expectedVersion: read.version })).ok) return;
  }
}

async function benchClient(kind: ClientKind): Promise<void> {
  const raw = await connect(kind);
  const pinger = raw.client as unknown as { ping(): Promise<unknown> };
  const ping = () => pinger.ping();
  const counted = counting(toScriptClient(raw.client));
  const clock = new ManualClock();
  const rows: Record<string, string | number>[] = [];
  const prefixes: string[] = [];
  try {
    await measure(1000, 10, () => ping());
    for (const concurrency of [1, 50]) {
      const prefix = `ck-bench:${randomUUID().slice(0, 8)}:`;
      prefixes.push(prefix);
      const { payments, checkouts, orders, velocity } = redisAdapters({ client: counted.client, prefix, clock });
      const pingRate = (await measure(OPS, concurrency, () => ping())).opsPerSec;
      const row = async (name: string, ops: number, op: (i: number) => Promise<unknown>, lost: (() => Promise<string>) | undefined = undefined): Promise<void> => {
        const before = counted.trips();
        const m: Measurement = await measure(ops, concurrency, op);
        rows.push({ client: kind, c: concurrency, operation: name, 'ops/s': Math.round(m.opsPerSec), 'p50 ms': m.p50Ms, 'p99 ms': m.p99Ms, 'trips/op': (counted.trips() - before) / ops, 'vs PING': m.opsPerSec / pingRate, lost: lost ? await lost() : '' });
      };
      rows.push({ client: kind, c: concurrency, operation: 'PING', 'ops/s': Math.round(pingRate), 'p50 ms': '', 'p99 ms': '', 'trips/op': 1, 'vs PING': 1, lost: '' });
      await row('no-op EVALSHA', OPS, (i) => noop.run(counted.client, [`${prefix}noop:{${i % 64}}`], []));

      await row('payment create (authorized)', OPS, (i) => payments.create(samplePaymentRecord({ id: `p${i}` })));
      await row('payment commit (capture), distinct', OPS, (i) => payments.commit({ next: samplePaymentRecord({ id: `p${i}`, status: 'captured' }), expectedVersion: 1 }));
      await payments.create(samplePaymentRecord({ id: 'shared', ledger: [] }));
      const appends = Math.min(OPS, 200);
      await row('payment get + commit, one payment', appends, (i) => appendEntry(payments, 'shared', `e${i}`), async () => String(appends - ((await payments.get('shared'))?.ledger.length ?? 0)));

      const now = clock.now();
      await Promise.all(Array.from({ length: 200 }, (_, i) => checkouts.create(sampleCheckout(`c${i}`, now))));
      // Each checkout is updated in turn at its next version (200 apart, so writes rarely overlap).
      await row('checkout update (CAS), distinct', OPS, (i) => checkouts.update(sampleCheckout(`c${i % 200}`, now), 1 + Math.floor(i / 200)));

      const seq = new Set<number>();
      await row('order nextSequence', OPS, async () => seq.add(await orders.nextSequence()), () => Promise.resolve(`${OPS - seq.size} dup`));
      await row('order create', OPS, (i) => orders.create(sampleOrder(`o${i}`, now + i, { customerId: `cust${i % 100}` })));
      await row('order update (status move)', OPS, (i) => orders.update(sampleOrder(`o${i}`, now + i, { customerId: `cust${i % 100}`, status: 'paid' }), 1));
      await row('order listByCustomer (page of 10)', Math.min(OPS, 500), (i) => orders.listByCustomer(`cust${i % 100}`, { limit: 10 }));

      const entries = (i: number) => ['card:f', 'email:e', 'ip:i', 'customer:c'].map((k) => ({ key: `${k}${i % 50}`, member: `p${i}` }));
      await row('velocity record (4 keys)', OPS, (i) => velocity.record({ entries: entries(i), at: now, retainMs: 86_400_000 }));
      await row('velocity count (8 queries)', OPS, (i) => velocity.count([...entries(i), ...entries(i)].map((e, j) => ({ key: e.key, since: now - (j < 4 ? 3_600_000 : 86_400_000) }))));
    }
  } finally {
    for (const p of prefixes) await raw.scanDelete(`${p}*`);
    await raw.close();
  }
  table(rows);
}

console.log(`Redis at ${REDIS_URL}, ${OPS} operations per row (payments, checkouts, orders, velocity)`);
for (const kind of ['node-redis', 'ioredis'] as const) {
  console.log(`\n-- ${kind}`);
  await benchClient(kind);
}
