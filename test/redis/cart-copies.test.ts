// The Redis cart store's shortcuts: its copies of recently seen carts (a read or edit of an
// unchanged cart answers "same", not the whole cart) and the batching of concurrent line
// edits (of one cart, and of the carts of one shard). Neither may ever change an answer;
// these tests pin the cases where a wrong shortcut would.
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { CART_SHARDS } from '../../src/adapters/redis/cart-store.js';
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import { shardOf } from '../../src/adapters/redis/keys.js';
import type { CartStore, StoredCart, StoredCartLine } from '../../src/ports/cart-store.js';
import { ManualClock } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('cart copies and batches');
const HOUR = 3_600_000;
const limits = { maxQuantity: 999, maxLines: 50 };

function cart(id: string, now: number, over: Partial<StoredCart> = {}): StoredCart {
  return { id, userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + HOUR, ...over };
}

function line(productId: string, quantity = 1): StoredCartLine {
  return { productId, sku: 'sku', name: productId, quantity, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0 };
}

/** A script client that records each call's reply size and can be told to fail. */
function recording(client: RedisScriptClient, singleServer = false) {
  const replies: number[] = [];
  let failing = false;
  const record = async (call: () => Promise<unknown>): Promise<unknown> => {
    if (failing) throw new Error('connection lost'); // before anything reaches Redis
    const reply = await call();
    replies.push(typeof reply === 'string' ? reply.length : 0);
    return reply;
  };
  return {
    client: {
      evalsha: (sha, keys, args) => record(() => client.evalsha(sha, keys, args)),
      eval: (source, keys, args) => record(() => client.eval(source, keys, args)),
      singleServer,
    } satisfies RedisScriptClient,
    replies,
    fail: (on: boolean) => void (failing = on),
  };
}

describe.skipIf(skip)(`Redis cart copies and batches${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('cart-copies');
  let raw: Redis;
  beforeAll(async () => void (raw = (await space.open('ioredis')).client as Redis));

  function stores(options: { cartCacheSize?: number; singleServer?: boolean } = {}) {
    const prefix = space.prefix();
    const clock = new ManualClock();
    const calls = recording(toScriptClient(raw), options.singleServer);
    const make = (client: RedisScriptClient): CartStore => redisAdapters({ client, prefix, clock, ...options }).carts;
    return { clock, calls, prefix, store: make(calls.client), other: make(toScriptClient(raw)) };
  }

  it('answers a re-read of an unchanged cart with "same" and hands out the copy it holds (answers are read-only)', async () => {
    const { clock, calls, store } = stores();
    const now = clock.now();
    await store.create(cart('c1', now));
    for (let i = 0; i < 20; i++) await store.addToLine({ cartId: 'c1', line: line(`p${i}`), limits, now, expiresAt: now + HOUR });
    calls.replies.length = 0;
    const first = await store.get('c1', now);
    const second = await store.get('c1', now);
    expect(second).toBe(first);
    expect(first?.lines).toHaveLength(20);
    expect(calls.replies.every((size) => size < 30)).toBe(true); // '{"same":true}', never 20 lines
  });

  it('sees through a copy made stale by another instance, and by a cart re-created with the same id, version and time', async () => {
    const { clock, store, other } = stores();
    const now = clock.now();
    await store.create(cart('c1', now));
    expect((await store.get('c1', now))?.lines).toEqual([]);
    // Another app instance deletes it and creates it again: same id, version 1, same createdAt.
    await other.delete({ cartId: 'c1' });
    await other.create(cart('c1', now, { lines: [line('fresh', 2)] }));
    expect((await store.get('c1', now))?.lines.map((l) => [l.productId, l.quantity])).toEqual([['fresh', 2]]);
    await other.delete({ cartId: 'c1' });
    await other.create(cart('c1', now, { lines: [line('again', 5)] }));
    const added = await store.addToLine({ cartId: 'c1', line: line('again', 1), limits, now, expiresAt: now + HOUR });
    expect(added).toMatchObject({ code: 'ok', cart: { version: 2, lines: [{ productId: 'again', quantity: 6 }] } });
  });

  it('sends 150 concurrent adds to one cart in batches of at most 64, each with its own cart, in order', async () => {
    const { clock, calls, store } = stores();
    const now = clock.now();
    await store.create(cart('c1', now));
    calls.replies.length = 0;
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => store.addToLine({ cartId: 'c1', line: line(`p${i % 5}`), limits, now: now + i, expiresAt: now + HOUR + i })));
    expect(calls.replies.length).toBe(3); // 64 + 64 + 22
    results.forEach((result, i) => {
      expect(result.code).toBe('ok');
      if (result.code !== 'ok') return;
      expect(result.cart.version).toBe(i + 2);
      expect(result.cart.updatedAt).toBe(now + i);
      expect(result.cart.lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(i + 1);
    });
    const stored = await store.get('c1', now + 150);
    expect(stored?.version).toBe(151);
    expect(stored?.lines.map((l) => [l.productId, l.quantity])).toEqual([0, 1, 2, 3, 4].map((p) => [`p${p}`, 30]));
  });

  it('refuses an edit of a batch on its own: the others still apply', async () => {
    const { clock, store } = stores();
    const now = clock.now();
    await store.create(cart('c1', now));
    const at = { now, expiresAt: now + HOUR };
    const [a, b, c, d] = await Promise.all([
      store.addToLine({ cartId: 'c1', line: line('p1', 3), limits, ...at }),
      store.addToLine({ cartId: 'c1', line: line('p1', 997), limits, ...at }),
      store.setLineQuantity({ cartId: 'c1', productId: 'missing', sku: 'sku', quantity: 2, limits, ...at }),
      store.removeLine({ cartId: 'c1', productId: 'p1', sku: 'sku', ...at }),
    ]);
    expect(a).toMatchObject({ code: 'ok', cart: { version: 2 } });
    expect(b).toEqual({ code: 'quantity_limit', quantity: 1000 });
    expect(c).toEqual({ code: 'line_not_found' });
    expect(d).toMatchObject({ code: 'ok', cart: { version: 3, lines: [] } });
  });

  it('works without copies: every answer is the whole cart', async () => {
    const { clock, calls, store } = stores({ cartCacheSize: 0 });
    const now = clock.now();
    await store.create(cart('c1', now));
    await store.addToLine({ cartId: 'c1', line: line('p1'), limits, now, expiresAt: now + HOUR });
    calls.replies.length = 0;
    expect((await store.get('c1', now))?.lines).toHaveLength(1);
    expect(calls.replies[0]).toBeGreaterThan(100);
  });

  it('fails every edit of a batch whose script fails, writes none of them, and recovers', async () => {
    const { clock, calls, store } = stores();
    const now = clock.now();
    await store.create(cart('c1', now));
    const at = { now, expiresAt: now + HOUR };
    calls.fail(true);
    const edits = Array.from({ length: 5 }, (_, i) => store.addToLine({ cartId: 'c1', line: line(`p${i}`), limits, ...at }));
    for (const edit of edits) await expectCode(edit, 'STORE_UNAVAILABLE');
    calls.fail(false);
    expect(await store.get('c1', now)).toMatchObject({ version: 1, lines: [] });
    expect(await store.addToLine({ cartId: 'c1', line: line('p1'), limits, ...at })).toMatchObject({ code: 'ok', cart: { version: 2 } });
  });
  // On a cluster a batch keeps to one shard (one slot); on a single server it takes every cart.
  it.each([
    ['one call per shard (cluster-safe)', false],
    ['two calls in all (single server)', true],
  ])('sends the edits of many carts made in the same tick as %s, each answered on its own', async (_, singleServer) => {
    const { clock, calls, prefix, store } = stores({ singleServer });
    const now = clock.now();
    const ids = Array.from({ length: 40 }, (_, i) => `m${i}`);
    for (const id of ids) await store.create(cart(id, now, { lines: [line('p', 2)] }));
    const at = { now, expiresAt: now + 2 * HOUR };
    calls.replies.length = 0;
    const results = await Promise.all([
      ...ids.map((id, i) => store.addToLine({ cartId: id, line: line('p', i + 1), limits, ...at })),
      store.addToLine({ cartId: 'never-created', line: line('p'), limits, ...at }),
      store.setLineQuantity({ cartId: 'm3', productId: 'absent', sku: 'sku', quantity: 2, limits, ...at }),
    ]);
    const shards = new Set([...ids, 'never-created'].map((id) => shardOf(id, CART_SHARDS)));
    // m3's second edit joins its first, which was not sent yet. On one server the 42 edits
    // go as two calls: the carts of about half of them now, the rest one event-loop turn
    // later (flush-schedule.ts); a shard's few edits go at once.
    expect(shards.size).toBeGreaterThan(10);
    expect(calls.replies.length).toBe(singleServer ? 2 : shards.size);
    ids.forEach((id, i) => expect(results[i]).toMatchObject({ code: 'ok', cart: { id, version: 2, lines: [{ productId: 'p', quantity: i + 3 }] } }));
    expect(results[40]).toEqual({ code: 'not_found' });
    expect(results[41]).toEqual({ code: 'line_not_found' });
    for (const [i, id] of ids.entries()) expect((await store.get(id, now))?.lines[0]?.quantity).toBe(i + 3);
    // Each cart's new expiry went to its own shard's index.
    for (const id of ids) expect(await raw.zscore(`${prefix}cart-expiry:{cart-${shardOf(id, CART_SHARDS)}}`, id)).toBe(String(at.expiresAt));
  });

  it('lets an edit of a held-back cart join its unsent batch, and sends the held-back carts one event-loop turn later', async () => {
    const { clock, calls, store } = stores({ singleServer: true });
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    const ids = Array.from({ length: 40 }, (_, i) => `h${i}`);
    for (const id of ids) await store.create(cart(id, now));
    calls.replies.length = 0;
    const edits = ids.map((id) => store.addToLine({ cartId: id, line: line('p'), limits, ...at }));
    await new Promise((resolve) => process.nextTick(resolve));
    const late = store.addToLine({ cartId: 'h30', line: line('p', 5), limits, ...at }); // h30 is held back, not sent
    const results = await Promise.all([...edits, late]);
    expect(calls.replies.length).toBe(2);
    expect(results[30]).toMatchObject({ code: 'ok', cart: { version: 2, lines: [{ quantity: 1 }] } });
    expect(results[40]).toMatchObject({ code: 'ok', cart: { version: 3, lines: [{ quantity: 6 }] } });
    for (const id of ids) expect((await store.get(id, now))?.version).toBe(id === 'h30' ? 3 : 2);
  });

  it.each([false, true])('writes nothing of a many-cart batch when one of its carts breaks the script (single server: %s)', async (singleServer) => {
    const { clock, store } = stores({ singleServer });
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    // Two carts of one batch: of one shard, or (single server) of two shards. The second
    // one's key is overwritten with a string (WRONGTYPE).
    const ids = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const good = ids[0] as string;
    const sameShard = (id: string) => shardOf(id, CART_SHARDS) === shardOf(good, CART_SHARDS);
    const bad = ids.find((id) => id !== good && sameShard(id) !== singleServer) as string;
    await store.create(cart(good, now));
    await store.create(cart(bad, now));
    const [badKey] = await raw.keys(`*cart:*:${bad}`);
    await raw.set(badKey as string, 'not a hash');
    const [first, second] = await Promise.allSettled([
      store.addToLine({ cartId: good, line: line('p1'), limits, ...at }),
      store.addToLine({ cartId: bad, line: line('p1'), limits, ...at }),
    ]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected');
    expect(await store.get(good, now)).toMatchObject({ version: 1, lines: [] });
  });
});
