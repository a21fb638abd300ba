// Whole checkouts while every client connection of a private redis-server is killed every
// 150 ms: two app instances, each with its own client, run shoppers from an empty cart to
// completeOrder. A shopper whose call fails (STORE_UNAVAILABLE: outcome unknown) does what a
// client does: it asks again (completeOrder with the same idempotency key) until it has an
// answer. Afterwards every shopper has exactly one order, charged once (one authorization at
// its gateway and in the payment's ledger), and the stock moved by exactly the units sold.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce, isCommerceError, type Commerce } from '../../src/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { US_ADDRESS } from '../checkout/fixtures.js';
import { privateRedisSkipReason, startPrivateRedis, type PrivateRedis } from './private-redis.js';

const skip = privateRedisSkipReason('checkout connection-kill');
const WORKERS_PER_INSTANCE = 8;
const LOAD_MS = 2000;
const KILL_EVERY_MS = 150;

type Kind = 'ioredis (defaults)' | 'node-redis';

/** Runs `step` until it answers; only an unknown outcome (STORE_UNAVAILABLE) is asked again. */
async function untilAnswered<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const retry = isCommerceError(error, 'STORE_UNAVAILABLE') || isCommerceError(error, 'IDEMPOTENCY_IN_PROGRESS');
      if (!retry || attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

interface Instance {
  shop: Commerce;
  gateway: TestGateway;
  close(): Promise<void>;
}

async function instance(kind: Kind, url: string, prefix: string): Promise<Instance> {
  const gateway = new TestGateway();
  const checkout = { idempotency: { pollMs: 10, waitMs: 2_000, lockMs: 1_000 } };
  if (kind === 'ioredis (defaults)') {
    const client = new Redis(url);
    client.on('error', () => undefined);
    return { gateway, shop: createCommerce({ adapters: redisAdapters({ client, prefix }), payments: { gateways: [gateway] }, checkout }), close: () => Promise.resolve(client.disconnect()) };
  }
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return { gateway, shop: createCommerce({ adapters: redisAdapters({ client, prefix }), payments: { gateways: [gateway] }, checkout }), close: () => Promise.resolve(client.destroy()) };
}

/** One shopper, from an empty cart to an order; answers the order id and the checkout id. */
async function shop(shop: Commerce, n: number): Promise<{ orderId: string; checkoutId: string }> {
  const cart = await untilAnswered(() => shop.cart.createCart({ sessionId: `s${n}`, currency: 'USD' }));
  // A line edit whose outcome is unknown is read back before it is asked again: a person
  // looks at the cart rather than adding a second mug.
  await untilAnswered(async () => {
    const current = await shop.cart.getCart(cart.id);
    if (current && current.lines.length > 0) return current;
    return shop.cart.addItem(cart.id, { sku: 'MUG', quantity: 1 });
  });
  const checkout = await untilAnswered(() => shop.checkout.startCheckout({ cartId: cart.id }));
  await untilAnswered(() => shop.checkout.updateGuestInfo({ checkoutId: checkout.id, email: `shopper${n}@example.com` }));
  await untilAnswered(() => shop.checkout.updateShippingInfo({ checkoutId: checkout.id, shippingAddress: US_ADDRESS }));
  await untilAnswered(() => shop.checkout.updatePaymentInfo({ checkoutId: checkout.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve }));
  const placed = await untilAnswered(() => shop.checkout.completeOrder({ checkoutId: checkout.id, idempotencyKey: `shopper-${n}` }));
  return { orderId: placed.orderId, checkoutId: checkout.id };
}

describe.skipIf(skip)(`Checkouts under connection kills${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  let redis: PrivateRedis;
  beforeAll(async () => void (redis = await startPrivateRedis({ aof: false })));
  afterAll(async () => redis?.stop());

  for (const kind of ['ioredis (defaults)', 'node-redis'] as const) {
    it(`${kind}: every shopper gets one order, charged once, and stock moves by the units sold`, async () => {
      const prefix = `kills-${kind.slice(0, 4)}:`;
      const instances = [await instance(kind, redis.url, prefix), await instance(kind, redis.url, prefix)];
      const admin = instances[0]!.shop;
      await admin.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
      await admin.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: 1000, costPerUnit: { amount: '4.00', currency: 'USD' } });

      const control = new Redis(redis.url);
      control.on('error', () => undefined);
      let kills = 0;
      const killer = setInterval(() => void control.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes').then((n) => void (kills += Number(n)), () => undefined), KILL_EVERY_MS);
      // Each worker runs one shopper after another until the time is up, on its instance.
      const results: { orderId: string; checkoutId: string }[] = [];
      const until = Date.now() + LOAD_MS;
      let next = 0;
      await Promise.all(
        Array.from({ length: 2 * WORKERS_PER_INSTANCE }, async (_, worker) => {
          while (Date.now() < until) results.push(await shop(instances[worker % 2]!.shop, next++));
        }),
      ).finally(() => clearInterval(killer));
      control.disconnect();
      expect(kills).toBeGreaterThan(LOAD_MS / KILL_EVERY_MS / 2);

      // One order per shopper, each its own.
      expect(new Set(results.map((r) => r.orderId)).size).toBe(results.length);
      const stores = admin.stores;
      for (const { orderId, checkoutId } of results) {
        const order = await stores.orders.get(orderId);
        expect(order).toMatchObject({ checkoutId, status: 'paid' });
        const payment = await stores.payments.get(order?.payment.paymentId ?? '');
        expect(payment?.ledger.filter((e) => e.kind === 'authorization' && e.state === 'succeeded')).toHaveLength(1);
        expect(payment?.ledger.filter((e) => e.kind === 'capture' && e.state === 'succeeded')).toHaveLength(1);
      }
      // Charged once: the gateways were asked for one charge per order (a call repeated with
      // its idempotency key is answered, not charged again; a new key would be a new charge).
      const charges = new Set(instances.flatMap((i) => i.gateway.calls.filter((c) => c.op === 'authorize').map((c) => c.idempotencyKey)));
      expect(charges.size).toBe(results.length);
      const mug = await admin.inventory.getInventoryStatus('MUG');
      expect([mug.onHand, mug.reserved]).toEqual([1000 - results.length, 0]);
      const sales = (await admin.inventory.listMovements({ sku: 'MUG', limit: 10_000 })).filter((m) => m.kind === 'sale');
      expect(sales).toHaveLength(results.length);
      for (const i of instances) await i.close();
    }, 60_000);
  }
});
