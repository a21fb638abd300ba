import type { BinInfo } from '../../ports/bin-lookup.js';
import type { Clock } from '../../ports/clock.js';
import type { CommerceAdapters } from '../../ports/commerce-stores.js';
import { MemoryBinLookup } from './bin-lookup.js';
import { MemoryCartStore } from './cart-store.js';
import { MemoryCatalogStore } from './catalog-store.js';
import { MemoryCheckoutStore } from './checkout-store.js';
import { MemoryEventLog } from './event-log.js';
import { MemoryGeoIp } from './geo-ip.js';
import { MemoryIdempotencyStore } from './idempotency-store.js';
import { MemoryInteractionStore } from './interaction-store.js';
import { MemoryInventoryStore } from './inventory-store.js';
import { MemoryModelSnapshotStore } from './model-snapshot-store.js';
import { MemoryOrderStore } from './order-store.js';
import { MemoryPaymentStore } from './payment-store.js';
import { MemoryPromotionStore } from './promotion-store.js';
import { MemoryVelocityStore } from './velocity-store.js';

export { MemoryIdempotencyStore } from './idempotency-store.js';
export { MemoryEventLog } from './event-log.js';
export { MemoryCheckoutStore } from './checkout-store.js';
export { MemoryOrderStore } from './order-store.js';
export { MemoryPaymentStore } from './payment-store.js';
export { MemoryVelocityStore } from './velocity-store.js';
export { MemoryGeoIp } from './geo-ip.js';
export { MemoryBinLookup } from './bin-lookup.js';
export { MemoryCartStore } from './cart-store.js';
export { MemoryCatalogStore } from './catalog-store.js';
export { MemoryPromotionStore } from './promotion-store.js';
export { MemoryInventoryStore } from './inventory-store.js';
export { MemoryInteractionStore } from './interaction-store.js';
export { MemoryModelSnapshotStore } from './model-snapshot-store.js';

export interface MemoryAdaptersOptions {
  /**
   * Time source of the stores that expire entries (checkouts, idempotency claims) and of the
   * model snapshots' `savedAt`; pass the services' clock.
   */
  clock?: Clock;
  /** IP (or IPv4 CIDR block) to ISO country, for the fraud geography rule. Default empty. */
  geoIp?: Record<string, string>;
  /** Card BIN to what is known of it, for the fraud geography rule. Default empty. */
  binLookup?: Record<string, BinInfo>;
}

/** The memory adapters, each under its concrete type so a test or demo can reach its extras. */
export interface MemoryAdapters extends CommerceAdapters {
  catalog: MemoryCatalogStore;
  carts: MemoryCartStore;
  promotions: MemoryPromotionStore;
  inventory: MemoryInventoryStore;
  checkouts: MemoryCheckoutStore;
  orders: MemoryOrderStore;
  payments: MemoryPaymentStore;
  velocity: MemoryVelocityStore;
  idempotency: MemoryIdempotencyStore;
  interactions: MemoryInteractionStore;
  /** Trained recommendation models (newest 3 versions per name), for `saveModel` / `loadModel`. */
  modelSnapshots: MemoryModelSnapshotStore;
  /** The durable events the stores record with their changes (order.*, payment.*, checkout.*, catalog.*, inventory.*), for `shop.subscribe`. */
  eventLog: MemoryEventLog;
  geoIp: MemoryGeoIp;
  binLookup: MemoryBinLookup;
}

/**
 * A fresh in-memory store for every port, for one process (tests, demos, a single-instance
 * app). State lives as long as the returned object; nothing is shared between two calls.
 */
export function memoryAdapters(options: MemoryAdaptersOptions = {}): MemoryAdapters {
  const clock = options.clock ? { clock: options.clock } : {};
  const eventLog = new MemoryEventLog(clock);
  return {
    catalog: new MemoryCatalogStore({ events: eventLog }),
    carts: new MemoryCartStore(),
    promotions: new MemoryPromotionStore(),
    inventory: new MemoryInventoryStore({ events: eventLog }),
    checkouts: new MemoryCheckoutStore({ ...clock, events: eventLog }),
    orders: new MemoryOrderStore({ events: eventLog }),
    payments: new MemoryPaymentStore({ events: eventLog }),
    velocity: new MemoryVelocityStore(),
    idempotency: new MemoryIdempotencyStore(clock),
    interactions: new MemoryInteractionStore(),
    modelSnapshots: new MemoryModelSnapshotStore(clock),
    eventLog,
    geoIp: new MemoryGeoIp(options.geoIp ?? {}),
    binLookup: new MemoryBinLookup(options.binLookup ?? {}),
  };
}
