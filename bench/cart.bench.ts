// npm run bench:cart: addItem, updateQuantity and getCart-with-totals (priceCart) on carts of
// 1, 10, 100 and 500 lines, in memory, next to a seed-style baseline measured in the same run
// (the cart as one JSON blob re-read and re-written whole, priced with decimal.js per line).
import { performance } from 'node:perf_hooks';
import { clearMoneyCache } from '../src/shared/money-cache.js';
import { CartService, MemoryCartStore, MemoryPromotionStore, Money, ShippingRateTable, TaxRateTable } from '../src/index.js';

const SIZES = [1, 10, 100, 500] as const;
const BUDGET_MS = 400;

interface Stats {
  opsPerSec: number;
  medianUs: number;
}

async function measure(op: (i: number) => unknown): Promise<Stats> {
  for (let i = 0; i < 50; i += 1) await op(i); // warm-up
  const samples: number[] = [];
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < BUDGET_MS || samples.length < 30) {
    const t0 = performance.now();
    await op(i);
    samples.push(performance.now() - t0);
    i += 1;
  }
  const total = samples.reduce((a, b) => a + b, 0);
  samples.sort((a, b) => a - b);
  return { opsPerSec: samples.length / (total / 1000), medianUs: (samples[samples.length >> 1] ?? 0) * 1000 };
}

async function ours(lines: number) {
  const promotions = new MemoryPromotionStore();
  const service = new CartService({
    store: new MemoryCartStore(),
    promotions,
    tax: new TaxRateTable({ rates: [{ country: 'DE', standard: '0.19', reduced: '0.07' }] }),
    shipping: new ShippingRateTable([
      { kind: 'free_over', id: 'std', name: 'Standard', price: { amount: '4.90', currency: 'EUR' }, threshold: { amount: '150.00', currency: 'EUR' } },
      { kind: 'flat', id: 'exp', name: 'Express', price: { amount: '9.90', currency: 'EUR' } },
    ]),
    taxIncluded: true,
    maxQuantityPerLine: 1_000_000_000,
    maxLines: 1000,
  });
  await service.savePromotion({ id: 'ten', code: 'TEN', kind: 'percentage', percent: '10' });
  const cart = await service.createCart({ sessionId: 'bench', currency: 'EUR' });
  for (let i = 0; i < lines; i += 1) {
    await service.addItem(cart.id, {
      productId: `p${i}`,
      sku: `s${i}`,
      name: `Product ${i}`,
      quantity: 1 + (i % 3),
      unitPrice: { amount: `${1 + (i % 97)}.${(i * 7) % 100}`.replace(/\.(\d)$/, '.0$1'), currency: 'EUR' },
      taxClass: i % 4 === 0 ? 'reduced' : 'standard',
    });
  }
  await service.applyCoupon(cart.id, 'TEN');
  const item = { productId: 'p0', sku: 's0', name: 'Product 0', quantity: 1, unitPrice: { amount: '1.00', currency: 'EUR' } };
  return {
    addItem: () => service.addItem(cart.id, item),
    updateQuantity: (i: number) => service.updateQuantity(cart.id, 'p0', 's0', 1 + (i % 5)),
    getCartWithTotals: () => service.priceCart(cart.id, { destination: { country: 'DE' } }),
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
console.log(`\n500-line reprice median: ${(reprice / 1000).toFixed(3)} ms (target < 1 ms): ${reprice < 1000 ? 'MET' : 'NOT MET'}`);
// Worst case: the interned Money values (see src/cart/money-cache.ts) emptied before every reprice.
const cold = await measure((await ours(500)).coldReprice);
console.log(`500-line reprice median with an empty Money cache: ${(cold.medianUs / 1000).toFixed(3)} ms`);
