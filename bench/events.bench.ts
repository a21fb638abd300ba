// npm run bench:events: durable domain events on Redis (ioredis, REDIS_URL) and on PostgreSQL
// (PG_URL; the outbox of src/adapters/postgres/event-log.ts), the same measures on each.
// 1. What recording costs completeOrder: two shops on the same Redis, one recording events
//    (the default) and one built with `recordEvents: false`, their checkouts alternating so a
//    stall of the machine hits both alike; median and p99 of completeOrder and the ratio
//    with/without. Then the order store's two steps alone, where the recording happens.
// 2. Delivery to one group at 1 and 4 consumers (relays in this process, each on its own
//    connection): events/s draining a backlog of recorded events, and the time from a
//    committed order write (its store step answered) to the start of its handler, p50/p99,
//    while orders are written at a steady pace.
import { Redis } from 'ioredis';
import pg from 'pg';
import { migrate, postgresAdapters } from '../src/adapters/postgres/index.js';
import { redisAdapters } from '../src/adapters/redis/index.js';
import { createCommerce, EventRelay, ShippingRateTable, TaxRateTable, type Commerce, type CommerceStores, type EventLog } from '../src/index.js';
import { sampleOrder, TestGateway, TEST_TOKENS } from '../src/testing/index.js';
import { PG_URL, testSchema } from '../test/postgres/harness.js';
import { REDIS_URL, testPrefix } from '../test/redis/harness.js';
import { table } from './lib/measure.js';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 200);
const BACKLOG = Number(process.env.BENCH_EVENTS ?? 3000);
const LIVE = Number(process.env.BENCH_LIVE ?? 600);
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;
const clients: Redis[] = [];
const prefixes: string[] = [];
const pools: pg.Pool[] = [];
const schemas: string[] = [];

/** The stores of one backend, with its event log: a fresh key prefix or schema per `name`. */
type Stores = CommerceStores & { eventLog: EventLog };
interface Backend {
  name: string;
  /** A fresh place named `name`; `connect` opens more stores on the same place (a consumer's own connection). */
  open: (name: string, recordEvents?: boolean) => Promise<{ stores: Stores; connect: () => Stores }>;
}

const redisBackend: Backend = {
  name: 'Redis',
  open: (name, recordEvents = true) => {
    const p = prefix(name);
    return Promise.resolve({ stores: redisAdapters({ client: client(), prefix: p, recordEvents }), connect: () => redisAdapters({ client: client(), prefix: p }) });
  },
};

function pool(max: number): pg.Pool {
  const opened = new pg.Pool({ connectionString: PG_URL, max });
  pools.push(opened);
  return opened;
}

const postgresBackend: Backend = {
  name: 'PostgreSQL',
  open: async (name, recordEvents = true) => {
    const schema = testSchema(`bench_events_${name.replace(/-/g, '_')}`);
    schemas.push(schema);
    const shared = pool(10);
    await migrate(shared, { schema });
    return { stores: postgresAdapters({ pool: shared, schema, recordEvents }), connect: () => postgresAdapters({ pool: pool(2), schema }) };
  },
};

function client(): Redis {
  const c = new Redis(REDIS_URL);
  clients.push(c);
  return c;
}

function prefix(name: string): string {
  const p = testPrefix(`bench-events-${name}`);
  prefixes.push(p);
  return p;
}

async function shop(backend: Backend, recordEvents: boolean): Promise<Commerce> {
  const s = createCommerce({
    adapters: (await backend.open(recordEvents ? 'with' : 'without', recordEvents)).stores,
    cart: { tax: new TaxRateTable({ rates: [{ country: 'US', standard: '0.08' }] }), shipping: new ShippingRateTable([{ kind: 'flat', id: 'std', name: 'Standard', price: { amount: '5.00', currency: 'USD' } }]) },
    payments: { gateways: [new TestGateway()], fraud: { velocity: false } },
  });
  await s.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await s.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 1_000_000, costPerUnit: { amount: '4.00', currency: 'USD' } });
  return s;
}

/** A checkout ready to complete; answers its id (not timed). */
async function ready(s: Commerce, n: number): Promise<string> {
  const cart = await s.cart.createCart({ sessionId: `bench-${n}`, currency: 'USD' });
  await s.cart.addItem(cart.id, { sku: 'MUG', quantity: 1 });
  const { id } = await s.checkout.startCheckout({ cartId: cart.id });
  await s.checkout.updateGuestInfo({ checkoutId: id, email: `b${n}@example.com` });
  await s.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
  await s.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  return id;
}

async function recordingCost(backend: Backend): Promise<void> {
  const [withEvents, without] = [await shop(backend, true), await shop(backend, false)];
  const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
  // One checkout of each shop per step, alternating which goes first, so a stall of the
  // machine (frequent on shared cores) falls on both alike.
  for (let n = 0; n < CHECKOUTS; n++) {
    const ids = { with: await ready(withEvents, n), without: await ready(without, n) };
    const order = n % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const name of order) {
      const start = process.hrtime.bigint();
      await (name === 'with' ? withEvents : without).checkout.completeOrder({ checkoutId: ids[name] });
      times[name].push(ms(start));
    }
  }
  const rows = (['without', 'with'] as const).map((name) => {
    const sorted = [...times[name]].sort((a, b) => a - b);
    return { backend: backend.name, completeOrder: name === 'with' ? 'recording events' : 'recordEvents: false', runs: sorted.length, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99) };
  });
  table(rows);
  const ratio = (rows[1]?.p50_ms ?? 0) / (rows[0]?.p50_ms ?? 1);
  console.log(`${backend.name}: recording / not recording (p50): ${ratio.toFixed(3)} (target < 1.10)\n`);
}

/**
 * The order store's steps alone, where recording happens: create with order.placed and
 * order.paid, then an update with order.fulfilled, against a store built with
 * `recordEvents: false` given the same events; interleaved rounds, p50 per order.
 */
async function orderWriteCost(backend: Backend): Promise<void> {
  const stores = { with: (await backend.open('writes-with')).stores, without: (await backend.open('writes-without', false)).stores };
  const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
  const ev = (id: string, type: string) => ({ type, aggregateId: id, time: 1, schemaVersion: 1, payload: { orderId: id, status: 'paid', total: { amount: '12.50', currency: 'USD' } } });
  for (let n = 0; n < CHECKOUTS * 5; n += 20) {
    for (const name of ['with', 'without'] as const) {
      for (let k = 0; k < 20; k++) {
        const id = `w-${n + k}`;
        const order = sampleOrder(id, 1);
        const start = process.hrtime.bigint();
        await stores[name].orders.create(order, { events: [ev(id, 'order.placed'), ev(id, 'order.paid')] });
        await stores[name].orders.update({ ...order, status: 'fulfilled' }, 1, { events: [ev(id, 'order.fulfilled')] });
        times[name].push(ms(start));
      }
    }
  }
  const rows = (['without', 'with'] as const).map((name) => {
    const sorted = [...times[name]].sort((a, b) => a - b);
    return { backend: backend.name, 'create + update': name === 'with' ? 'recording 3 events' : 'recordEvents: false', runs: sorted.length, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99) };
  });
  table(rows);
  console.log(`${backend.name}: recording / not recording (p50): ${((rows[1]?.p50_ms ?? 0) / (rows[0]?.p50_ms ?? 1)).toFixed(3)}\n`);
}

/** Writes `count` orders, each with one event, `lanes` at a time; `committed` gets each event id's commit time. */
async function writeOrders(adapters: Stores, tag: string, count: number, lanes: number, committed?: Map<string, bigint>, paceMs = 0): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) {
        const id = `${tag}-${next++}`;
        const event = { type: 'order.placed', aggregateId: id, time: 0, schemaVersion: 1, payload: { orderId: id } };
        await adapters.orders.create(sampleOrder(id, 1), { events: [event] });
        committed?.set(`${id}:1`, process.hrtime.bigint());
        if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
      }
    }),
  );
}

async function delivery(backend: Backend, consumers: number): Promise<Record<string, string | number>> {
  const { stores: adapters, connect } = await backend.open(`delivery-${consumers}`);
  const logs = () => [connect().eventLog];
  await adapters.eventLog.join('bench');
  await writeOrders(adapters, 'backlog', BACKLOG, 16);

  let handled = 0;
  const lags: number[] = [];
  const committed = new Map<string, bigint>();
  let live = false;
  const relays = Array.from(
    { length: consumers },
    (_, i) =>
      new EventRelay({
        logs: logs(),
        group: 'bench',
        consumer: `c${i}`,
        pollMs: 2,
        handlers: {
          '*': (event) => {
            if (live) {
              const at = committed.get(event.id);
              // The handler may start before the writer has seen its own write answered.
              lags.push(at === undefined ? 0 : Math.max(0, ms(at)));
            }
            handled += 1;
          },
        },
      }),
  );
  const start = process.hrtime.bigint();
  await Promise.all(relays.map((r) => r.start()));
  while (handled < BACKLOG) await new Promise((r) => setTimeout(r, 1));
  const drainMs = ms(start);

  live = true;
  handled = 0;
  await writeOrders(adapters, 'live', LIVE, 2, committed, 2);
  while (handled < LIVE) await new Promise((r) => setTimeout(r, 1));
  await Promise.all(relays.map((r) => r.stop()));
  lags.sort((a, b) => a - b);
  return { backend: backend.name, consumers, backlog: BACKLOG, 'events/s': Math.round(BACKLOG / (drainMs / 1000)), live: LIVE, commit_to_handler_p50_ms: pct(lags, 50), p99_ms: pct(lags, 99) };
}

const only = process.env.BENCH_BACKEND;
const backends = [redisBackend, postgresBackend].filter((b) => !only || b.name.toLowerCase() === only.toLowerCase());
try {
  console.log(`Redis at ${REDIS_URL}, ioredis; PostgreSQL at ${PG_URL}; ${CHECKOUTS} checkouts per shop, ${BACKLOG} backlog events, ${LIVE} live events\n`);
  for (const backend of backends) {
    await recordingCost(backend);
    await orderWriteCost(backend);
  }
  const rows = [];
  for (const backend of backends) for (const consumers of [1, 4]) rows.push(await delivery(backend, consumers));
  table(rows);
} finally {
  const dropper = pools[0];
  for (const schema of schemas) await dropper?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all(pools.map((p) => p.end()));
  const cleaner = clients[0] ?? new Redis(REDIS_URL);
  for (const p of prefixes) {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await cleaner.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 1000);
      if (keys.length > 0) await cleaner.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
  }
  for (const c of clients) c.disconnect();
  if (!clients.includes(cleaner)) cleaner.disconnect();
}
