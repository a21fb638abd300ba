// npm run bench:http: the storefront's cart and checkout endpoints over loopback HTTP (a
// bounded loop of fetch calls, keep-alive), next to the same library calls made in process
// in the same run. The ratio is what the HTTP layer (Fastify, JSON, the session cookie, the
// edge validation, the loopback socket) adds on top of the library's own work.
import { TEST_TOKENS } from '../src/testing/index.js';
import { buildStorefront } from '../examples/storefront/app.js';
import { HOME } from '../examples/storefront/context.js';
import { Shopper } from '../test/storefront/client.js';
import { measure, table } from './lib/measure.js';

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const SKU = 'SKU-22720';
const PRODUCT = '22720';
const CART_OPS = 3000;
const CHECKOUTS = 300;
const CONCURRENCY = 8;

const { app, storefront } = await buildStorefront({ history: 'none', velocityChecks: false });
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const { shop } = storefront;
await shop.inventory.updateStock(SKU, 10_000_000, 'set');

// Cart: change a line's quantity and answer the priced cart (PATCH /api/cart/items/...).
const shoppers = await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  const s = new Shopper(base);
  await s.post('/api/cart/items', { sku: SKU, quantity: 1 });
  return s;
}));
const patch = (k: number) => async (s: Shopper): Promise<void> => {
  const answer = await s.patch(`/api/cart/items/${PRODUCT}/${SKU}`, { quantity: 1 + (k % 9) });
  if (answer.status !== 200) throw new Error(`bench: cart answered ${answer.status}`);
};
const cartId = (await shop.cart.createCart({ sessionId: 'bench-in-process' })).id;
await shop.cart.addItem(cartId, { sku: SKU, quantity: 1 });
const cartInProcess = async (k: number): Promise<void> => {
  await shop.cart.updateQuantity(cartId, PRODUCT, SKU, 1 + (k % 9));
  await shop.cart.priceCart(cartId, { destination: HOME });
};

// Checkout: one guest's whole checkout, six requests (add, start, email, address, payment, complete).
let n = 0;
const checkoutOverHttp = async (): Promise<void> => {
  const s = new Shopper(base);
  const k = n++;
  await s.post('/api/cart/items', { sku: SKU, quantity: 1 });
  await s.post('/api/checkout');
  await s.post('/api/checkout/guest', { email: `http${k}@example.com` });
  await s.post('/api/checkout/shipping', { shippingAddress: ADDRESS });
  const { body: summary } = await s.post('/api/checkout/payment', { method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  const placed = await s.post('/api/checkout/complete', { expectedTotal: summary.total });
  if (placed.status !== 201) throw new Error(`bench: checkout answered ${placed.status} ${JSON.stringify(placed.body)}`);
};
// The same service calls the routes make (each step answers the summary, as the API does).
const checkoutInProcess = async (): Promise<void> => {
  const k = n++;
  const cart = await shop.cart.createCart({ sessionId: `bench-${k}` });
  await shop.cart.addItem(cart.id, { sku: SKU, quantity: 1 });
  await shop.cart.priceCart(cart.id, { destination: HOME });
  const { id: checkoutId } = await shop.checkout.startCheckout({ cartId: cart.id });
  await shop.checkout.getCheckoutSummary({ checkoutId });
  await shop.checkout.updateGuestInfo({ checkoutId, email: `lib${k}@example.com` });
  await shop.checkout.getCheckoutSummary({ checkoutId });
  await shop.checkout.updateShippingInfo({ checkoutId, shippingAddress: ADDRESS });
  await shop.checkout.getCheckoutSummary({ checkoutId });
  await shop.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  const summary = await shop.checkout.getCheckoutSummary({ checkoutId });
  await shop.checkout.completeOrder({ checkoutId, expectedTotal: summary.total });
};

// Warm up both paths (JIT, connection pool), then measure.
await measure(300, CONCURRENCY, (k) => patch(k)(shoppers[k % CONCURRENCY]!));
await measure(300, 1, cartInProcess);
await measure(30, 4, checkoutOverHttp);
await measure(30, 1, checkoutInProcess);

const cartHttp = await measure(CART_OPS, CONCURRENCY, (k) => patch(k)(shoppers[k % CONCURRENCY]!));
const cartHttpSerial = await measure(CART_OPS / 3, 1, (k) => patch(k)(shoppers[0]!));
const cartLib = await measure(CART_OPS, 1, cartInProcess);
const checkoutHttp = await measure(CHECKOUTS, CONCURRENCY, checkoutOverHttp);
const checkoutHttpSerial = await measure(CHECKOUTS / 3, 1, checkoutOverHttp);
const checkoutLib = await measure(CHECKOUTS, 1, checkoutInProcess);
await app.close();

const ms = (x: number): string => x.toFixed(3);
console.log(`storefront over loopback HTTP (Fastify, memory stores), node ${process.version}; concurrency ${CONCURRENCY} for req/s, 1 for time per request`);
table([
  {
    endpoint: 'PATCH /api/cart/items (update, priced cart)',
    'req/s': cartHttp.opsPerSec.toFixed(0),
    'HTTP ms/req p50': ms(cartHttpSerial.p50Ms),
    'library ms/op p50': ms(cartLib.p50Ms),
    'HTTP / library': `${(cartHttpSerial.p50Ms / cartLib.p50Ms).toFixed(1)}x`,
  },
  {
    endpoint: 'checkout: 6 requests, add -> complete',
    'req/s': `${(checkoutHttp.opsPerSec * 6).toFixed(0)} (${checkoutHttp.opsPerSec.toFixed(0)} checkouts/s)`,
    'HTTP ms/req p50': ms(checkoutHttpSerial.p50Ms / 6),
    'library ms/op p50': ms(checkoutLib.p50Ms / 6),
    'HTTP / library': `${(checkoutHttpSerial.p50Ms / checkoutLib.p50Ms).toFixed(1)}x`,
  },
]);
console.log('HTTP ms/req and library ms/op are per request (a checkout\'s time / 6); the ratio is the whole HTTP time over the library\'s for the same calls.');
