import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { MemoryPromotionStore } from '../../src/adapters/memory/promotion-store.js';
import { CartService, type CartServiceOptions } from '../../src/cart/index.js';
import type { CartEvents } from '../../src/cart/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';

export type Recorded = { [K in keyof CartEvents]: { event: K; payload: CartEvents[K] } }[keyof CartEvents];

/** A service on memory stores with a manual clock, sequential ids and a recorder of events. */
export function setup(options: Partial<CartServiceOptions> & { store?: CartStore } = {}) {
  const clock = new ManualClock('2025-03-01T12:00:00.000Z');
  const ids = new SequentialIds();
  const store = options.store ?? new MemoryCartStore();
  const promotions = options.promotions ?? new MemoryPromotionStore();
  const events: Recorded[] = [];
  const service = new CartService({
    clock,
    ids,
    ...options,
    store,
    promotions,
    events: { emit: (event, payload) => events.push({ event, payload } as Recorded) },
  });
  const named = <K extends keyof CartEvents>(name: K): CartEvents[K][] =>
    events.filter((e) => e.event === name).map((e) => e.payload as CartEvents[K]);
  return { service, clock, ids, store, promotions, events, named };
}

export function item(productId: string, price: string, quantity = 1, currency = 'EUR') {
  return { productId, sku: `${productId}-sku`, name: `Product ${productId}`, quantity, unitPrice: { amount: price, currency } };
}

export { expectCode } from '../support/expect-code.js';
