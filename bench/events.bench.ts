// npm run bench:events: durable domain events on Redis (ioredis, REDIS_URL).
// 1. What recording costs completeOrder: two shops on the same Redis, one recording events
//    (the default) and one built with `recordEvents: false`, their checkouts alternating so a
//    stall of the machine hits both alike; median and p99 of completeOrder and the ratio
//    with/without. Then the order store's two steps alone, where the recording happens.
// 2. Delivery to one group at 1 and 4 consumers (relays in this process, each on its own
//    connection): events/s draining a backlog of recorded events, and the time from a
//    committed order write (its store step answered) to the start of its handler, p50/p99,
//    while orders are written at a steady pace.
import { Redis } from 'ioredis';
import { redisAdapters, type RedisAdapters } from '../src/adapters/redis/index.js';
import { createCommerce, EventRelay, ShippingRateTable, TaxRateTable, type Commerce } from '../src/index.js';
import { sampleOrder, TestGateway, TEST_TOKENS } from '../src/testing/index.js';
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

async function shop(recordEvents: boolean): Promise<Commerce> {
  const s = createCommerce({
    adapters: redisAdapters({ client: client(), prefix: prefix(recordEvents ? 'with' : 'without'), recordEvents }),
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

async function recordingCost(): Promise<void> {
  const [withEvents, without] = [await shop(true), await shop(false)];
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
    return { completeOrder: name === 'with' ? 'recording events' : 'recordEvents: false', runs: sorted.length, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99) };
  });
  table(rows);
  const ratio = (rows[1]?.p50_ms ?? 0) / (rows[0]?.p50_ms ?? 1);
  console.log(`recording / not recording (p50): ${ratio.toFixed(3)} (target < 1.10)\n`);
}

/**
 * The order store's steps alone, where recording happens: create with order.placed and
 * order.paid, then an update with order.fulfilled, against a store built with
 * `recordEvents: false` given the same events; interleaved rounds, p50 per order.
 */
async function orderWriteCost(): Promise<void> {
  const stores = { with: redisAdapters({ client: client(), prefix: prefix('writes-with') }), without: redisAdapters({ client: client(), prefix: prefix('writes-without'), recordEvents: false }) };
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
    return { 'create + update': name === 'with' ? 'recording 3 events' : 'recordEvents: false', runs: sorted.length, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99) };
  });
  table(rows);
  console.log(`recording / not recording (p50): ${((rows[1]?.p50_ms ?? 0) / (rows[0]?.p50_ms ?? 1)).toFixed(3)}\n`);
}

/** Writes `count` orders, each with one event, `lanes` at a time; `committed` gets each event id's commit time. */
async function writeOrders(adapters: RedisAdapters, tag: string, count: number, lanes: number, committed?: Map<string, bigint>, paceMs = 0): Promise<void> {
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

async function delivery(consumers: number): Promise<Record<string, string | number>> {
  const p = prefix(`delivery-${consumers}`);
  const adapters = redisAdapters({ client: client(), prefix: p });
  const logs = () => [redisAdapters({ client: client(), prefix: p }).eventLog];
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
  return { consumers, backlog: BACKLOG, 'events/s': Math.round(BACKLOG / (drainMs / 1000)), live: LIVE, commit_to_handler_p50_ms: pct(lags, 50), p99_ms: pct(lags, 99) };
}

try {
  console.log(`Redis at ${REDIS_URL}, ioredis; ${CHECKOUTS} checkouts per shop, ${BACKLOG} backlog events, ${LIVE} live events\n`);
  await recordingCost();
  await orderWriteCost();
  const rows = [];
  for (const consumers of [1, 4]) rows.push(await delivery(consumers));
  table(rows);
} finally {
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
