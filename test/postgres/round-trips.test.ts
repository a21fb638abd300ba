// The stated bound on round trips per order placement (docs/postgres.md, "Round trips"):
// every statement the adapters send is counted at the pool (test/postgres/counting-pool.ts).
import { describe, expect, it } from 'vitest';
import { postgresAdapters } from '../../src/adapters/postgres/index.js';
import { createCommerce, type Commerce } from '../../src/index.js';
import { sampleOrder, TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { US_ADDRESS } from '../checkout/fixtures.js';
import { countingPool } from './counting-pool.js';
import { pgSkipReason, pgTestSpace } from './harness.js';

/**
 * `completeOrder` of a new order on PostgreSQL alone, whatever the number of lines (the
 * reservation is one step for every SKU, every other step is per order): the stated bound.
 */
const PLACEMENT_ROUND_TRIPS = 71;

const skip = await pgSkipReason('round trips');
const space = pgTestSpace('round_trips');

async function counted() {
  const { schema } = await space.schema();
  const pool = countingPool(space.pool());
  return { pool, adapters: postgresAdapters({ pool, schema, pruneEverySteps: 0 }) };
}

const event = (id: string, type: string) => ({ type, aggregateId: id, time: 1, schemaVersion: 1, payload: { orderId: id } });

async function readyToPay(shop: Commerce, skus: string[], n: number): Promise<string> {
  const cart = await shop.cart.createCart({ sessionId: `s${n}`, currency: 'USD' });
  for (const sku of skus) await shop.cart.addItem(cart.id, { sku, quantity: 1 });
  const { id } = await shop.checkout.startCheckout({ cartId: cart.id });
  await shop.checkout.updateGuestInfo({ checkoutId: id, email: `g${n}@example.com` });
  await shop.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: US_ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  return id;
}

describe.skipIf(skip)('PostgreSQL round trips', () => {
  it('an order create is 4 round trips and an update 3; recording events adds none', async () => {
    const { pool, adapters } = await counted();
    const trips = async (write: () => Promise<unknown>) => {
      const before = pool.statements;
      await write();
      return pool.statements - before;
    };
    expect(await trips(() => adapters.orders.create(sampleOrder('plain', 1)))).toBe(4);
    expect(await trips(() => adapters.orders.create(sampleOrder('rec', 1), { events: [event('rec', 'order.placed'), event('rec', 'order.paid')] }))).toBe(4);
    expect(await trips(() => adapters.orders.update({ ...sampleOrder('plain', 1), status: 'fulfilled' }, 1))).toBe(3);
    expect(await trips(() => adapters.orders.update({ ...sampleOrder('rec', 1), status: 'fulfilled' }, 1, { events: [event('rec', 'order.fulfilled')] }))).toBe(3);
  });

  it(`completeOrder places an order in at most ${PLACEMENT_ROUND_TRIPS} round trips, with 1 line or 5`, async () => {
    const { pool, adapters } = await counted();
    const shop = createCommerce({ adapters, payments: { gateways: [new TestGateway()], fraud: { velocity: false } } });
    const skus = ['A', 'B', 'C', 'D', 'E'].map((l) => `SKU-${l}`);
    for (const sku of skus) {
      await shop.catalog.saveProduct({ id: sku.toLowerCase(), name: sku, variants: [{ sku, prices: [{ currency: 'USD', amount: '3.00' }] }] });
      await shop.inventory.addInventoryItem({ sku, productName: sku, onHand: 100, costPerUnit: { amount: '1.00', currency: 'USD' } });
    }
    const counts: number[] = [];
    for (const [n, lines] of [skus.slice(0, 1), skus, skus.slice(0, 1)].entries()) {
      const checkoutId = await readyToPay(shop, lines, n);
      const before = pool.statements;
      const placed = await shop.checkout.completeOrder({ checkoutId });
      counts.push(pool.statements - before);
      expect(placed.replayed).toBe(false);
    }
    console.log(`completeOrder round trips (1 line, 5 lines, 1 line): ${counts.join(', ')}`);
    for (const count of counts) expect(count).toBeLessThanOrEqual(PLACEMENT_ROUND_TRIPS);
    expect(new Set(counts).size, 'the count does not grow with the lines').toBe(1);
  });
});
