// npm run bench:cart. Two parts:
// 1. addItem, updateQuantity and getCart-with-totals (priceCart, which re-prices every line
//    from the catalogue) on carts of 1, 10, 100 and 500 lines, in memory, next to a
//    seed-style baseline measured in the same run (the cart as one JSON blob re-read and
//    re-written whole, priced with decimal.js per line, prices trusted from the caller).
// 2. addItem with the catalogue lookup beside the caller-priced addItem, in memory and on
//    Redis, as a ratio, with the Redis round trips per edit: warm (the catalogue's
//    per-process cache answers) and cold (no cache: every edit reads the catalogue).
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { toScriptClient } from '../src/adapters/redis/client.js';
import { redisAdapters } from '../src/adapters/redis/index.js';
import { clearMoneyCache } from '../src/shared/money-cache.js';
import { CartService, CatalogService, MemoryCartStore, MemoryCatalogStore, MemoryPromotionStore, Money, ShippingRateTable, TaxRateTable, type CartStore, type CatalogStore, type PromotionStore } from '../src/index.js';
import { counting } from './lib/counting-client.js';

const SIZES = [1, 10, 100, 500] as const;
const BUDGET_MS = 400;

interface Stats {
  opsPerSec: number;
  medianUs: number;
  calls: number;
}

async function measure(op: (i: number) => unknown, budgetMs = BUDGET_MS): Promise<Stats> {
  for (let i = 0; i < 50; i += 1) await op(i); // warm-up
  const samples: number[] = [];
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < budgetMs || samples.length < 30) {
    const t0 = performance.now();
    await op(i);
    samples.push(performance.now() - t0);
    i += 1;
  }
  const total = samples.reduce((a, b) => a + b, 0);
  samples.sort((a, b) => a - b);
  return { opsPerSec: samples.length / (total / 1000), medianUs: (samples[samples.length >> 1] ?? 0) * 1000, calls: samples.length + 50 };
}

const priceOf = (i: number): string => `${1 + (i % 97)}.${String((i * 7) % 100).padStart(2, '0')}`;

/** A catalogue of `count` products p<i> (SKU s<i>) priced in EUR. */
async function catalogue(store: CatalogStore, count: number, allRules = false): Promise<CatalogService> {
  const catalog = new CatalogService({ store });
  for (let i = 0; i < count; i += 1) {
    // Every rule in play: every other price says it includes tax, the other that it does not,
    // and every fifth product is in a category the promotions target.
    const price = allRules ? { currency: 'EUR', amount: priceOf(i), taxIncluded: i % 2 === 0 } : { currency: 'EUR', amount: priceOf(i) };
    const category = allRules && i % 5 === 0 ? { category: 'kit' } : {};
    await catalog.saveProduct({ id: `p${i}`, name: `Product ${i}`, taxClass: i % 4 === 0 ? 'reduced' : 'standard', ...category, variants: [{ sku: `s${i}`, prices: [price] }] });
  }
  return catalog;
}

/** Our cart of `lines` lines; `pricing: 'caller'` keeps the prices the lines were added at. */
async function ours(lines: number, pricing: 'catalog' | 'caller' = 'catalog', allRules = false) {
  const catalog = await catalogue(new MemoryCatalogStore(), lines, allRules);
  const promotions = new MemoryPromotionStore();
  const service = new CartService({
    store: new MemoryCartStore(),
    promotions,
    ...(pricing === 'catalog' ? { catalog } : { pricing }),
    tax: new TaxRateTable({ rates: [{ country: 'DE', standard: '0.19', reduced: '0.07', ...(allRules ? { shipping: 'proportional' as const } : {}) }] }),
    shipping: new ShippingRateTable([
      { kind: 'free_over', id: 'std', name: 'Standard', price: { amount: '4.90', currency: 'EUR' }, threshold: { amount: '150.00', currency: 'EUR' } },
      { kind: 'flat', id: 'exp', name: 'Express', price: { amount: '9.90', currency: 'EUR' } },
    ]),
    taxIncluded: true,
    maxQuantityPerLine: 1_000_000_000,
    maxLines: 1000,
  });
  await service.savePromotion({ id: 'ten', code: 'TEN', kind: 'percentage', percent: '10' });
  if (allRules) {
    // With the coupon, five stacked promotions: they consume units, spread amounts over targets, take off shipping.
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    await service.savePromotion({ id: 'b3g1', kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1, getTarget: { categories: ['kit'] }, maxQuantity: 1, priority: 5 });
    await service.savePromotion({ id: 'half', kind: 'percentage', percent: '50', maxQuantity: 1, target: { categories: ['kit'] }, priority: 4 });
    await service.savePromotion({ id: 'line', kind: 'fixed_line', amount: eur('0.50'), target: { categories: ['kit'] }, priority: 3 });
    await service.savePromotion({ id: 'kitoff', kind: 'fixed_order', amount: eur('20.00'), target: { categories: ['kit'] }, priority: 2, minSubtotal: eur('50.00'), minSubtotalBasis: 'after_discounts' });
    await service.savePromotion({ id: 'ship', kind: 'shipping_amount', amount: eur('2.00'), priority: 1 });
  }
  const cart = await service.createCart({ sessionId: 'bench', currency: 'EUR' });
  for (let i = 0; i < lines; i += 1) {
    const quantity = 1 + (i % 3);
    await service.addItem(cart.id, pricing === 'catalog' ? { sku: `s${i}`, quantity } : { productId: `p${i}`, sku: `s${i}`, name: `Product ${i}`, quantity, unitPrice: { amount: priceOf(i), currency: 'EUR' }, taxClass: i % 4 === 0 ? 'reduced' : 'standard' });
  }
  await service.applyCoupon(cart.id, 'TEN');
  return {
    addItem: () => service.addItem(cart.id, { sku: 's0', quantity: 1 }),
    updateQuantity: (i: number) => service.updateQuantity(cart.id, 'p0', 's0', 1 + (i % 5)),
    // Every rule: express shipping, which no threshold makes free, so it carries tax and a promotion.
    getCartWithTotals: () => service.priceCart(cart.id, { destination: { country: 'DE' }, ...(allRules ? { shippingOptionId: 'exp' } : {}) }),
    coldReprice: async () => {
      clearMoneyCache();
      return service.priceCart(cart.id, { destination: { country: 'DE' } });
    },
  };
}

/** The seed's approach: one JSON document per cart, read and written whole, priced per line with decimal.js. */
function seedStyle(lines: number) {
  const db = new Map<string, string>();
  const items = Array.from({ length: lines }, (_, i) => ({ product_id: `p${i}`, sku: `s${i}`, quantity: 1 + (i % 3), unit_price: `${1 + (i % 97)}.50` }));
  db.set('cart', JSON.stringify({ cart_id: 'cart', items }));
  type SeedCart = { items: { product_id: string; sku: string; quantity: number; unit_price: string }[] };
  const load = (): SeedCart => JSON.parse(db.get('cart') as string) as SeedCart;
  return {
    addItem: () => {
      const cart = load();
      const existing = cart.items.find((it) => it.product_id === 'p0' && it.sku === 's0');
      if (existing) existing.quantity += 1;
      db.set('cart', JSON.stringify(cart));
    },
    updateQuantity: (i: number) => {
      const cart = load();
      const existing = cart.items.find((it) => it.product_id === 'p0' && it.sku === 's0');
      if (existing) existing.quantity = 1 + (i % 5);
      db.set('cart', JSON.stringify(cart));
    },
    getCartWithTotals: () => {
      const cart = load();
      let subtotal = Money.zero('EUR');
      let discount = Money.zero('EUR');
      let tax = Money.zero('EUR');
      for (const it of cart.items) {
        const line = Money.of(it.unit_price, 'EUR').multiply(it.quantity);
        const off = line.multiply('0.10').round();
        subtotal = subtotal.add(line);
        discount = discount.add(off);
        tax = tax.add(line.subtract(off).multiply('0.19').round());
      }
      return subtotal.subtract(discount).add(tax);
    },
  };
}

const pad = (s: string, n: number) => s.padStart(n);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('cart benchmark (memory store; ops/s = 1 / mean time; median per op in µs)');
console.log(`${'operation'.padEnd(20)}${pad('lines', 6)}${pad('ops/s', 12)}${pad('median µs', 12)}${pad('seed ops/s', 13)}${pad('seed µs', 10)}${pad('ours/seed', 11)}`);
const results = new Map<string, Map<number, Stats>>();
for (const size of SIZES) {
  const ourOps = await ours(size);
  const seedOps = seedStyle(size);
  for (const name of ['addItem', 'updateQuantity', 'getCartWithTotals'] as const) {
    const stats = await measure(ourOps[name]);
    const seed = await measure(seedOps[name]);
    if (!results.has(name)) results.set(name, new Map());
    results.get(name)?.set(size, stats);
    console.log(
      `${name.padEnd(20)}${pad(String(size), 6)}${pad(fmt(stats.opsPerSec), 12)}${pad(stats.medianUs.toFixed(1), 12)}${pad(fmt(seed.opsPerSec), 13)}${pad(seed.medianUs.toFixed(1), 10)}${pad((stats.opsPerSec / seed.opsPerSec).toFixed(2) + 'x', 11)}`,
    );
  }
}
console.log('\ncost ratio 500 lines : 1 line (median time; linear growth would be <= 500)');
for (const [name, bySize] of results) {
  const one = bySize.get(1)?.medianUs ?? NaN;
  const five = bySize.get(500)?.medianUs ?? NaN;
  console.log(`  ${name.padEnd(20)} ${(five / one).toFixed(1)}`);
}
const reprice = results.get('getCartWithTotals')?.get(500)?.medianUs ?? NaN;
console.log(`\n500-line reprice from the catalogue, median: ${(reprice / 1000).toFixed(3)} ms (target < 1 ms): ${reprice < 1000 ? 'MET' : 'NOT MET'}`);
// The same cart priced at the prices its lines were added at (pricing: 'caller'): what
// re-pricing every line from the catalogue costs on top.
const stored = await measure((await ours(500, 'caller')).getCartWithTotals);
console.log(`500-line reprice at the stored prices (pricing: 'caller'), median: ${(stored.medianUs / 1000).toFixed(3)} ms; from the catalogue : stored = ${(reprice / stored.medianUs).toFixed(2)}`);
// Every pricing rule at once: tax on shipping (split over the goods' rates), prices with and
// without tax in one cart, and five stacked promotions beside the coupon. Same run, same cart size.
const everyRule = await ours(500, 'catalog', true);
const ruled = await everyRule.getCartWithTotals();
if (ruled.appliedPromotions.length !== 6 || ruled.shipping?.tax.isZero() !== false) throw new Error(`bench: not every rule is in play: ${JSON.stringify(ruled.appliedPromotions.map((p) => [p.id, p.amount.amount]))} shipping ${JSON.stringify(ruled.shipping)}`);
const full = await measure(everyRule.getCartWithTotals);
console.log(
  `500-line reprice with every rule in play (shipping tax, mixed tax-inclusive prices, coupon + five stacked promotions), median: ${(full.medianUs / 1000).toFixed(3)} ms (target < 1 ms): ${full.medianUs < 1000 ? 'MET' : 'NOT MET'}; beside the plain reprice: ${(full.medianUs / reprice).toFixed(2)}x`,
);
// Worst case: the interned Money values (see src/shared/money-cache.ts) emptied before every reprice.
const cold = await measure((await ours(500)).coldReprice);
console.log(`500-line reprice median with an empty Money cache: ${(cold.medianUs / 1000).toFixed(3)} ms`);

// Part 2: the catalogue lookup on the hot path.

const LINES = 10;
const ROUNDS = 5;

interface Backend {
  name: string;
  carts: CartStore;
  promotions: PromotionStore;
  catalog: CatalogStore;
  /** Script calls so far (Redis round trips), or undefined in memory. */
  trips?: () => number;
}

/** addItem on a cart of LINES lines: priced from the catalogue (`cache` its TTL) or by the caller. */
async function addItemOn(backend: Backend, mode: 'catalog' | 'caller', cache?: { ttlMs: number }) {
  const catalog = new CatalogService({ store: backend.catalog, ...(cache ? { cache } : {}) });
  const options = { store: backend.carts, promotions: backend.promotions, maxQuantityPerLine: 1_000_000_000 };
  const service = mode === 'catalog' ? new CartService({ ...options, catalog }) : new CartService({ ...options, pricing: 'caller' });
  const cart = await service.createCart({ sessionId: 'bench', currency: 'EUR' });
  const item = (i: number) => ({ productId: `p${i}`, sku: `s${i}`, name: `Product ${i}`, quantity: 1, unitPrice: { amount: priceOf(i), currency: 'EUR' } });
  for (let i = 0; i < LINES; i += 1) await service.addItem(cart.id, mode === 'catalog' ? { sku: `s${i}`, quantity: 1 } : item(i));
  return (i: number) => service.addItem(cart.id, mode === 'catalog' ? { sku: `s${i % LINES}`, quantity: 1 } : item(i % LINES));
}

/** Medians over ROUNDS alternating rounds of each op (a stall of the shared cores hits both alike). */
async function compare(backend: Backend, ops: Record<string, (i: number) => Promise<unknown>>): Promise<Record<string, { us: number; trips: number }>> {
  const rounds: Record<string, { us: number; trips: number }[]> = {};
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [name, op] of Object.entries(ops)) {
      const before = backend.trips?.() ?? 0;
      const stats = await measure(op, 150);
      (rounds[name] ??= []).push({ us: stats.medianUs, trips: ((backend.trips?.() ?? 0) - before) / stats.calls });
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
  return Object.fromEntries(Object.entries(rounds).map(([name, rs]) => [name, { us: median(rs.map((x) => x.us)), trips: median(rs.map((x) => x.trips)) }]));
}

async function hotPath(backend: Backend): Promise<void> {
  await catalogue(backend.catalog, LINES);
  const result = await compare(backend, {
    catalogue: await addItemOn(backend, 'catalog'),
    caller: await addItemOn(backend, 'caller'),
    'catalogue, no cache': await addItemOn(backend, 'catalog', { ttlMs: 0 }),
  });
  const base = result.caller?.us ?? NaN;
  for (const [name, r] of Object.entries(result)) {
    const trips = backend.trips ? pad(r.trips.toFixed(2), 12) : pad('-', 12);
    console.log(`${backend.name.padEnd(8)}${name.padEnd(22)}${pad(r.us.toFixed(1), 12)}${pad((r.us / base).toFixed(2) + 'x', 10)}${trips}`);
  }
}

console.log(`\naddItem on a ${LINES}-line cart: catalogue lookup vs caller-priced (median µs of ${ROUNDS} alternating rounds; ratio to caller-priced; Redis script calls per edit)`);
console.log(`${'store'.padEnd(8)}${'addItem priced by'.padEnd(22)}${pad('median µs', 12)}${pad('ratio', 10)}${pad('trips/edit', 12)}`);
await hotPath({ name: 'memory', carts: new MemoryCartStore(), promotions: new MemoryPromotionStore(), catalog: new MemoryCatalogStore() });

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
client.on('error', () => undefined);
const reachable = await client.connect().then(() => true, () => false);
if (!reachable) {
  console.log(`redis   (skipped: no Redis at ${url}; set REDIS_URL)`);
} else {
  const prefix = `bench-cart:${randomUUID().slice(0, 8)}:`;
  const trips = counting(toScriptClient(client));
  const adapters = redisAdapters({ client: trips.client, prefix });
  try {
    await hotPath({ name: 'redis', carts: adapters.carts, promotions: adapters.promotions, catalog: adapters.catalog, trips: trips.trips });
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    client.disconnect();
  }
}
