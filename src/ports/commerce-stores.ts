import type { BinLookup } from './bin-lookup.js';
import type { CartStore } from './cart-store.js';
import type { CatalogStore } from './catalog-store.js';
import type { CheckoutStore } from './checkout-store.js';
import type { EventLog } from './event-log.js';
import type { GeoIp } from './geo-ip.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { InteractionStore } from './interaction-store.js';
import type { InventoryStore } from './inventory-store.js';
import type { ModelSnapshotStore } from './model-snapshot-store.js';
import type { OrderStore } from './order-store.js';
import type { PaymentStore } from './payment-store.js';
import type { PromotionStore } from './promotion-store.js';
import type { VelocityStore } from './velocity-store.js';

/**
 * Every store that holds shared state, one per port, under stable keys. A set of adapters
 * (memory, Redis, PostgreSQL) answers this shape, so `createCommerce` wires any of them the
 * same way, and members may come from different families (e.g. carts, checkouts, velocity and
 * idempotency on Redis; orders, payments, inventory, promotions and the catalogue on
 * PostgreSQL). No two members need share a backend: every store step is atomic within its
 * own store and safe to replay, and the checkout saga never relies on a transaction spanning
 * two stores (it records its progress on the checkout and the order, compensates failed
 * steps and reconciles unknown ones), so its guarantees hold across backends. What must hold
 * is that every app instance uses the same store for a port, and that a memory store is only
 * used by one process.
 */
export interface CommerceStores {
  /** Products, their variants and prices: where a cart line's price comes from (catalogue module). */
  catalog: CatalogStore;
  /** Carts and their lines (cart module). */
  carts: CartStore;
  /** Promotions, coupon codes and their usage counters (cart module). */
  promotions: PromotionStore;
  /** Stock levels and reservations (inventory module). */
  inventory: InventoryStore;
  /** Checkouts in progress, with expiry (checkout module). */
  checkouts: CheckoutStore;
  /** Orders and the order-number sequence (checkout module). */
  orders: OrderStore;
  /** Payments and their ledgers (payment module). */
  payments: PaymentStore;
  /** Fraud velocity counters (payment module). */
  velocity: VelocityStore;
  /** Idempotency claims shared by checkout completion and payments. */
  idempotency: IdempotencyStore;
  /**
   * Shopper interactions the recommendation engine learns from. Optional: recommendations
   * stand alone, so a set without one gets an in-memory log.
   */
  interactions?: InteractionStore;
  /**
   * Trained recommendation models, for `saveModel` / `loadModel` (one process trains, many
   * serve). Optional: no service is wired to it; `createCommerce` passes it through as is.
   */
  modelSnapshots?: ModelSnapshotStore;
  /**
   * The durable events these stores record with their changes (ports/event-log.ts), read by
   * `shop.subscribe`. Optional: a set without one records nothing and has nothing to subscribe to.
   */
  eventLog?: EventLog;
}

/**
 * Reference tables the fraud rules read: looked up, never written by the services, so they
 * need not live with the shared state (an in-memory table per process is fine).
 */
export interface CommerceReferenceTables {
  /** IP address to ISO country, for the geography rule. */
  geoIp: GeoIp;
  /** Card BIN to issuing country and card type, for the geography rule. */
  binLookup: BinLookup;
}

/** Everything the services need: the shared stores plus the reference tables. */
export type CommerceAdapters = CommerceStores & CommerceReferenceTables;
