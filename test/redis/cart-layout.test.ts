// What the conformance suite cannot see: the key layout (hash tags, shards), the Redis
// TTL, index entries whose cart Redis already collected, and the cjson pitfalls (empty
// arrays, big numbers, odd strings) on the way out of Lua.
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters, type RedisAdapters } from '../../src/adapters/redis/index.js';
import { CART_SHARDS, DEFAULT_CART_GC_GRACE_MS } from '../../src/adapters/redis/cart-store.js';
import { shardOf } from '../../src/adapters/redis/keys.js';
import type { StoredCart, StoredCartLine } from '../../src/ports/cart-store.js';
import { ManualClock } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('cart layout');
const HOUR = 3_600_000;
const limits = { maxQuantity: 999, maxLines: 50 };

function cart(id: string, now: number, over: Partial<StoredCart> = {}): StoredCart {
  return { id, userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + HOUR, ...over };
}

function line(productId: string, over: Partial<StoredCartLine> = {}): StoredCartLine {
  return { productId, sku: 'sku', name: productId, quantity: 1, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0, ...over };
}

describe.skipIf(skip)(`Redis cart layout${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('cart-layout');
  let raw: Redis;
  let prefix: string;
  let clock: ManualClock;
  let adapters: RedisAdapters;

  beforeAll(async () => void (raw = (await space.open('ioredis')).client as Redis));

  /** SCAN, not KEYS: other suites share this Redis. */
  async function scanKeys(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }

  function fresh(): void {
    prefix = space.prefix();
    clock = new ManualClock();
    adapters = redisAdapters({ client: raw, prefix, clock });
  }

  it('keeps a cart and its expiry index under the shard tag, the user link under the user tag', async () => {
    fresh();
    const now = clock.now();
    await adapters.carts.create(cart('c-42', now, { userId: 'u-7' }));
    await adapters.carts.addToLine({ cartId: 'c-42', line: line('p1'), limits, now, expiresAt: now + HOUR });
    const shard = shardOf('c-42', CART_SHARDS);
    const keys = await scanKeys(`${prefix}*`);
    expect(keys.filter((k) => !k.startsWith(`${prefix}op:`)).sort()).toEqual(
      [`${prefix}cart-expiry:{cart-${shard}}`, `${prefix}cart-user:{u-7}`, `${prefix}cart:{cart-${shard}}:c-42`].sort(),
    );
    // One operation key per write (create, line edit, link), in the slot of the keys it wrote, kept for the replay window.
    const ops = keys.filter((k) => k.startsWith(`${prefix}op:`));
    expect(ops.map((k) => k.slice(prefix.length, k.indexOf('}') + 1)).sort()).toEqual([`op:{cart-${shard}}`, `op:{cart-${shard}}`, 'op:{u-7}']);
    for (const op of ops) expect(await raw.pttl(op)).toBeGreaterThan(9 * 60_000);
    expect(await raw.hlen(`${prefix}cart:{cart-${shard}}:c-42`)).toBe(12); // eleven meta fields + one line
  });

  it('spreads carts over the shards', () => {
    const used = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`cart_${i}`, CART_SHARDS)));
    expect(used.size).toBe(CART_SHARDS);
  });

  it('keeps a cart in Redis for at least its idle time plus the GC grace', async () => {
    fresh();
    const now = clock.now();
    await adapters.carts.create(cart('c1', now, { expiresAt: now + 1000 }));
    const key = `${prefix}cart:{cart-${shardOf('c1', CART_SHARDS)}}:c1`;
    const first = await raw.pttl(key);
    expect(first).toBeGreaterThan(DEFAULT_CART_GC_GRACE_MS);
    expect(first).toBeLessThanOrEqual(DEFAULT_CART_GC_GRACE_MS + 1000 + DEFAULT_CART_GC_GRACE_MS / 4); // rounded up to a TTL step
    await adapters.carts.addToLine({ cartId: 'c1', line: line('p1'), limits, now, expiresAt: now + 2 * HOUR });
    expect(await raw.pttl(key)).toBeGreaterThan(DEFAULT_CART_GC_GRACE_MS + HOUR);
  });

  it('refuses a GC grace that would make Redis drop a cart on its first write', () => {
    expect(() => redisAdapters({ client: raw, cartGcGraceMs: -1 })).toThrow(TypeError);
    expect(() => redisAdapters({ client: raw, cartGcGraceMs: 1.5 })).toThrow(TypeError);
  });

  it('drops index entries whose cart Redis already collected, and still takes the others', async () => {
    fresh();
    const now = clock.now();
    for (const id of ['a', 'b', 'c']) await adapters.carts.create(cart(id, now, { expiresAt: now + 10 }));
    await raw.del(`${prefix}cart:{cart-${shardOf('a', CART_SHARDS)}}:a`, `${prefix}cart:{cart-${shardOf('b', CART_SHARDS)}}:b`);
    clock.advance(100);
    expect((await adapters.carts.takeExpired({ now: clock.now(), limit: 1 })).map((c) => c.id)).toEqual(['c']);
    const indexKeys = await scanKeys(`${prefix}cart-expiry:*`);
    for (const key of indexKeys) expect(await raw.zcard(key)).toBe(0);
  });

  it('answers empty lists as lists, and big numbers and odd strings exactly (no cjson reshaping)', async () => {
    fresh();
    const now = clock.now();
    expect(await adapters.carts.takeExpired({ now, limit: 5 })).toEqual([]);
    expect(await adapters.promotions.listAutomatic()).toEqual([]);
    const odd = 'Ünïcödé "quoted" \\ back/slash \u0000 nul 🛒';
    const big = Number.MAX_SAFE_INTEGER;
    await adapters.carts.create(cart('c1', now, { sessionId: odd, userId: odd }));
    const added = await adapters.carts.addToLine({
      cartId: 'c1',
      line: line(odd, { sku: 'a:b:c', name: odd, weightGrams: big, categories: [] }),
      limits,
      now,
      expiresAt: now + HOUR,
    });
    expect(added.code).toBe('ok');
    const read = await adapters.carts.get('c1', now);
    expect(read).toEqual({ ...cart('c1', now, { sessionId: odd, userId: odd }), version: 2, lines: [line(odd, { sku: 'a:b:c', name: odd, weightGrams: big })] });
    expect(read?.lines[0]?.categories).toEqual([]);
    expect(read?.couponCodes).toEqual([]);
    expect(await adapters.carts.getUserCartId(odd)).toBe('c1');
    await adapters.promotions.save({ id: 'p', code: 'Çödé', kind: 'fixed_order', amount: { amount: '12345678901234567890.12', currency: 'EUR' }, priority: 0, combinable: true, usageLimit: big });
    expect(await adapters.promotions.findByCode('çÖDÉ')).toMatchObject({ id: 'p', amount: { amount: '12345678901234567890.12' }, usageLimit: big });
  });

  it('keeps line order by insertion across edits and a compare-and-set', async () => {
    fresh();
    const now = clock.now();
    await adapters.carts.create(cart('c1', now));
    for (const p of ['z', 'a', 'm', 'b']) await adapters.carts.addToLine({ cartId: 'c1', line: line(p), limits, now, expiresAt: now + HOUR });
    await adapters.carts.removeLine({ cartId: 'c1', productId: 'a', sku: 'sku', now, expiresAt: now + HOUR });
    await adapters.carts.addToLine({ cartId: 'c1', line: line('a'), limits, now, expiresAt: now + HOUR });
    const before = await adapters.carts.get('c1', now);
    expect(before?.lines.map((l) => l.productId)).toEqual(['z', 'm', 'b', 'a']);
    const reordered = { ...(before as StoredCart), lines: [...(before as StoredCart).lines].reverse() };
    await adapters.carts.compareAndSet({ cart: reordered, expectedVersion: (before as StoredCart).version, now, expiresAt: now + HOUR });
    await adapters.carts.addToLine({ cartId: 'c1', line: line('new'), limits, now, expiresAt: now + HOUR });
    expect((await adapters.carts.get('c1', now))?.lines.map((l) => l.productId)).toEqual(['a', 'b', 'm', 'z', 'new']);
  });
});
