// The cart rows of bench/redis.bench.ts: CartService on the Redis adapters, and the store's
// line step alone, over distinct carts and with every worker on one cart. Lost updates are
// checked from the stored carts after the last round.
import { randomUUID } from 'node:crypto';
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { CartService } from '../../src/cart/index.js';
import type { StoredCartLine } from '../../src/ports/cart-store.js';
import { counting } from './counting-client.js';
import type { BenchRow } from './interleave.js';

const PRODUCTS = 16;
const item = (i: number) => ({ productId: `p${i % PRODUCTS}`, sku: `s${i % PRODUCTS}`, name: 'bench item', quantity: 1, unitPrice: { amount: '3.99', currency: 'EUR' } });
const line = (i: number): StoredCartLine => ({ productId: `p${i % PRODUCTS}`, sku: `s${i % PRODUCTS}`, name: 'bench item', quantity: 1, unitPrice: '3.99', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0 });
const HOUR = 3_600_000;

export async function cartRows(input: { client: RedisScriptClient; prefix: string; concurrency: number; rounds: number; couponBatch: number }): Promise<BenchRow[]> {
  const { concurrency } = input;
  const cartTrips = counting(input.client);
  const promoTrips = counting(input.client);
  const prefix = `${input.prefix}cart-${randomUUID().slice(0, 4)}:`;
  const { carts } = redisAdapters({ client: cartTrips.client, prefix });
  const { promotions } = redisAdapters({ client: promoTrips.client, prefix });
  // Quantities grow with every round; the default limit (999 per line) would refuse them.
  // The store's line step under load: prices from the caller (bench:cart measures the catalogue lookup).
  const service = new CartService({ store: carts, promotions, defaultCurrency: 'EUR', maxQuantityPerLine: 1_000_000_000, pricing: 'caller' });
  const trips: BenchRow['trips'] = [['', cartTrips.trips], ['promo', promoTrips.trips]];

  // Every row edits carts of its own, so its lost-update count sees only its own writes.
  const cartsOf = async (count: number): Promise<string[]> => {
    const ids = (await Promise.all(Array.from({ length: count }, () => service.createCart({ sessionId: 'bench' })))).map((c) => c.id);
    await Promise.all(ids.map(async (id) => {
      for (let p = 0; p < PRODUCTS; p++) await service.addItem(id, item(p));
    }));
    return ids;
  };
  /** The row's carts, the cart of op i, and its lost-update check (writes issued vs writes found). */
  const target = async (count: number, found: (c: { itemCount: number; version: number }) => number) => {
    const ids = await cartsOf(count);
    const total = async () => (await Promise.all(ids.map((id) => service.getCart(id)))).reduce((sum, c) => sum + (c ? found(c) : 0), 0);
    const start = await total();
    let issued = 0;
    return {
      id: (i: number): string => ids[i % ids.length] as string,
      issued: () => void (issued += 1),
      check: async () => String(issued - ((await total()) - start)),
    };
  };
  // An add of one unit shows as one more item; a set is last-writer-wins by nature, so for
  // it "lost" counts writes whose version bump is missing.
  const units = (c: { itemCount: number }) => c.itemCount;
  const versions = (c: { version: number }) => c.version;
  const [addD, addS, stepD, stepS, setD, setS, read] = await Promise.all([
    target(concurrency, units), target(1, units), target(concurrency, units), target(1, units), target(concurrency, versions), target(1, versions), cartsOf(concurrency),
  ]);

  // Whole-cart edit: applyCoupon on fresh one-line carts (read + compare-and-set).
  await service.savePromotion({ id: 'bench10', code: 'BENCH10', kind: 'percentage', percent: '10', priority: 0, combinable: true });
  const fresh = await Promise.all(Array.from({ length: input.rounds * input.couponBatch }, () => service.createCart({ sessionId: 'bench-coupon' })));
  await Promise.all(fresh.map((c, i) => service.addItem(c.id, item(i))));
  const at = () => {
    const now = Date.now();
    return { now, expiresAt: now + HOUR };
  };
  const limits = { maxQuantity: 1_000_000_000, maxLines: 500 };

  const row = (name: string, t: typeof addD, op: (cartId: string, i: number) => Promise<unknown>): BenchRow => ({ name, trips, op: async (i) => (await op(t.id(i), i), t.issued()), check: t.check });
  return [
    row('addItem, distinct carts', addD, (id, i) => service.addItem(id, item(i))),
    row('addItem, one cart', addS, (id, i) => service.addItem(id, item(i))),
    row('store.addToLine (adapter step), distinct carts', stepD, (id, i) => carts.addToLine({ cartId: id, line: line(i), limits, ...at() })),
    row('store.addToLine (adapter step), one cart', stepS, (id, i) => carts.addToLine({ cartId: id, line: line(i), limits, ...at() })),
    row('updateQuantity, distinct carts', setD, (id, i) => service.updateQuantity(id, `p${i % PRODUCTS}`, `s${i % PRODUCTS}`, 1 + (i % 5))),
    row('updateQuantity, one cart', setS, (id, i) => service.updateQuantity(id, `p${i % PRODUCTS}`, `s${i % PRODUCTS}`, 1 + (i % 5))),
    { name: `getCart (${PRODUCTS} lines), distinct carts`, trips, op: (i) => service.getCart(read[i % read.length] as string) },
    { name: `getCart (${PRODUCTS} lines), one cart`, trips, op: () => service.getCart(read[0] as string) },
    {
      name: 'applyCoupon (whole-cart CAS), distinct carts',
      trips,
      batch: input.couponBatch,
      op: (i) => service.applyCoupon((fresh[i] as { id: string }).id, 'bench10'),
      check: async () => String((await Promise.all(fresh.map((c) => service.getCart(c.id)))).filter((c) => !c?.couponCodes.includes('BENCH10')).length),
    },
  ];
}
