// A dropped connection or a Redis error mid-command is STORE_UNAVAILABLE, and since every
// step is one script nothing is half-written: state read after reconnecting is whole.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAdapters, toScriptClient, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { ManualClock } from '../../src/testing/index.js';
// -- carts (issue 8, redis-cart)
import { CartService } from '../../src/cart/index.js';
import { SequentialIds } from '../../src/testing/index.js';
// -- end carts
import { REDIS_URL, connect, redisSkipReason, testPrefix } from './harness.js';

const skip = await redisSkipReason('faults');
const prefixes: string[] = [];
afterAll(async () => {
  if (skip) return;
  const raw = await connect('ioredis');
  for (const p of prefixes) await raw.scanDelete(`${p}*`);
  await raw.close();
});

function prefix(): string {
  const p = testPrefix('faults');
  prefixes.push(p);
  return p;
}

describe.skipIf(skip)(`Redis faults${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('ioredis: a closed connection is STORE_UNAVAILABLE; after reconnecting the state is whole', async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const clock = new ManualClock();
    const { idempotency } = redisAdapters({ client, prefix: prefix(), clock });
    await idempotency.claim({ key: 'k', fingerprint: 'f', owner: 'a', lockMs: 60_000 });

    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    await expect(idempotency.complete({ key: 'k', owner: 'a', result: { order: 1 }, ttlMs: 60_000 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    await client.connect();
    expect(await idempotency.get('k')).toMatchObject({ state: 'in_progress', owner: 'a' });
    expect(await idempotency.complete({ key: 'k', owner: 'a', result: { order: 1 }, ttlMs: 60_000 })).toBe(true);
    expect(await idempotency.get('k')).toMatchObject({ state: 'completed', result: { order: 1 } });
    client.disconnect();
  });

  it('node-redis: a closed client is STORE_UNAVAILABLE; a new connection sees whole state', async () => {
    const clock = new ManualClock();
    const p = prefix();
    const first = createClient({ url: REDIS_URL });
    first.on('error', () => undefined);
    await first.connect();
    const a = redisAdapters({ client: first, prefix: p, clock });
    await a.idempotency.claim({ key: 'k', fingerprint: 'f', owner: 'a', lockMs: 60_000 });
    first.destroy();
    await expect(a.idempotency.get('k')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    const second = createClient({ url: REDIS_URL });
    second.on('error', () => undefined);
    await second.connect();
    const b = redisAdapters({ client: second, prefix: p, clock });
    expect(await b.idempotency.get('k')).toMatchObject({ state: 'in_progress', owner: 'a' });
    second.destroy();
  });

  it('an error on the wire mid-step changes nothing', async () => {
    const raw = await connect('ioredis');
    const real = toScriptClient(raw.client);
    let failNext = false;
    const flaky: RedisScriptClient = {
      evalsha: (sha, keys, args) => (failNext ? ((failNext = false), Promise.reject(new Error('read ECONNRESET'))) : real.evalsha(sha, keys, args)),
      eval: (source, keys, args) => real.eval(source, keys, args),
    };
    const clock = new ManualClock();
    const { idempotency } = redisAdapters({ client: flaky, prefix: prefix(), clock });
    await idempotency.claim({ key: 'k', fingerprint: 'f', owner: 'a', lockMs: 60_000 });
    failNext = true;
    const error = await idempotency.release({ key: 'k', owner: 'a' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { script: 'idempotency-release' } });
    expect(await idempotency.get('k')).toMatchObject({ state: 'in_progress' });
    await raw.close();
  });
});

// -- carts (issue 8, redis-cart)
describe.skipIf(skip)(`Redis faults: carts${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const limits = { maxQuantity: 99, maxLines: 50 };
  const line = (productId: string, quantity: number) => ({
    productId, sku: `${productId}-sku`, name: productId, quantity, unitPrice: '2.50', currency: 'EUR', taxClass: 'standard' as const, categories: [], weightGrams: 0,
  });

  it('ioredis: a dropped connection fails addItem with STORE_UNAVAILABLE; after reconnecting the cart is whole and writable', async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const clock = new ManualClock();
    const { carts, promotions } = redisAdapters({ client, prefix: prefix(), clock });
    const service = new CartService({ store: carts, promotions, clock, ids: new SequentialIds() });
    const cart = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await service.addItem(cart.id, { ...line('p1', 2), unitPrice: { amount: '2.50', currency: 'EUR' } });

    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    await expect(service.addItem(cart.id, { ...line('p2', 1), unitPrice: { amount: '2.50', currency: 'EUR' } })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(service.updateQuantity(cart.id, 'p1', 'p1-sku', 5)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    await client.connect();
    const after = await service.getCart(cart.id);
    expect(after?.version).toBe(2);
    expect(after?.lines.map((l) => [l.productId, l.quantity])).toEqual([['p1', 2]]);
    expect((await service.addItem(cart.id, { ...line('p2', 1), unitPrice: { amount: '2.50', currency: 'EUR' } })).version).toBe(3);
    client.disconnect();
  });

  it('a reply lost after the script ran: STORE_UNAVAILABLE, and the step is whole (line, version, expiry index all written)', async () => {
    const raw = await connect('node-redis');
    const real = toScriptClient(raw.client);
    let loseReply = false;
    const flaky: RedisScriptClient = {
      evalsha: async (sha, keys, args) => {
        const reply = await real.evalsha(sha, keys, args);
        if (loseReply) {
          loseReply = false;
          throw new Error('read ECONNRESET');
        }
        return reply;
      },
      eval: (source, keys, args) => real.eval(source, keys, args),
    };
    const clock = new ManualClock();
    const p = prefix();
    const { carts } = redisAdapters({ client: flaky, prefix: p, clock });
    const now = clock.now();
    await carts.create({ id: 'c1', userId: null, sessionId: 's', currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + 1000 });
    loseReply = true;
    await expect(carts.addToLine({ cartId: 'c1', line: line('p1', 3), limits, now, expiresAt: now + 5000 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const read = await carts.get('c1', now);
    expect(read).toMatchObject({ version: 2, expiresAt: now + 5000 });
    expect(read?.lines.map((l) => l.quantity)).toEqual([3]);
    // The index slid with the write: nothing is due at the old expiry.
    expect(await carts.takeExpired({ now: now + 1000, limit: 10 })).toEqual([]);
    expect((await carts.takeExpired({ now: now + 5000, limit: 10 })).map((c) => c.id)).toEqual(['c1']);
    await raw.close();
  });

  it('a failure between the cart step and the user-link step leaves a cart without a link, never a dangling link', async () => {
    const raw = await connect('ioredis');
    const real = toScriptClient(raw.client);
    let calls = 0;
    const failSecond: RedisScriptClient = {
      evalsha: (sha, keys, args) => (++calls === 2 ? Promise.reject(new Error('socket closed')) : real.evalsha(sha, keys, args)),
      eval: (source, keys, args) => real.eval(source, keys, args),
    };
    const clock = new ManualClock();
    const p = prefix();
    const broken = redisAdapters({ client: failSecond, prefix: p, clock });
    const service = new CartService({ store: broken.carts, promotions: broken.promotions, clock, ids: new SequentialIds() });
    await expect(service.createCart({ sessionId: 's', userId: 'u1', currency: 'EUR' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const healthy = redisAdapters({ client: raw.client, prefix: p, clock });
    expect(await healthy.carts.getUserCartId('u1')).toBeNull();
    expect(await healthy.carts.get('cart_1', clock.now())).toMatchObject({ userId: 'u1' });
    await raw.close();
  });
});
// -- end carts
