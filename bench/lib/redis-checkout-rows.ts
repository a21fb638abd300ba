// The full-checkout row of bench/redis.bench.ts: createCommerce on the Redis adapters, each
// operation one shopper's whole path (cart, start, guest, address, payment, completeOrder).
// Round trips are counted through the script client; oversell and duplicate orders checked.
import { randomUUID } from 'node:crypto';
import { redisAdapters, toScriptClient, type RedisClientInput } from '../../src/adapters/redis/index.js';
import { createCommerce } from '../../src/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { counting } from './counting-client.js';
import { measure, type Measurement } from './measure.js';

type Row = (name: string, m: Measurement, trips: number | string, lost?: number | string) => void;

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

export async function checkoutRows(input: { client: RedisClientInput; prefix: string; concurrency: number; ops: number; row: Row }): Promise<void> {
  const { concurrency, ops, row } = input;
  const trips = counting(toScriptClient(input.client));
  const prefix = `${input.prefix}checkout-${concurrency}-${randomUUID().slice(0, 4)}:`;
  // Velocity screening off: every bench shopper pays with the same test card.
  const shop = createCommerce({ adapters: redisAdapters({ client: trips.client, prefix }), payments: { gateways: [new TestGateway()], fraud: { velocity: false } } });
  const stock = ops * 2;
  await shop.inventory.addInventoryItem({ sku: 'MUG', productName: 'Mug', onHand: stock, costPerUnit: { amount: '4.00', currency: 'USD' } });

  const checkout = async (i: number): Promise<string> => {
    const cart = await shop.cart.createCart({ sessionId: `s${i}`, currency: 'USD' });
    await shop.cart.addItem(cart.id, { productId: 'mug', sku: 'MUG', name: 'Mug', quantity: 1, unitPrice: { amount: '12.50', currency: 'USD' } });
    const { id } = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId: id, email: `shopper${i}@example.com` });
    await shop.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
    await shop.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
    return (await shop.checkout.completeOrder({ checkoutId: id })).orderId;
  };

  const before = trips.trips();
  const orderIds = new Set<string>();
  const m = await measure(ops, concurrency, async (i) => orderIds.add(await checkout(i)));
  const mug = await shop.inventory.getInventoryStatus('MUG');
  const sold = stock - mug.onHand;
  const wrong = (sold !== ops ? 1 : 0) + (orderIds.size !== ops ? 1 : 0) + (mug.reserved !== 0 ? 1 : 0);
  row('full checkout (cart -> completeOrder)', m, ((trips.trips() - before) / ops).toFixed(1), wrong === 0 ? `0 (${ops} orders, ${sold} sold)` : `MISMATCH: ${orderIds.size} orders, ${sold} sold, ${mug.reserved} held`);
}
