// The Redis TTL of a cart: every write leaves the key alive until at least its expiry plus
// the GC grace, and line edits skip the PEXPIRE while the rounded keep-until time stays the
// same (see RedisCartStore.ttl). Checked against Redis's own clock with PEXPIRETIME.
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { CART_SHARDS } from '../../src/adapters/redis/cart-store.js';
import { shardOf } from '../../src/adapters/redis/keys.js';
import { keepUntil } from '../../src/adapters/redis/cart-hash.js';
import type { StoredCart, StoredCartLine } from '../../src/ports/cart-store.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('cart TTL');
const limits = { maxQuantity: 999_999, maxLines: 50 };
const HOUR = 3_600_000;

const cart = (id: string, now: number, expiresAt: number): StoredCart => ({ id, userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt });
const line = (productId: string): StoredCartLine => ({ productId, sku: 'sku', name: productId, quantity: 1, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)(`Redis cart TTL${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('cart-ttl');
  let raw: Redis;
  beforeAll(async () => void (raw = (await space.open('ioredis')).client as Redis));
  const keyOf = (prefix: string, id: string) => `${prefix}cart:{cart-${shardOf(id, CART_SHARDS)}}:${id}`;

  it('keeps every cart until at least its expiry plus the grace, whatever the edits (real clock)', async () => {
    // A grace of 400 ms makes 100 ms steps, so a few hundred ms of edits cross several.
    const grace = 400;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ pause: fc.integer({ min: 0, max: 60 }), idle: fc.integer({ min: 1, max: 250 }), kind: fc.constantFrom('add', 'set', 'remove', 'cas') }), { minLength: 1, maxLength: 6 }), async (edits) => {
        const prefix = space.prefix();
        const { carts } = redisAdapters({ client: raw, prefix, cartGcGraceMs: grace, clock: { now: () => Date.now() } });
        const id = `c${run++}`;
        const start = Date.now();
        await carts.create(cart(id, start, start + 200));
        await carts.addToLine({ cartId: id, line: line('p0'), limits, now: start, expiresAt: start + 200 });
        for (const { pause, idle, kind } of edits) {
          await sleep(pause);
          const now = Date.now();
          const next = now + idle;
          let applied = true;
          if (kind === 'add') applied = (await carts.addToLine({ cartId: id, line: line('p1'), limits, now, expiresAt: next })).code === 'ok';
          if (kind === 'set') applied = (await carts.setLineQuantity({ cartId: id, productId: 'p0', sku: 'sku', quantity: 2 + pause, limits, now, expiresAt: next })).code === 'ok';
          if (kind === 'remove') applied = (await carts.removeLine({ cartId: id, productId: 'p1', sku: 'sku', now, expiresAt: next })).code === 'ok';
          if (kind === 'cas') {
            const held = await carts.get(id, now);
            applied = held !== null && (await carts.compareAndSet({ cart: held, expectedVersion: held.version, now, expiresAt: next })).code === 'ok';
          }
          if (!applied) continue; // an expired cart or an absent line: nothing written
          expect(await raw.pexpiretime(keyOf(prefix, id))).toBeGreaterThanOrEqual(next + grace);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('skips the PEXPIRE while the keep-until step is unchanged, and sets it when the step moves', async () => {
    const grace = 24 * HOUR;
    const step = grace / 4;
    const prefix = space.prefix();
    const idle = step + HOUR; // outlasts the step the clock moves by below
    let now = 100 * step + step / 2; // mid-step, on the store's Clock
    const { carts } = redisAdapters({ client: raw, prefix, cartGcGraceMs: grace, clock: { now: () => now } });
    await carts.create(cart('c1', now, now + idle));
    const key = keyOf(prefix, 'c1');
    const created = await raw.pexpiretime(key);
    now += 60_000;
    expect((await carts.addToLine({ cartId: 'c1', line: line('p1'), limits, now, expiresAt: now + idle })).code).toBe('ok');
    expect(await raw.pexpiretime(key)).toBe(created); // the same step: no PEXPIRE
    now += step;
    expect((await carts.addToLine({ cartId: 'c1', line: line('p1'), limits, now, expiresAt: now + idle })).code).toBe('ok');
    // Set again, relative to Redis's clock (which, unlike this Clock, did not move a step).
    const moved = await raw.pexpiretime(key);
    expect(moved).not.toBe(created);
    expect(Math.abs(moved - (Date.now() + keepUntil(now + idle, grace, step) - now))).toBeLessThan(1000);
  });
});
