// The cart rows of bench/redis.bench.ts: CartService on the Redis adapters, at one
// concurrency, over distinct carts and with every worker on one cart. Round trips are
// counted by wrapping the script client; lost updates are checked from the stored carts.
import { randomUUID } from 'node:crypto';
import { redisAdapters, toScriptClient, type RedisClientInput } from '../../src/adapters/redis/index.js';
import { CartService } from '../../src/cart/index.js';
import { measure, type Measurement } from './measure.js';
import { counting } from './counting-client.js';

type Row = (name: string, m: Measurement, trips: number | string, lost?: number | string) => void;

const item = (i: number) => ({ productId: `p${i % 16}`, sku: `s${i % 16}`, name: 'bench item', quantity: 1, unitPrice: { amount: '3.99', currency: 'EUR' } });

export async function cartRows(input: { client: RedisClientInput; prefix: string; concurrency: number; ops: number; row: Row }): Promise<void> {
  const { concurrency, ops, row } = input;
  const script = toScriptClient(input.client);
  const cartTrips = counting(script);
  const promoTrips = counting(script);
  const prefix = `${input.prefix}cart-${concurrency}-${randomUUID().slice(0, 4)}:`;
  const { carts } = redisAdapters({ client: cartTrips.client, prefix });
  const { promotions } = redisAdapters({ client: promoTrips.client, prefix });
  const service = new CartService({ store: carts, promotions, defaultCurrency: 'EUR' });
  const trips = async (op: () => Promise<Measurement>): Promise<{ m: Measurement; trips: string }> => {
    const [c0, p0] = [cartTrips.trips(), promoTrips.trips()];
    const m = await op();
    const cart = (cartTrips.trips() - c0) / ops;
    const promo = (promoTrips.trips() - p0) / ops;
    return { m, trips: promo === 0 ? String(cart) : `${cart} (+${promo} promo)` };
  };

  const distinct = await Promise.all(Array.from({ length: concurrency }, () => service.createCart({ sessionId: 'bench' })));
  const shared = await service.createCart({ sessionId: 'bench-shared' });
  const distinctId = (i: number): string => (distinct[i % concurrency] as { id: string }).id;
  const itemsIn = async (ids: string[]): Promise<{ items: number; versions: number }> => {
    const read = await Promise.all(ids.map((id) => service.getCart(id)));
    return { items: read.reduce((a, c) => a + (c?.itemCount ?? 0), 0), versions: read.reduce((a, c) => a + (c?.version ?? 0) - 1, 0) };
  };

  const addD = await trips(() => measure(ops, concurrency, (i) => service.addItem(distinctId(i), item(i))));
  row('addItem, distinct carts', addD.m, addD.trips, ops - (await itemsIn(distinct.map((c) => c.id))).items);
  const addS = await trips(() => measure(ops, concurrency, (i) => service.addItem(shared.id, item(i))));
  row('addItem, one cart', addS.m, addS.trips, ops - (await itemsIn([shared.id])).items);

  // A set is last-writer-wins by nature; "lost" counts writes whose version bump is missing.
  const distinctIds = distinct.map((c) => c.id);
  const versionsBefore = (await itemsIn(distinctIds)).versions;
  const setD = await trips(() => measure(ops, concurrency, (i) => service.updateQuantity(distinctId(i), `p${i % 16}`, `s${i % 16}`, 1 + (i % 5))));
  row('updateQuantity, distinct carts', setD.m, setD.trips, ops - ((await itemsIn(distinctIds)).versions - versionsBefore));
  const sharedBefore = (await itemsIn([shared.id])).versions;
  const setS = await trips(() => measure(ops, concurrency, (i) => service.updateQuantity(shared.id, `p${i % 16}`, `s${i % 16}`, 1 + (i % 5))));
  row('updateQuantity, one cart', setS.m, setS.trips, ops - ((await itemsIn([shared.id])).versions - sharedBefore));

  const getD = await trips(() => measure(ops, concurrency, (i) => service.getCart(distinctId(i))));
  row('getCart (16 lines), distinct carts', getD.m, getD.trips);
  const getS = await trips(() => measure(ops, concurrency, () => service.getCart(shared.id)));
  row('getCart (16 lines), one cart', getS.m, getS.trips);

  // Whole-cart edit: applyCoupon on fresh one-line carts (read + compare-and-set).
  await service.savePromotion({ id: 'bench10', code: 'BENCH10', kind: 'percentage', percent: '10', priority: 0, combinable: true });
  const fresh = await Promise.all(Array.from({ length: Math.min(ops, 2000) }, () => service.createCart({ sessionId: 'bench-coupon' })));
  await Promise.all(fresh.map((c, i) => service.addItem(c.id, item(i))));
  const couponOps = fresh.length;
  const [c0, p0] = [cartTrips.trips(), promoTrips.trips()];
  const apply = await measure(couponOps, concurrency, (i) => service.applyCoupon((fresh[i] as { id: string }).id, 'bench10'));
  const applyTrips = `${(cartTrips.trips() - c0) / couponOps} (+${(promoTrips.trips() - p0) / couponOps} promo)`;
  const applied = (await Promise.all(fresh.map((c) => service.getCart(c.id)))).filter((c) => c?.couponCodes.includes('BENCH10')).length;
  row('applyCoupon (whole-cart CAS), distinct carts', apply, applyTrips, couponOps - applied);
}
