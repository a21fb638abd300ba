import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { MemoryCatalogStore } from '../../src/adapters/memory/catalog-store.js';
import { CatalogService, type ProductInput } from '../../src/catalog/index.js';
import { MemoryPromotionStore } from '../../src/adapters/memory/promotion-store.js';
import { CartService, type CartServiceOptions } from '../../src/cart/index.js';
import type { CartEvents } from '../../src/cart/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';

export type Recorded = { [K in keyof CartEvents]: { event: K; payload: CartEvents[K] } }[keyof CartEvents];

/** A line as a test writes it: the catalogue's product, its price and the quantity to add. */
export interface TestItem {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: { amount: string; currency: string };
  taxClass?: 'standard' | 'reduced' | 'zero';
  categories?: string[];
  weightGrams?: number;
  /** Whether the catalogue price includes tax (absent: as the service says). */
  taxIncluded?: boolean;
}

/**
 * A service on memory stores with a manual clock, sequential ids and a recorder of events,
 * pricing from a catalogue on a memory store (`pricing: 'caller'` to take prices from items).
 * `add(cartId, item)` is what a storefront does: the merchant has the item's product in the
 * catalogue at its price, the shopper adds `{ sku, quantity }`.
 */
export function setup(options: Partial<CartServiceOptions> & { store?: CartStore } = {}) {
  const clock = new ManualClock('2025-03-01T12:00:00.000Z');
  const ids = new SequentialIds();
  const store = options.store ?? new MemoryCartStore();
  const promotions = options.promotions ?? new MemoryPromotionStore();
  const catalog = new CatalogService({ store: new MemoryCatalogStore(), clock });
  const events: Recorded[] = [];
  const service = new CartService({
    clock,
    ids,
    catalog,
    ...options,
    store,
    promotions,
    events: { emit: (event, payload) => events.push({ event, payload } as Recorded) },
  });
  const named = <K extends keyof CartEvents>(name: K): CartEvents[K][] =>
    events.filter((e) => e.event === name).map((e) => e.payload as CartEvents[K]);
  const stock = (it: TestItem) => stockItem(catalog, it);
  const add = async (cartId: string, it: TestItem) => {
    await stock(it);
    return service.addItem(cartId, { sku: it.sku, quantity: it.quantity });
  };
  return { service, clock, ids, store, promotions, events, named, catalog, stock, add };
}

/**
 * Puts the item's product in the catalogue with the item's price for its SKU (in the item's
 * currency, replacing the SKU's price in that currency), creating or updating the product.
 */
export async function stockItem(catalog: CatalogService, it: TestItem): Promise<void> {
  const current = await catalog.getProduct(it.productId);
  const price = { currency: it.unitPrice.currency, amount: it.unitPrice.amount, ...(it.taxIncluded !== undefined ? { taxIncluded: it.taxIncluded } : {}) };
  const others = current?.variants.filter((v) => v.sku !== it.sku) ?? [];
  const variant = current?.variants.find((v) => v.sku === it.sku);
  const product: ProductInput = {
    id: it.productId,
    name: it.name,
    taxClass: it.taxClass ?? 'standard',
    weightGrams: it.weightGrams ?? 0,
    ...(it.categories?.[0] !== undefined ? { category: it.categories[0] } : {}),
    variants: [...others, { sku: it.sku, prices: [...(variant?.prices.filter((p) => p.currency !== price.currency) ?? []), price] }],
    version: current?.version ?? 0,
  };
  await catalog.saveProduct(product);
}

export function item(productId: string, price: string, quantity = 1, currency = 'EUR'): TestItem {
  return { productId, sku: `${productId}-sku`, name: `Product ${productId}`, quantity, unitPrice: { amount: price, currency } };
}

export { expectCode } from '../support/expect-code.js';
