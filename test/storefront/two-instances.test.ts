// Two storefront instances on one Redis, as behind a load balancer: a shopper's cart is made
// on one, checked out on the other, and the order's event is handled once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS } from '../../src/testing/index.js';
import { buildStorefront, type StorefrontApp } from '../../examples/storefront/app.js';
import { openPool, PG_URL, pgSkipReason, testSchema } from '../postgres/harness.js';
import { connect, REDIS_URL, redisSkipReason, testPrefix, type RawRedis } from '../redis/harness.js';
import { ADDRESS, Shopper } from './client.js';

const redisSkip = await redisSkipReason('storefront on two instances');
const pgSkip = redisSkip ?? (await pgSkipReason('storefront on two instances'));

const DEPLOYMENTS = [
  { name: 'one Redis', skip: redisSkip, pg: false },
  { name: 'one Redis and one PostgreSQL (the mixed deployment)', skip: pgSkip, pg: true },
];

describe.each(DEPLOYMENTS)('storefront: two instances on $name', ({ name, skip, pg }) => {
  describe.skipIf(skip)(`${name}${skip ? ` SKIPPED: ${skip}` : ''}`, () => twoInstances(pg));
});

function twoInstances(withPostgres: boolean): void {
  const prefix = testPrefix('storefront-two');
  const schema = testSchema('storefront_two');
  const options = {
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    ...(withPostgres ? { pgUrl: PG_URL, pgSchema: schema } : {}),
    sessionSecret: 'shared-by-both',
    adminToken: 'admin',
    history: 'none' as const,
    // Every confirmation either instance sends, so a second send (not only a second instance) shows.
    sendConfirmation: (c: { orderId: string }) => {
      mailed.push(c.orderId);
    },
  };
  const mailed: string[] = [];
  let a: StorefrontApp;
  let b: StorefrontApp;
  let raw: RawRedis;
  const placedOn = { a: 0, b: 0 };

  beforeAll(async () => {
    raw = await connect('node-redis');
    a = await buildStorefront(options);
    b = await buildStorefront(options);
    a.storefront.shop.events.on('order.placed', () => {
      placedOn.a += 1;
    });
    b.storefront.shop.events.on('order.placed', () => {
      placedOn.b += 1;
    });
  });

  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await raw?.scanDelete(`${prefix}*`);
    await raw?.close();
    if (withPostgres) {
      const pool = openPool(1);
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  it('seeds the shared stores once', async () => {
    expect(a.storefront.backend).toContain(withPostgres ? 'the rest on postgresql' : 'redis');
    const products = (await new Shopper(b.app).get('/api/products')).body.products as unknown[];
    expect(products).toHaveLength(20);
    expect((await b.storefront.shop.inventory.getInventoryStatus('SKU-22423')).onHand).toBe(7);
  });

  it('takes a cart made on one instance through checkout on the other', async () => {
    const onA = new Shopper(a.app);
    await onA.post('/api/cart/items', { sku: 'SKU-22423', quantity: 2 });
    await onA.post('/api/cart/items', { sku: 'SKU-22720', quantity: 1 });
    const withCoupon = await onA.post('/api/cart/coupons', { code: 'SPRING10' });
    expect(withCoupon.status).toBe(200);

    const onB = onA.on(b.app);
    expect((await onB.get('/api/cart')).body.total).toEqual(withCoupon.body.total);
    expect((await onB.post('/api/checkout')).status).toBe(201);
    expect((await onB.post('/api/checkout/guest', { email: 'ada@example.com' })).status).toBe(200);
    // The steps may land on either instance: the checkout lives in Redis.
    expect((await onB.on(a.app).post('/api/checkout/shipping', { shippingAddress: ADDRESS })).status).toBe(200);
    // The card is tokenized and charged on B: the TestGateway keeps its tokens in its process.
    const { body: tokenized } = await onB.post('/test-gateway/tokens', { number: TEST_CARDS.visa, expMonth: 12, expYear: 2099, cvc: '123' });
    const { body: summary } = await onB.post('/api/checkout/payment', { method: 'credit_card', paymentToken: tokenized.token });
    // The same request again, as a browser retries after a lost answer, on the other instance.
    const retried = onB.on(a.app);
    const placed = await onB.post('/api/checkout/complete', { expectedTotal: summary.total });
    expect(placed.status).toBe(201);

    const number = placed.body.orderNumber as string;
    const seenOnA = await onB.on(a.app).get(`/api/orders/${number}`);
    expect(seenOnA.status).toBe(200);
    expect(seenOnA.body.total).toEqual(withCoupon.body.total);
    expect((await a.storefront.shop.inventory.getInventoryStatus('SKU-22423')).available).toBe(5);
    expect(placedOn).toEqual({ a: 0, b: 1 });

    const again = await retried.post('/api/checkout/complete', { expectedTotal: summary.total });
    expect(again.body).toMatchObject({ orderNumber: number, replayed: true });
    expect((await a.storefront.shop.inventory.getInventoryStatus('SKU-22423')).available).toBe(5);
    expect(placedOn).toEqual({ a: 0, b: 1 });

    // The durable mail group: the in-process bus only told B, the event log tells the group,
    // whichever instance reads it first, once.
    // On the mixed deployment the order's events come from PostgreSQL's outbox.
    const orderId = placed.body.orderId as string;
    const sentBy = () => [a, b].filter((x) => x.storefront.mail.sent.has(orderId)).length;
    await vi.waitFor(() => expect(sentBy()).toBe(1), { timeout: 5000, interval: 5 });
    // Both instances keep polling the log (every 10 ms): a few more rounds in which a second
    // delivery would show, then both drain.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([a.storefront.mail.relay.stop(), b.storefront.mail.relay.stop()]);
    expect(mailed.filter((id) => id === orderId)).toEqual([orderId]);
    expect(sentBy()).toBe(1);
    expect(await a.storefront.mail.relay.deadLetters()).toEqual([]);
  });
}
