// A dropped connection or a Redis error mid-command is STORE_UNAVAILABLE, and since every
// step is one script nothing is half-written: state read after reconnecting is whole. A call
// whose answer was lost is sent again (every step is safe to replay), so it fails only when
// the connection stays down.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import { CartService } from '../../src/cart/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { ManualClock, SequentialIds, inventoryItemFixture, sampleOrder } from '../../src/testing/index.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';
import { flakyScripts } from './flaky-scripts.js';
import { REDIS_URL, connect, redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('faults');
// The tests open and close their own clients; the cleanup connects just for itself.
const { prefix } = redisTestSpace('faults');

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

  it('an error on the wire before the step ran: sent again, it runs once; failing every time, it changes nothing', async () => {
    const raw = await connect('ioredis');
    const flaky = flakyScripts(toScriptClient(raw.client));
    const clock = new ManualClock();
    const { idempotency } = redisAdapters({ client: flaky.client, prefix: prefix(), clock });
    await idempotency.claim({ key: 'k', fingerprint: 'f', owner: 'a', lockMs: 60_000 });
    // Down for the call and both resends: STORE_UNAVAILABLE, and nothing changed.
    flaky.failBefore('idempotency-release', 3);
    const error = await idempotency.release({ key: 'k', owner: 'a' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { script: 'idempotency-release' } });
    expect(await idempotency.get('k')).toMatchObject({ state: 'in_progress' });
    expect(flaky.runs('idempotency-release')).toBe(0);
    // Down for the call only: the resend lands, once.
    flaky.failBefore('idempotency-release');
    await idempotency.release({ key: 'k', owner: 'a' });
    expect(await idempotency.get('k')).toBeNull();
    expect(flaky.runs('idempotency-release')).toBe(1);
    await raw.close();
  });

  it('inventory: a dropped connection mid-sequence is STORE_UNAVAILABLE; stock, reservation and ledger stay whole', async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const clock = new ManualClock();
    const { inventory: store } = redisAdapters({ client, prefix: prefix(), clock });
    const service = new InventoryService({ store, clock });
    await store.addItem({ item: inventoryItemFixture('A', { onHand: 10 }), reason: 'initial stock', now: clock.now() });
    const held = await service.reserveItems([{ sku: 'A', quantity: 4 }]);

    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    await expect(service.confirmReservation(held.id)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(service.reserveItems([{ sku: 'A', quantity: 1 }])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    await client.connect();
    expect(await service.getInventoryStatus('A')).toMatchObject({ onHand: 10, reserved: 4 });
    expect((await service.getReservation(held.id)).status).toBe('active');
    expect(await service.confirmReservation(held.id)).toMatchObject({ changed: true });
    const item = await service.getInventoryStatus('A');
    const moves = await service.listMovements({ sku: 'A' });
    expect([item.onHand, item.reserved]).toEqual([6, 0]);
    expect(moves.map((m) => m.kind)).toEqual(['receipt', 'reservation', 'sale']);
    expect(moves.reduce((s, m) => s + m.onHandDelta, 0)).toBe(item.onHand);
    expect(moves.reduce((s, m) => s + m.reservedDelta, 0)).toBe(item.reserved);
    client.disconnect();
  });
});

describe.skipIf(skip)(`Redis faults: payments and orders${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('ioredis: a payment commit on a dropped connection is STORE_UNAVAILABLE; the payment is whole after reconnecting', async () => {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const { payments } = redisAdapters({ client, prefix: prefix(), clock: new ManualClock() });
    const created = await payments.create(samplePaymentRecord());
    expect(created.ok).toBe(true);
    const read = await payments.get('pay_1');
    if (!read) throw new Error('payment not stored');
    const captured = { ...read, status: 'captured' as const, ledger: [...read.ledger, { id: 'l2', kind: 'capture' as const, amountMinor: 1000, feeMinor: 30, state: 'succeeded' as const, idempotencyKey: 'c', at: 1 }] };

    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    await expect(payments.commit({ next: captured, expectedVersion: 1 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    await client.connect();
    expect(await payments.get('pay_1')).toEqual(read);
    const retried = await payments.commit({ next: captured, expectedVersion: 1 });
    expect(retried.ok && retried.payment).toEqual({ ...captured, version: 2 });
    // Spend counted once, by the create; the capture's repeat of the step changed nothing.
    expect(await payments.customerSpend({ customerKey: read.customerKey, currency: 'USD' })).toEqual({ count: 1, totalMinor: 1000, maxMinor: 1000 });
    client.disconnect();
  });

  it('a failed spend step leaves the payment written, and the next commit in a spending status repairs the count', async () => {
    const raw = await connect('ioredis');
    const flaky = flakyScripts(toScriptClient(raw.client));
    const { payments } = redisAdapters({ client: flaky.client, prefix: prefix(), clock: new ManualClock() });
    flaky.failBefore('payment-spend-count', 3); // the call and both resends
    const created = await payments.create(samplePaymentRecord());
    expect(created.ok).toBe(true);
    const spend = () => payments.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' });
    expect(await spend()).toEqual({ count: 0, totalMinor: 0, maxMinor: 0 });
    if (!created.ok) return;
    await payments.commit({ next: { ...created.payment, status: 'captured' }, expectedVersion: 1 });
    expect(await spend()).toEqual({ count: 1, totalMinor: 1000, maxMinor: 1000 });
    await raw.close();
  });

  it('a spend step for an amount HINCRBY cannot take is refused before its first write: no marker, no count', async () => {
    const raw = await connect('node-redis');
    const { payments } = redisAdapters({ client: raw.client, prefix: prefix(), clock: new ManualClock() });
    // 1e21 is an integer to Lua but '1e+21' to HINCRBY; the payment write still stands.
    const created = await payments.create(samplePaymentRecord({ amountMinor: 1e21 }));
    expect(created.ok).toBe(true);
    expect(await payments.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' })).toEqual({ count: 0, totalMinor: 0, maxMinor: 0 });
    await raw.close();
  });

  it('an order create that fails after claiming its number leaves no order, no index entry and a retry succeeds', async () => {
    const raw = await connect('node-redis');
    const flaky = flakyScripts(toScriptClient(raw.client));
    const clock = new ManualClock();
    const { orders } = redisAdapters({ client: flaky.client, prefix: prefix(), clock });
    const order = sampleOrder('o1', clock.now(), { customerId: 'alice' });
    flaky.failBefore('order-create', 3); // the call and both resends
    await expect(orders.create(order)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', details: { script: 'order-create' } });
    expect(await orders.get('o1')).toBeNull();
    expect(await orders.getByNumber(order.number)).toBeNull();
    expect((await orders.listByCustomer('alice', { limit: 10 })).orders).toEqual([]);
    expect((await orders.listByStatus('placed', { limit: 10 })).orders).toEqual([]);
    // Another order cannot take the claimed number; the same order's retry finds it its own.
    expect(await orders.create(sampleOrder('o2', clock.now(), { number: order.number }))).toEqual({ ok: false, reason: 'duplicate_number' });
    expect(await orders.create(order)).toEqual({ ok: true });
    expect(await orders.getByNumber(order.number)).toEqual({ ...order, version: 1 });
    expect((await orders.listByCustomer('alice', { limit: 10 })).orders.map((o) => o.id)).toEqual(['o1']);
    await raw.close();
  });
});

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
    const service = new CartService({ store: carts, promotions, clock, ids: new SequentialIds(), pricing: 'caller' });
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

  it('a reply lost after the script ran: the call is sent again and answered once (line, version, expiry index written once)', async () => {
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
    const answered = await carts.addToLine({ cartId: 'c1', line: line('p1', 3), limits, now, expiresAt: now + 5000 });
    expect(loseReply).toBe(false);
    expect(answered).toMatchObject({ code: 'ok', cart: { version: 2, lines: [{ productId: 'p1', quantity: 3 }] } });
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
    // The connection is lost after the first call (the cart's) and stays down.
    const failSecond: RedisScriptClient = {
      evalsha: (sha, keys, args) => (++calls >= 2 ? Promise.reject(new Error('socket closed')) : real.evalsha(sha, keys, args)),
      eval: (source, keys, args) => real.eval(source, keys, args),
    };
    const clock = new ManualClock();
    const p = prefix();
    const broken = redisAdapters({ client: failSecond, prefix: p, clock });
    const service = new CartService({ store: broken.carts, promotions: broken.promotions, clock, ids: new SequentialIds(), pricing: 'caller' });
    await expect(service.createCart({ sessionId: 's', userId: 'u1', currency: 'EUR' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const healthy = redisAdapters({ client: raw.client, prefix: p, clock });
    expect(await healthy.carts.getUserCartId('u1')).toBeNull();
    expect(await healthy.carts.get('cart_1', clock.now())).toMatchObject({ userId: 'u1' });
    await raw.close();
  });
});
