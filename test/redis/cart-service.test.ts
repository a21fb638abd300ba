// CartService on the Redis adapters: the behaviours that involve more than one store
// step (user link, merge on login, sweeping abandoned carts).
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { CartService, type CartEvents } from '../../src/cart/index.js';
import { CatalogService } from '../../src/catalog/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';
import { stockItem, type TestItem } from '../cart/fixtures.js';
import { redisSkipReason, redisTestSpace, type RawRedis } from './harness.js';

const skip = await redisSkipReason('cart service on Redis');
const item = (productId: string, quantity = 1): TestItem => ({ productId, sku: `${productId}-sku`, name: productId, quantity, unitPrice: { amount: '2.00', currency: 'EUR' } });

describe.skipIf(skip)(`CartService on Redis${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('cart-service');
  let raw: RawRedis | undefined;

  async function setup(wrap: (store: CartStore) => CartStore = (s) => s) {
    raw = await space.open('ioredis');
    const prefix = space.prefix();
    const clock = new ManualClock();
    const { carts, promotions, catalog: catalogStore } = redisAdapters({ client: raw.client, prefix, clock });
    const catalog = new CatalogService({ store: catalogStore, clock });
    const events: { event: keyof CartEvents; payload: unknown }[] = [];
    const service = new CartService({
      store: wrap(carts),
      promotions,
      catalog,
      clock,
      ids: new SequentialIds(),
      defaultCurrency: 'EUR',
      events: { emit: (event, payload) => events.push({ event, payload }) },
    });
    /** The item's product in the Redis catalogue at its price, then `{ sku, quantity }` added. */
    const add = async (cartId: string, it: TestItem) => {
      await stockItem(catalog, it);
      return service.addItem(cartId, { sku: it.sku, quantity: it.quantity });
    };
    return { service, carts, clock, events, prefix, add };
  }

  it("answers carts the caller may change without reaching the store's own copy ", async () => {
    const { service, add } = await setup();
    const { id } = await service.createCart({ sessionId: 's1' });
    const first = await add(id, { ...item('p1'), categories: ['mugs'] });
    first.lines[0]?.categories.push('changed');
    first.couponCodes.push('X');
    first.lines.push({ ...(first.lines[0] as (typeof first.lines)[number]), productId: 'ghost' });
    // One call after another, each answer changed before the next call.
    for (const call of [() => add(id, item('p2')), () => service.updateQuantity(id, 'p2', 'p2-sku', 3), () => service.removeItem(id, 'p2', 'p2-sku')]) {
      const next = await call();
      expect(next.lines[0]?.categories).toEqual(['mugs']);
      expect(next.couponCodes).toEqual([]);
      expect(next.lines.map((l) => l.productId)).not.toContain('ghost');
      next.lines[0]?.categories.push('changed again');
    }
    expect((await service.getCart(id))?.lines.map((l) => [l.productId, l.categories])).toEqual([['p1', ['mugs']]]);
  });

  it('getUserCart ignores a link to a cart that now belongs to someone else', async () => {
    const { service, prefix } = await setup();
    const mine = await service.createCart({ sessionId: 's1', userId: 'u1' });
    const theirs = await service.createCart({ sessionId: 's2', userId: 'u2' });
    expect((await service.getUserCart('u1'))?.id).toBe(mine.id);
    // What two racing link moves can leave behind: u1 -> a cart of u2.
    await (raw?.client as Redis).set(`${prefix}cart-user:{u1}`, theirs.id);
    expect(await service.getUserCart('u1')).toBeNull();
    expect((await service.getUserCart('u2'))?.id).toBe(theirs.id);
  });

  it('mergeCarts keeps a line added to the guest cart between the merge and the delete', async () => {
    let late: (() => Promise<void>) | undefined;
    const { service, add } = await setup((store) =>
      Object.assign(Object.create(store) as CartStore, {
        delete: async (op: Parameters<CartStore['delete']>[0]) => {
          const run = late;
          late = undefined;
          await run?.();
          return store.delete(op);
        },
      }),
    );
    const target = await service.createCart({ sessionId: 't', userId: 'u1' });
    const guest = await service.createCart({ sessionId: 'g' });
    await add(target.id, item('p1', 2));
    await add(guest.id, item('p1', 3));
    late = async () => void (await add(guest.id, item('p2', 1)));
    const merged = await service.mergeCarts(target.id, guest.id);
    expect(merged.lines.map((l) => [l.productId, l.quantity])).toEqual([['p1', 5], ['p2', 1]]);
    expect(await service.getCart(guest.id)).toBeNull();
    expect((await service.getUserCart('u1'))?.itemCount).toBe(6);
  });

  it('cleanupAbandonedCarts sweeps every shard through the index, reports each cart once and drops user links', async () => {
    const { service, clock, events, add } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await service.createCart({ sessionId: `s${i}`, ...(i % 4 === 0 ? { userId: `u${i}` } : {}) })).id);
    clock.advance({ hours: 23 });
    await add(ids[1] as string, item('p1')); // slides: not abandoned
    clock.advance({ hours: 2 });
    expect(await service.cleanupAbandonedCarts({ limit: 25 })).toBe(25);
    expect(await service.cleanupAbandonedCarts()).toBe(14);
    expect(await service.cleanupAbandonedCarts()).toBe(0);
    const abandoned = events.filter((e) => e.event === 'cart.abandoned').map((e) => (e.payload as { cartId: string }).cartId);
    expect(new Set(abandoned).size).toBe(39);
    expect(abandoned).not.toContain(ids[1]);
    expect(await service.getUserCart('u0')).toBeNull();
    expect((await service.getCart(ids[1] as string))?.itemCount).toBe(1);
  });
});
