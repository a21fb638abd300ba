// npm run bench:checkout: full checkouts per second (start -> complete) on in-memory adapters
// with carts of 1, 10 and 50 lines, median and p99 latency of completeOrder, next to a
// baseline measured in the same run: a naive sequential checkout that makes the same
// collaborator calls (price, reserve, charge with capture, confirm stock, delete cart) with
// none of the saga's bookkeeping (no checkout state, no idempotency claim, no order record,
// no undo). The ratio is what exactly-once placement costs on top of the work itself.
import { createCommerce, ShippingRateTable, TaxRateTable, type Commerce } from '../src/index.js';
import { TestGateway, TEST_TOKENS } from '../src/testing/index.js';
import { median, p99, sample, table } from './lib/measure.js';

const SIZES = [
  { lines: 1, runs: 300 },
  { lines: 10, runs: 150 },
  { lines: 50, runs: 50 },
] as const;
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

function shop(): Commerce {
  return createCommerce({
    cart: { tax: new TaxRateTable({ rates: [{ country: 'US', standard: '0.08' }] }), shipping: new ShippingRateTable([{ kind: 'flat', id: 'std', name: 'Standard', price: { amount: '5.00', currency: 'USD' } }]) },
    // Every bench payment uses the same test card: the velocity rule would (rightly) block it.
    payments: { gateways: [new TestGateway()], fraud: { velocity: false } },
  });
}

async function stock(s: Commerce, lines: number): Promise<void> {
  for (let i = 0; i < lines; i++) {
    await s.catalog.saveProduct({ id: `p-${i}`, name: `Item ${i}`, variants: [{ sku: `SKU-${i}`, prices: [{ currency: 'USD', amount: `${(i % 20) + 1}.99` }] }] });
    await s.inventory.addInventoryItem({ sku: `SKU-${i}`, productName: `Item ${i}`, onHand: 1_000_000, costPerUnit: { amount: '1.00', currency: 'USD' } });
  }
}

async function fill(s: Commerce, lines: number, n: number): Promise<string> {
  const cart = await s.cart.createCart({ sessionId: `sess-${n}` });
  for (let i = 0; i < lines; i++) {
    await s.cart.addItem(cart.id, { sku: `SKU-${i}`, quantity: 1 + (i % 3) });
  }
  return cart.id;
}

async function fullCheckout(s: Commerce, cartId: string, n: number, completeTimes: number[]): Promise<void> {
  const { id } = await s.checkout.startCheckout({ cartId });
  await s.checkout.updateGuestInfo({ checkoutId: id, email: `shopper${n}@example.com` });
  await s.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: ADDRESS });
  await s.checkout.updatePaymentInfo({ checkoutId: id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  const start = process.hrtime.bigint();
  const placed = await s.checkout.completeOrder({ checkoutId: id });
  completeTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (placed.status !== 'paid') throw new Error(`bench: order ${placed.orderId} is ${placed.status}`);
}

async function naiveCheckout(s: Commerce, cartId: string, n: number): Promise<void> {
  const cart = await s.cart.getCart(cartId);
  if (!cart) throw new Error('bench: cart vanished');
  const priced = await s.cart.priceCart(cartId, { destination: { country: 'US', region: 'IL', postalCode: '62701' } });
  const held = await s.inventory.reserveItems(cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), { orderId: `naive-${n}` });
  const paid = await s.payments.processPayment({ orderId: `naive-${n}`, amount: priced.total, method: 'credit_card', paymentToken: TEST_TOKENS.approve, customer: { email: `naive${n}@example.com` }, capture: true });
  if (paid.status !== 'captured') throw new Error(`bench: naive payment ${paid.status}`);
  await s.inventory.confirmReservation(held.id);
  await s.cart.deleteCart(cartId);
}

const rows: Record<string, string | number>[] = [];
for (const { lines, runs } of SIZES) {
  const s = shop();
  await stock(s, lines);
  const total = runs * 2 + 60;
  const carts: string[] = [];
  for (let n = 0; n < total; n++) carts.push(await fill(s, lines, n));
  let next = 0;
  const take = (): string => carts[next++] ?? '';
  // Warm-up of both paths, then interleaved-free runs of each.
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) await fullCheckout(s, take(), -i - 1, warm);
  for (let i = 0; i < 30; i++) await naiveCheckout(s, take(), -i - 1);
  const completeTimes: number[] = [];
  const full = await sample(runs, (i) => fullCheckout(s, take(), i, completeTimes));
  const naive = await sample(runs, (i) => naiveCheckout(s, take(), i));
  completeTimes.sort((a, b) => a - b);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const fullPerSec = (runs * 1000) / sum(full);
  const naivePerSec = (runs * 1000) / sum(naive);
  rows.push({
    lines,
    checkouts: runs,
    'checkouts/s': fullPerSec,
    'complete p50 ms': median(completeTimes),
    'complete p99 ms': p99(completeTimes),
    'naive/s (baseline)': naivePerSec,
    'naive p50 ms': median(naive),
    'complete p50 / naive p50': median(completeTimes) / median(naive),
    'checkouts/s / naive/s': fullPerSec / naivePerSec,
  });
}
console.log('checkout bench: in-memory adapters, one process, sequential (start -> complete, capture on placement)');
table(rows);
