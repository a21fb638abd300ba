// The demo shop: a catalogue of real products, one createCommerce on in-memory adapters, and
// the steps a storefront takes for a shopper.
import { readFileSync } from 'node:fs';
import { createCommerce, isCommerceError, Money, ShippingRateTable, TaxRateTable, type CheckoutPriceChange, type Commerce, type Order, type ReorderRequest } from '../src/index.js';
import { TestGateway, TEST_TOKENS } from '../src/testing/index.js';

/** A product of demo/catalogue.json: one SKU, its median price in the data set. */
export interface Product {
  productId: string;
  sku: string;
  name: string;
  price: string;
  category: string;
}

export interface Catalogue {
  source: string;
  currency: string;
  products: Product[];
}

export function loadCatalogue(): Catalogue {
  return JSON.parse(readFileSync(new URL('./catalogue.json', import.meta.url), 'utf8')) as Catalogue;
}

export const FRAUDSTER_EMAIL = 'mallory@example.net';

export const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

/** One shop: services wired by createCommerce, a test gateway, reorders collected for printing. */
export function openShop(catalogue: Catalogue): { shop: Commerce; gateway: TestGateway; reorders: ReorderRequest[] } {
  const currency = catalogue.currency;
  const reorders: ReorderRequest[] = [];
  const gateway = new TestGateway({ cardCountry: 'GB' });
  const shop = createCommerce({
    cart: {
      defaultCurrency: currency,
      // HMRC Notice 700/24: delivery charged with the goods takes the goods' VAT rate(s).
      tax: new TaxRateTable({ rates: [{ country: 'GB', standard: '0.2', reduced: '0.05', shipping: 'proportional' }] }),
      shipping: new ShippingRateTable([
        { kind: 'free_over', id: 'standard', name: 'Royal Mail 2nd class', price: { amount: '3.95', currency }, threshold: { amount: '40.00', currency } },
        { kind: 'flat', id: 'express', name: 'Next-day courier', price: { amount: '7.50', currency } },
      ]),
    },
    inventory: {
      reorderSink: {
        requestReorder: (r) => {
          reorders.push(r);
          return Promise.resolve();
        },
      },
    },
    payments: { gateways: [gateway], fraud: { lists: { block: { emails: [FRAUDSTER_EMAIL] } } } },
    checkout: { formatOrderNumber: (n) => `ORD-${String(n).padStart(6, '0')}` },
  });
  return { shop, gateway, reorders };
}

/** Every product into the shop's catalogue: the only place a cart line's price comes from. */
export async function loadProducts(shop: Commerce, catalogue: Catalogue): Promise<void> {
  for (const p of catalogue.products) {
    await shop.catalog.saveProduct({
      id: p.productId,
      name: p.name,
      category: p.category,
      variants: [{ sku: p.sku, prices: [{ currency: catalogue.currency, amount: p.price }] }],
    });
  }
}

/** Stock for every product: a few sit just above their reorder point so a sale trips it. */
export async function loadStock(shop: Commerce, catalogue: Catalogue, nearReorder: readonly string[]): Promise<void> {
  for (const [i, p] of catalogue.products.entries()) {
    const low = nearReorder.includes(p.sku);
    await shop.inventory.addInventoryItem({
      sku: p.sku,
      productName: p.name,
      onHand: low ? 6 : 40 + ((i * 7) % 30),
      reorderPoint: 5,
      reorderQuantity: 48,
      // Supplier cost: 45% of the shelf price, rounded to the penny.
      costPerUnit: Money.of(p.price, catalogue.currency).multiply('0.45').round().toJSON(),
      supplierId: `supplier-${p.category}`,
      location: `aisle-${p.category}`,
    });
  }
}

export function product(catalogue: Catalogue, sku: string): Product {
  const found = catalogue.products.find((p) => p.sku === sku);
  if (!found) throw new Error(`demo: no product ${sku} in the catalogue`);
  return found;
}

/** Puts `quantity` of a SKU in a cart: the shop prices it from its catalogue. */
export async function addToCart(shop: Commerce, cartId: string, sku: string, quantity: number): Promise<void> {
  await shop.cart.addItem(cartId, { sku, quantity });
}

export type CheckoutOutcome =
  | { placed: true; order: Order; priceChanges: readonly CheckoutPriceChange[] }
  | { placed: false; step: string; code: string; message: string };

/**
 * Checks a cart out: address, email (guests), payment token, review, complete at the total
 * reviewed (any price that moved since the lines were added is in the review).
 */
export async function checkOut(shop: Commerce, cartId: string, who: { userId?: string; email: string; token: string }): Promise<CheckoutOutcome> {
  const started = await shop.checkout.startCheckout({ cartId, ...(who.userId ? { userId: who.userId, email: who.email } : {}) });
  if (!who.userId) await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: who.email });
  await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: who.token });
  const summary = await shop.checkout.getCheckoutSummary({ checkoutId: started.id });
  try {
    const placed = await shop.checkout.completeOrder({ checkoutId: started.id, expectedTotal: summary.total });
    const order = await shop.orders.getOrder({ orderId: placed.orderId });
    if (!order) throw new Error('demo: the placed order cannot be read back');
    return { placed: true, order, priceChanges: summary.priceChanges };
  } catch (error) {
    if (!isCommerceError(error) || error.code !== 'CHECKOUT_FAILED') throw error;
    const details = error.details as { step?: string; code?: string };
    return { placed: false, step: details.step ?? '?', code: details.code ?? '?', message: error.message };
  }
}

export { TEST_TOKENS };
