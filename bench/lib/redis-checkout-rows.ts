// The full-checkout row of bench/redis.bench.ts: createCommerce on the Redis adapters, each
// operation one shopper's whole path (cart, start, guest, address, payment, completeOrder).
// After the last round: no oversell, one order per checkout, nothing left reserved.
import { randomUUID } from 'node:crypto';
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { counting } from './counting-client.js';
import type { BenchRow } from './interleave.js';

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

export async function checkoutRow(input: { client: RedisScriptClient; prefix: string; batch: number; rounds: number }): Promise<BenchRow> {
  const trips = counting(input.client);
  const prefix = `${input.prefix}checkout-${randomUUID().slice(0, 4)}:`;
  // Velocity screening off: every bench shopper pays with the same test card.
  const shop = createCommerce({ adapters: redisAdapters({ client: trips.client, prefix }), payments: { gateways: [new TestGateway()], fraud: { velocity: false } } });
  const attempts = input.batch * input.rounds;
  const stock = attempts * 2;
  await shop.catalog.saveProduct({ id: 'mug', name: 'Mug', variants: [{ sku: 'MUG', prices: [{ currency: 'USD', amount: '12.50' }] }] });
  await shop.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: stock, costPerUnit: { amount: '4.00', currency: 'USD' } });
  const orderIds = new Set<string>();
  let done = 0;

  return {
    name: 'full checkout (cart -> completeOrder)',
    batch: input.batch,
    trips: [['', trips.trips]],
    op: async (i) => {
      const cart = await shop.cart.createCart({ sessionId: `s${i}`, currency: 'USD' });
      await shop.cart.addItem(cart.id, { sku: 'MUG', quantity: 1 });
      const { id } = await shop.checkout.startCheckout({ cartId: cart.id });
      await shop.checkout.updateGuestInfo({ checkoutId: id, email: `shopper${i}@example.com` });
      await shop.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
      await shop.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
      orderIds.add((await shop.checkout.completeOrder({ checkoutId: id })).orderId);
      done += 1;
    },
    check: async () => {
      const mug = await shop.inventory.getInventoryStatus('MUG');
      const sold = stock - mug.onHand;
      const right = sold === done && orderIds.size === done && mug.reserved === 0;
      return right ? `0 (${done} orders, ${sold} sold)` : `MISMATCH: ${orderIds.size} orders, ${sold} sold, ${mug.reserved} held`;
    },
  };
}
