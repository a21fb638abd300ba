// npm run demo: the library's main job on in-memory adapters, on 40 real products.
import { isCommerceError, Money, type MoneyJSON, type Order } from '../src/index.js';
import { trainOnHistory } from './recommendations.js';
import { addToCart, checkOut, FRAUDSTER_EMAIL, loadCatalogue, loadProducts, loadStock, openShop, product, TEST_TOKENS, type CheckoutOutcome } from './shop.js';

const catalogue = loadCatalogue();
const { shop, reorders } = openShop(catalogue);
const gbp = (m: MoneyJSON | Money): string => (m instanceof Money ? m : Money.fromJSON(m)).format('en-GB');
const say = (line = ''): void => console.log(line);

// The products the shoppers buy; the first three sit just above their reorder point.
const CAKESTAND = 'SKU-22423';
const HEART = 'SKU-85123A';
const BUNTING = 'SKU-47566';
const TINS = 'SKU-22720';
const CASES = 'SKU-21212';
const BOUGHT = [CAKESTAND, HEART, BUNTING, TINS, CASES];

say(`commerce-kernel demo: ${catalogue.products.length} products, prices in ${catalogue.currency}`);
say(`catalogue: ${catalogue.source}`);
await loadProducts(shop, catalogue);
await loadStock(shop, catalogue, [CAKESTAND, HEART, BUNTING]);
const kitchen = await shop.catalog.listProducts({ category: 'kitchen', active: true, limit: 3 });
say(`kitchen, first page: ${kitchen.products.map((p) => p.name).join('; ')} (more: ${kitchen.cursor ? 'yes' : 'no'})`);
await shop.cart.savePromotion({ id: 'spring', code: 'SPRING10', kind: 'percentage', percent: '10', usageLimit: 500 });

// What a host wires once: every placed order teaches the recommendation engine.
const learning: Promise<unknown>[] = [];
shop.events.on('order.placed', (e) => {
  const learn = async (): Promise<void> => {
    const order = await shop.orders.getOrder({ orderId: e.orderId });
    for (const line of order?.lines ?? []) {
      await shop.recommendations.addInteraction({ userId: e.customerId ?? e.email, productId: line.productId, type: 'purchase', orderId: e.orderId });
    }
  };
  learning.push(learn());
});

// Alice saved a cart while signed in last week; today she browses as a guest, then logs in.
const saved = await shop.cart.createCart({ sessionId: 'sess-alice-laptop', userId: 'alice' });
await addToCart(shop, saved.id, CAKESTAND, 1);
const browsing = await shop.cart.createCart({ sessionId: 'sess-alice-phone' });
await addToCart(shop, browsing.id, CAKESTAND, 1);
await addToCart(shop, browsing.id, HEART, 4);
await addToCart(shop, browsing.id, BUNTING, 2);
const merged = await shop.cart.mergeCarts(saved.id, browsing.id, { strategy: 'max' });
await shop.cart.applyCoupon(merged.id, 'spring10');
say();
say(`alice logs in: her guest cart merges into her saved cart (${merged.itemCount} items), coupon SPRING10 applied`);

// A guest (Bob) and a fraudster fill carts too.
const bob = await shop.cart.createCart({ sessionId: 'sess-bob' });
await addToCart(shop, bob.id, TINS, 2);
await addToCart(shop, bob.id, CASES, 10);
const mallory = await shop.cart.createCart({ sessionId: 'sess-mallory' });
await addToCart(shop, mallory.id, CAKESTAND, 3);
// A price sent with a line is refused: the cart takes prices from the catalogue only.
const tampered = await shop.cart.addItem(mallory.id, { sku: CAKESTAND, quantity: 1, unitPrice: { amount: '0.01', currency: catalogue.currency } }).catch((e: unknown) => e);
say();
say(`mallory edits the request to pay 0.01 for a cakestand: ${isCommerceError(tampered) ? tampered.code : 'accepted?!'}`);

// The merchant raises the price of the heart holders while alice shops: her cart shows what
// she added them at, checkout charges the catalogue's price and her summary says so.
const heart = await shop.catalog.getProduct(product(catalogue, HEART).productId);
if (!heart) throw new Error('demo: the heart holder is missing from the catalogue');
await shop.catalog.saveProduct({ ...heart, variants: [{ sku: HEART, prices: [{ currency: catalogue.currency, amount: '3.25' }] }] });
say(`the merchant reprices ${heart.name}: ${gbp(Money.of(product(catalogue, HEART).price, catalogue.currency))} -> ${gbp(Money.of('3.25', catalogue.currency))}`);

const report = (who: string, outcome: CheckoutOutcome): void => {
  if (!outcome.placed) {
    say(`${who}: refused at step '${outcome.step}' (${outcome.code})`);
    return;
  }
  say(`${who}: order ${outcome.order.number} placed, ${gbp(outcome.order.total)}, status ${outcome.order.status}`);
  for (const c of outcome.priceChanges) say(`  reviewed before paying: ${c.name} was ${gbp(c.cartUnitPrice)} in the cart, ${gbp(c.unitPrice)} now`);
};
say();
say('checkouts:');
report('mallory (guest, on the fraud block list)', await checkOut(shop, mallory.id, { email: FRAUDSTER_EMAIL, token: TEST_TOKENS.approve }));
report('bob (guest, card declined by the bank)', await checkOut(shop, bob.id, { email: 'bob@example.com', token: TEST_TOKENS.decline }));
const alice = await checkOut(shop, merged.id, { userId: 'alice', email: 'alice@example.com', token: TEST_TOKENS.approve });
report('alice (signed in)', alice);
if (!alice.placed) throw new Error('demo: alice should have placed her order');

say();
printOrder(alice.order);

say();
say('stock after the day (on hand / reserved / available, reorder point):');
for (const sku of BOUGHT) {
  const item = await shop.inventory.getInventoryStatus(sku);
  say(`  ${sku.padEnd(12)} ${item.productName.slice(0, 36).padEnd(36)} ${String(item.onHand).padStart(3)} / ${item.reserved} / ${String(item.available).padStart(3)}  (${item.status}, reorder at ${item.reorderPoint})`);
}
say();
say(`reorder requests (${reorders.length}; a reservation that takes available stock to the reorder point asks, even if it is released later):`);
for (const r of reorders) say(`  ${r.requestId.padEnd(16)} ${String(r.quantity).padStart(3)} x ${r.productName} from ${r.supplierId} at ${gbp(r.costPerUnit)} each (available ${r.available})`);
const spring = await shop.stores.promotions.getUsage('spring');
let reservedLeft = 0;
for (const sku of BOUGHT) reservedLeft += (await shop.inventory.getInventoryStatus(sku)).reserved;
say();
say(`coupon SPRING10 used ${spring.used} time(s), by the one order placed`);
// Say what happened: the refused checkouts reserved stock before they were refused, released
// it, and their reservations may already have asked for a reorder (listed above).
say(`the declined and blocked checkouts reserved stock, then released it (units still reserved: ${reservedLeft}); they used no coupon and charged nothing, and the reorders their reservations asked for stand`);

await Promise.all(learning);
const trained = await trainOnHistory(shop, catalogue, Date.now());
const name = (productId: string): string => catalogue.products.find((p) => p.productId === productId)?.name ?? productId;
say();
say(`recommendations, trained on ${trained.purchases} real purchases plus today's order in ${trained.seconds.toFixed(2)} s`);
say(`(${trained.source})`);
say('for alice, nothing she has bought:');
for (const r of await shop.recommendations.getRecommendations('alice', { limit: 5, excludePurchased: true })) {
  say(`  ${name(r.productId).padEnd(40)} ${r.reason} [${r.contributions.map((c) => c.algorithm).join(', ')}]`);
}
const cakestand = product(catalogue, CAKESTAND).productId;
say(`similar to ${name(cakestand)}:`);
for (const r of await shop.recommendations.getSimilarProducts(cakestand, { limit: 3 })) say(`  ${name(r.productId).padEnd(40)} ${r.reason}`);
const bunting = product(catalogue, BUNTING).productId;
say(`often bought with ${name(bunting)}:`);
for (const r of await shop.recommendations.getFrequentlyBoughtTogether(bunting, { limit: 3 })) {
  say(`  ${name(r.productId).padEnd(40)} in ${r.orders} orders (${(r.confidence * 100).toFixed(0)}% of its orders)`);
}

function printOrder(order: Order): void {
  const row = (label: string, amount: string): void => say(`  ${label.padEnd(44)} ${amount.padStart(19)}`);
  say(`order ${order.number} for ${order.email} (${order.status}, payment ${order.payment.status})`);
  say(`  ${'qty'.padStart(3)}   ${'item'.padEnd(38)} ${'unit'.padStart(8)}  ${'with VAT'.padStart(9)}`);
  for (const line of order.lines) {
    say(`  ${String(line.quantity).padStart(3)} x ${line.name.padEnd(38)} ${gbp(line.unitPrice).padStart(8)}  ${gbp(line.total).padStart(9)}`);
  }
  row('subtotal (before VAT)', gbp(order.subtotal));
  for (const p of order.promotions) row(`discount ${p.code ?? p.id}`, `-${gbp(p.amount)}`);
  if (order.shipping) {
    row(`delivery: ${order.shipping.name}`, gbp(order.shipping.price));
    row('  VAT on delivery', gbp(order.shipping.tax ?? Money.zero(order.currency).toJSON()));
  }
  for (const e of order.taxSummary ?? []) {
    if (Money.fromJSON(e.tax).isZero()) continue;
    row(`VAT ${(Number(e.rate) * 100).toFixed(0)}% on ${gbp(e.taxable)}`, gbp(e.tax));
  }
  row('VAT total', gbp(order.taxTotal));
  row('total', gbp(order.total));
  say(`  ships to ${order.shippingAddress.firstName} ${order.shippingAddress.lastName}, ${order.shippingAddress.line1}, ${order.shippingAddress.city} ${order.shippingAddress.postalCode}`);
}
