// Differential property test: random sequences of CartStore steps give the same answers
// on Redis as on the in-memory reference adapter (results, carts, user links, expiry).
// Two Redis stores share the keys, like two app instances, so each one's copies of the
// carts go stale; bursts of concurrent line edits of one cart go out as batches.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import type { CartStore, StoredCart, StoredCartLine } from '../../src/ports/cart-store.js';
import { ManualClock } from '../../src/testing/index.js';
import { connect, redisSkipReason, testPrefix, type RawRedis } from './harness.js';

const skip = await redisSkipReason('cart store model');
const IDS = ['c0', 'c1'];
const USERS = ['u0', 'u1'];
const limits = { maxQuantity: 9, maxLines: 2 };

const id = fc.constantFrom(...IDS);
const user = fc.option(fc.constantFrom(...USERS), { nil: null });
const product = fc.constantFrom('p0', 'p1', 'p2');
// Quantities cluster around the limit (9), where off-by-one mistakes live.
const quantity = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.constantFrom(1, 8, 9, 10));
const lineEdit = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), product, quantity: quantity(6), usd: fc.constantFrom(false, false, false, true), categories: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }) }),
  fc.record({ kind: fc.constant('set' as const), product, quantity: quantity(11) }),
  fc.record({ kind: fc.constant('remove' as const), product }),
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), id, user, ttl: fc.integer({ min: 1, max: 120 }) }),
  { arbitrary: fc.record({ kind: fc.constant('add' as const), id, product, quantity: quantity(6), usd: fc.constantFrom(false, false, false, true), categories: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), id, product, quantity: quantity(11) }), weight: 3 },
  fc.record({ kind: fc.constant('remove' as const), id, product }),
  fc.record({ kind: fc.constant('cas' as const), id, user, coupons: fc.array(fc.constantFrom('A', 'B'), { maxLength: 2 }), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), id, versioned: fc.boolean(), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('take' as const), limit: fc.integer({ min: 1, max: 3 }) }),
  // Jumps to the exact expiry of a cart first: the boundary (expiresAt <= now is expired).
  fc.record({ kind: fc.constant('takeAtExpiry' as const), id, limit: fc.integer({ min: 1, max: 3 }) }),
  // Line edits of one cart issued together; the memory store applies them in issue order.
  { arbitrary: fc.record({ kind: fc.constant('burst' as const), id, edits: fc.array(lineEdit, { minLength: 2, maxLength: 8 }) }), weight: 3 },
  // Deleted and created again with the same id, version and createdAt but other content.
  fc.record({ kind: fc.constant('recreate' as const), id }),
  // Later steps go through the other Redis store (the memory store has no such thing).
  { arbitrary: fc.record({ kind: fc.constant('switch' as const) }), weight: 2 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
type LineEditOp = typeof lineEdit extends fc.Arbitrary<infer T> ? T : never;

function line(productId: string, quantity: number, currency: string, categories: string[]): StoredCartLine {
  return { productId, sku: 's', name: `n-${productId}`, quantity, unitPrice: '1.50', currency, taxClass: 'reduced', categories, weightGrams: 120 };
}

/**
 * Time runs in steps of 1000 ms and the step's index is added to every expiry it writes,
 * so no two carts ever expire at the same ms: ties may be taken in either order, which
 * would make the two adapters differ without either being wrong.
 */
const STEP = 1000;

/** Applies one op to a store and answers what a caller could observe. */
async function apply(store: CartStore, clock: ManualClock, o: Op, index: number): Promise<unknown> {
  const now = clock.now();
  const at = { now, expiresAt: now + 60 * STEP + index };
  const edit = (cartId: string, e: LineEditOp): Promise<unknown> => {
    if (e.kind === 'add') return store.addToLine({ cartId, line: line(e.product, e.quantity, e.usd ? 'USD' : 'EUR', e.categories), limits, ...at });
    if (e.kind === 'set') return store.setLineQuantity({ cartId, productId: e.product, sku: 's', quantity: e.quantity, limits, ...at });
    return store.removeLine({ cartId, productId: e.product, sku: 's', ...at });
  };
  switch (o.kind) {
    case 'create':
      return store.create({ id: o.id, userId: o.user, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + o.ttl * STEP + index });
    case 'add':
    case 'set':
    case 'remove':
      return edit(o.id, o);
    case 'burst':
      if (store instanceof MemoryCartStore) {
        const results: unknown[] = [];
        for (const e of o.edits) results.push(await edit(o.id, e));
        return results;
      }
      return Promise.all(o.edits.map((e) => edit(o.id, e)));
    case 'recreate': {
      const old = await store.get(o.id, now);
      if (!old) return null;
      await store.delete({ cartId: o.id });
      return store.create({ ...old, version: 1, lines: [line('p9', 3, 'EUR', [])] });
    }
    case 'switch':
      return null;
    case 'cas': {
      const current = await store.get(o.id, now);
      const base: StoredCart = current ?? { id: o.id, userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now };
      const next = { ...base, userId: o.user, couponCodes: o.coupons, lines: base.lines.slice(0, 2) };
      return store.compareAndSet({ cart: next, expectedVersion: base.version - (o.stale ? 1 : 0), ...at });
    }
    case 'delete': {
      const current = await store.get(o.id, now);
      const version = (current?.version ?? 1) + (o.stale ? 1 : 0);
      return store.delete(o.versioned ? { cartId: o.id, expectedVersion: version } : { cartId: o.id });
    }
    case 'advance':
      clock.advance(o.ms * STEP);
      return null;
    case 'take':
      return store.takeExpired({ now, limit: o.limit });
    case 'takeAtExpiry': {
      const target = await store.get(o.id, now);
      if (target) clock.set(target.expiresAt);
      return [await store.get(o.id, clock.now()), await store.takeExpired({ now: clock.now(), limit: o.limit })];
    }
  }
}

/** Everything observable afterwards: every cart and every user link. */
async function snapshot(store: CartStore, now: number): Promise<unknown> {
  return {
    carts: await Promise.all(IDS.map((i) => store.get(i, now))),
    links: await Promise.all(USERS.map((u) => store.getUserCartId(u))),
  };
}

describe.skipIf(skip)(`CartStore on Redis behaves like the memory adapter${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  let raw: RawRedis | undefined;
  afterAll(async () => raw?.close());

  it('property: same answers and same state after every step', async () => {
    raw = await connect('node-redis');
    const redis = raw;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const prefix = testPrefix('cart-model');
        const memoryClock = new ManualClock();
        const redisClock = new ManualClock();
        const memory = new MemoryCartStore();
        const instances = [redisAdapters({ client: redis.client, prefix, clock: redisClock }).carts, redisAdapters({ client: redis.client, prefix, clock: redisClock }).carts];
        let carts = instances[0] as CartStore;
        try {
          // Both carts exist at first, so most steps act on a live cart.
          const prelude: Op[] = [
            { kind: 'create', id: 'c0', user: 'u0', ttl: 100 },
            { kind: 'create', id: 'c1', user: null, ttl: 80 },
          ];
          for (const [index, o] of [...prelude, ...ops].entries()) {
            const expected = await apply(memory, memoryClock, o, index);
            if (o.kind === 'switch') carts = carts === instances[0] ? (instances[1] as CartStore) : (instances[0] as CartStore);
            const actual = await apply(carts, redisClock, o, index);
            expect(actual, JSON.stringify(o)).toEqual(expected);
            for (const clock of [memoryClock, redisClock]) clock.set((Math.floor(clock.now() / STEP) + 1) * STEP);
          }
          expect(await snapshot(carts, redisClock.now())).toEqual(await snapshot(memory, memoryClock.now()));
        } finally {
          await redis.scanDelete(`${prefix}*`);
        }
      }),
      { numRuns: 120 },
    );
  });
});
