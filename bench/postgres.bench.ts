// `npm run bench:postgres`: the PostgreSQL adapters at concurrency 1 and 50 on one pool, next
// to a raw single-statement `UPDATE ... RETURNING` on the same pool in the same run (the
// limit: one round trip that locks and writes one row), as ratios; then whole checkouts on
// PostgreSQL alone and on the mixed set (carts, checkouts, velocity, idempotency on Redis),
// with completeOrder p50/p99 and the SQL statements (each one round trip) per checkout.
// Finally the invariants: reservations racing for limited stock never oversell, and stock
// equals the replay of its movement ledger. PG_URL / REDIS_URL override the addresses.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, postgresAdapters } from '../src/adapters/postgres/index.js';
import { redisAdapters } from '../src/adapters/redis/index.js';
import { createCommerce, InventoryService, isCommerceError, type CommerceStores } from '../src/index.js';
import { inventoryItemFixture, sampleOrder, TEST_TOKENS, TestGateway } from '../src/testing/index.js';
import { US_ADDRESS } from '../test/checkout/fixtures.js';
import { countingPool } from '../test/postgres/counting-pool.js';
import { connect } from '../test/redis/harness.js';
import { measure, table } from './lib/measure.js';

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OPS = Number(process.env.BENCH_OPS ?? 3000);
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 200);
const schema = `ck_bench_${randomUUID().slice(0, 8)}`;

const pool = new pg.Pool({ connectionString: PG_URL, max: 20 });
pool.on('error', () => undefined);
const counted = countingPool(pool);
const q = (text: string, values?: unknown[]) => pool.query<Record<string, unknown>>(text, values);

async function main(): Promise<void> {
  await migrate(pool, { schema });
  const adapters = postgresAdapters({ pool: counted, schema });
  await q(`CREATE TABLE "${schema}".bench_raw (id int PRIMARY KEY, n bigint NOT NULL)`);
  await q(`INSERT INTO "${schema}".bench_raw SELECT g, 1000000000000 FROM generate_series(0, 49) g`);
  const inventory = new InventoryService({ store: adapters.inventory });
  for (let i = 0; i < 50; i++) await adapters.inventory.addItem({ item: inventoryItemFixture(`SKU-${i}`, { onHand: 1_000_000_000_000 }), reason: 'bench', now: 0 });
  // Warm the pool's connections and the plans.
  await measure(500, 20, (i) => q(`UPDATE "${schema}".bench_raw SET n = n - 1 WHERE id = $1 AND n > 0 RETURNING n`, [i % 50]));
  await measure(500, 20, (i) => inventory.reserveItems([{ sku: `SKU-${i % 50}`, quantity: 1 }]));

  console.log(`PostgreSQL adapters, ${OPS} operations per row, pool of 20 (${new Date().toISOString().slice(0, 10)})`);
  const rows: Record<string, string | number>[] = [];
  for (const concurrency of [1, 50]) {
    for (const spread of [1, 50]) {
      const raw = await measure(OPS, concurrency, (i) => q(`UPDATE "${schema}".bench_raw SET n = n - 1 WHERE id = $1 AND n > 0 RETURNING n`, [i % spread]));
      counted.statements = 0;
      const reserve = await measure(OPS, concurrency, (i) => inventory.reserveItems([{ sku: `SKU-${i % spread}`, quantity: 1 }]));
      const perReserve = counted.statements / OPS;
      rows.push({ step: 'reserve 1 unit', rows: spread, concurrency, 'raw UPDATE/s': Math.round(raw.opsPerSec), 'step/s': Math.round(reserve.opsPerSec), ratio: reserve.opsPerSec / raw.opsPerSec, p50ms: reserve.p50Ms, p99ms: reserve.p99Ms, statements: perReserve });
    }
    const raw = await measure(OPS, concurrency, (i) => q(`UPDATE "${schema}".bench_raw SET n = n - 1 WHERE id = $1 AND n > 0 RETURNING n`, [i % 50]));
    counted.statements = 0;
    const run = randomUUID().slice(0, 6);
    const place = await measure(OPS, concurrency, (i) => adapters.orders.create(sampleOrder(`o-${run}-${i}`, i, { number: `N-${run}-${i}`, customerId: `c${i % 100}` })));
    rows.push({ step: 'order create', rows: OPS, concurrency, 'raw UPDATE/s': Math.round(raw.opsPerSec), 'step/s': Math.round(place.opsPerSec), ratio: place.opsPerSec / raw.opsPerSec, p50ms: place.p50Ms, p99ms: place.p99Ms, statements: counted.statements / OPS });
  }
  table(rows);

  console.log(`\nWhole checkouts (cart, 2 lines, start, guest, shipping, payment, completeOrder), ${CHECKOUTS} at concurrency 10`);
  const checkoutRows: Record<string, string | number>[] = [];
  const redis = await connect('ioredis').catch(() => undefined);
  const prefix = `ck-bench:${randomUUID().slice(0, 8)}:`;
  try {
    const sets: [string, CommerceStores][] = [['postgres', adapters]];
    if (redis) {
      const hot = redisAdapters({ client: redis.client, prefix });
      sets.push(['mixed (Redis hot state)', { ...adapters, carts: hot.carts, checkouts: hot.checkouts, velocity: hot.velocity, idempotency: hot.idempotency }]);
    } else {
      console.log('  (no Redis answers: the mixed set is left out)');
    }
    for (const [name, stores] of sets) checkoutRows.push(await checkouts(name, stores));
  } finally {
    await redis?.scanDelete(`${prefix}*`);
    await redis?.close();
  }
  table(checkoutRows);

  console.log('\nInvariants');
  await adapters.inventory.addItem({ item: inventoryItemFixture('SCARCE', { onHand: 500 }), reason: 'bench', now: 0 });
  let granted = 0;
  let refused = 0;
  await measure(2000, 50, async () => {
    try {
      await inventory.reserveItems([{ sku: 'SCARCE', quantity: 1 }]);
      granted += 1;
    } catch (error) {
      if (!isCommerceError(error, 'INSUFFICIENT_INVENTORY')) throw error;
      refused += 1;
    }
  });
  const ledger = await q(
    `SELECT count(*) AS skus FROM "${schema}".inventory_items i
      WHERE i.on_hand <> (SELECT coalesce(sum(on_hand_delta), 0) FROM "${schema}".stock_movements m WHERE m.sku = i.sku)
         OR i.reserved <> (SELECT coalesce(sum(reserved_delta), 0) FROM "${schema}".stock_movements m WHERE m.sku = i.sku)`,
  );
  console.log(`  2,000 reservations at concurrency 50 for 500 units: ${granted} granted, ${refused} refused, oversold ${Math.max(0, granted - 500)}`);
  console.log(`  SKUs whose stock differs from its ledger's replay (lost updates): ${String(ledger.rows[0]?.skus)}`);
}

/** Times whole checkouts on one set of stores; completeOrder latency and statements counted apart. */
async function checkouts(name: string, stores: CommerceStores): Promise<Record<string, string | number>> {
  const shop = createCommerce({ adapters: stores, payments: { gateways: [new TestGateway()], fraud: { velocity: false } } });
  const run = randomUUID().slice(0, 6);
  await shop.catalog.saveProduct({ id: `mug-${run}`, name: 'Mug', variants: [{ sku: `MUG-${run}`, prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await shop.catalog.saveProduct({ id: `cup-${run}`, name: 'Cup', variants: [{ sku: `CUP-${run}`, prices: [{ currency: 'USD', amount: '4.00' }] }] });
  for (const sku of [`MUG-${run}`, `CUP-${run}`]) await shop.inventory.addInventoryItem({ sku, productName: sku, onHand: 1_000_000, costPerUnit: { amount: '1.00', currency: 'USD' } });
  const completeMs: number[] = [];
  let completeStatements = 0;
  const before = counted.statements;
  const whole = await measure(CHECKOUTS, 10, async (i) => {
    const cart = await shop.cart.createCart({ sessionId: `s${i}`, currency: 'USD' });
    await shop.cart.addItem(cart.id, { sku: `MUG-${run}`, quantity: 1 });
    await shop.cart.addItem(cart.id, { sku: `CUP-${run}`, quantity: 2 });
    const started = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: `g${i}@example.com` });
    await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
    const start = process.hrtime.bigint();
    await shop.checkout.completeOrder({ checkoutId: started.id });
    completeMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  });
  const totalStatements = counted.statements - before;
  // Statements of one completeOrder alone, nothing else running.
  for (let i = 0; i < 3; i++) {
    const cart = await shop.cart.createCart({ sessionId: `solo${i}`, currency: 'USD' });
    await shop.cart.addItem(cart.id, { sku: `MUG-${run}`, quantity: 1 });
    await shop.cart.addItem(cart.id, { sku: `CUP-${run}`, quantity: 2 });
    const started = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: `solo${i}@example.com` });
    await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
    const statementsBefore = counted.statements;
    await shop.checkout.completeOrder({ checkoutId: started.id });
    completeStatements = counted.statements - statementsBefore;
  }
  completeMs.sort((a, b) => a - b);
  const at = (p: number) => completeMs[Math.min(completeMs.length - 1, Math.floor((p / 100) * completeMs.length))] ?? 0;
  return {
    stores: name,
    'checkouts/s': Math.round(whole.opsPerSec * 10) / 10,
    'completeOrder p50 ms': at(50),
    'p99 ms': at(99),
    'SQL per checkout': Math.round(totalStatements / CHECKOUTS),
    'SQL per completeOrder': completeStatements,
  };
}

try {
  await main();
} finally {
  await q(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
