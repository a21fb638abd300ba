import { memoryAdapters } from './adapters/memory/index.js';
import { MemoryBinLookup } from './adapters/memory/bin-lookup.js';
import { MemoryGeoIp } from './adapters/memory/geo-ip.js';
import { MemoryInteractionStore } from './adapters/memory/interaction-store.js';
import { randomIds } from './adapters/system/random-ids.js';
import { systemClock } from './adapters/system/system-clock.js';
import type { CartEvents } from './cart/cart-events.js';
import type { CatalogEvents } from './catalog/catalog-events.js';
import { CatalogService, type CatalogServiceOptions } from './catalog/catalog-service.js';
import { CartService } from './cart/cart-service.js';
import type { CartServiceOptions } from './cart/cart-settings.js';
import type { CheckoutEvents } from './checkout/checkout-events.js';
import { CheckoutService, type CheckoutServiceOptions } from './checkout/checkout-service.js';
import { OrdersService } from './checkout/orders-service.js';
import type { InventoryEvents } from './inventory/inventory-events.js';
import { InventoryService } from './inventory/inventory-service.js';
import { DEFAULT_RESERVATION_TTL_MS, type InventoryServiceOptions } from './inventory/inventory-service-options.js';
import type { PaymentEvents } from './payment/payment-events.js';
import { PaymentService, type PaymentServiceOptions } from './payment/payment-service.js';
import type { Clock } from './ports/clock.js';
import type { CommerceAdapters, CommerceReferenceTables, CommerceStores } from './ports/commerce-stores.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { PaymentGateway } from './ports/payment-gateway.js';
import type { RecommendationEvents } from './recommend/recommendation-events.js';
import { RecommendationEngine, type RecommendationEngineOptions } from './recommend/recommendation-engine.js';
import { EventBus } from './shared/events.js';
import { EventRelay } from './events/event-relay.js';
import type { EventHandlers, SubscribeOptions } from './events/relay-options.js';
import type { EventLog } from './ports/event-log.js';

/** Every module's events on one bus: the union of their event maps (no name is shared). */
export type CommerceEvents = CatalogEvents & CartEvents & InventoryEvents & PaymentEvents & CheckoutEvents & RecommendationEvents;

/** What each service is given by createCommerce, so its settings leave these out. */
type Wired = 'clock' | 'ids' | 'events';

export interface CreateCommerceOptions {
  /**
   * The stores (`memoryAdapters()`, `redisAdapters(...)`, `postgresAdapters(...)`, or members
   * of several: see CommerceStores for what may be mixed). Default: a fresh
   * `memoryAdapters({ clock })`. The reference tables (GeoIp, BinLookup) default to empty
   * in-memory tables when the set has none.
   */
  adapters?: CommerceStores & Partial<CommerceReferenceTables>;
  /** One clock for every service (and the default memory adapters). Default: the system clock. */
  clock?: Clock;
  /** One id generator for every service. Default: random UUIDs. */
  ids?: IdGenerator;
  /** A bus to emit on (to subscribe before anything happens). Default: a new one, returned as `events`. */
  events?: EventBus<CommerceEvents>;
  /** Catalogue settings: the per-process cache the cart's line edits read through. */
  catalog?: Omit<CatalogServiceOptions, 'clock' | 'events' | 'store'>;
  /**
   * Cart settings: tax, shipping, currency, limits, idle timeout, rounding, and `pricing`
   * (`'catalog'`, the default, prices lines from `shop.catalog`; `'caller'` takes the
   * caller's prices).
   */
  cart?: Omit<CartServiceOptions, Wired | 'store' | 'promotions' | 'catalog'>;
  /** Inventory settings: reorder sink, reservation TTL (also the checkout's, unless it sets one). */
  inventory?: Omit<InventoryServiceOptions, Wired | 'store'>;
  /** Payment settings: gateways (default none: every payment is refused), routing, fraud rules. */
  payments?: Omit<PaymentServiceOptions, Wired | 'store' | 'idempotency' | 'velocity' | 'geoIp' | 'binLookup' | 'gateways'> & {
    gateways?: PaymentServiceOptions['gateways'];
  };
  /** Checkout settings: capture mode, order number format, checkout TTL, completion timing. */
  checkout?: Omit<CheckoutServiceOptions, Wired | 'store' | 'orderStore' | 'idempotencyStore' | 'cart' | 'inventory' | 'payments'>;
  /** Recommendation settings (hybrid weights, half-lives, neighbours, EASE). */
  recommendations?: Omit<RecommendationEngineOptions, 'clock' | 'events' | 'interactions'>;
  /**
   * The durable event logs `subscribe` reads: one per backend that holds state. Default: the
   * adapters' own `eventLog`. A mixed deployment (say Redis and PostgreSQL stores) lists both.
   */
  eventLogs?: readonly EventLog[];
}

/** The wired services, the bus they all emit on and the stores they share. */
export interface Commerce {
  /** Products, variants and prices: where every cart line's price comes from. */
  catalog: CatalogService;
  cart: CartService;
  inventory: InventoryService;
  payments: PaymentService;
  checkout: CheckoutService;
  orders: OrdersService;
  /** Stands alone: feed it products and interactions (e.g. on `order.placed`), then `train()`. */
  recommendations: RecommendationEngine;
  /** This process's changes, as they happen: for listeners that need nothing more (see docs/events.md). */
  events: EventBus<CommerceEvents>;
  stores: CommerceAdapters;
  /**
   * Starts a consumer of `group` on the durable event logs: every recorded event reaches one
   * consumer of each group, across processes, at least once, in order per aggregate. Stop it
   * with `stop()` (which drains). See EventRelay.
   */
  subscribe(group: string, handlers: EventHandlers, options?: SubscribeOptions): Promise<EventRelay>;
}

const NO_GATEWAYS: readonly PaymentGateway[] = [];

/**
 * Wires every service on one set of adapters, one clock, one id generator and one event bus.
 * Constructs only: no timers, no I/O (run a ReservationSweeper or reconcilePendingOrders on
 * the host's schedule).
 */
export function createCommerce(options: CreateCommerceOptions = {}): Commerce {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const events = options.events ?? new EventBus<CommerceEvents>();
  const given = options.adapters ?? memoryAdapters({ clock });
  // The engine requires a store; a set without one (recommendations stand alone) gets a memory log.
  const interactions = given.interactions ?? new MemoryInteractionStore();
  const stores: CommerceAdapters = {
    ...given,
    interactions,
    geoIp: given.geoIp ?? new MemoryGeoIp(),
    binLookup: given.binLookup ?? new MemoryBinLookup(),
  };
  const wired = { clock, ids, events };

  const catalog = new CatalogService({ ...options.catalog, clock, events, store: stores.catalog });
  const cart = new CartService({ ...options.cart, ...wired, store: stores.carts, promotions: stores.promotions, catalog });
  const inventory = new InventoryService({ ...options.inventory, ...wired, store: stores.inventory });
  const payments = new PaymentService({
    ...options.payments,
    ...wired,
    gateways: options.payments?.gateways ?? NO_GATEWAYS,
    store: stores.payments,
    idempotency: stores.idempotency,
    velocity: stores.velocity,
    geoIp: stores.geoIp,
    binLookup: stores.binLookup,
  });
  const checkout = new CheckoutService({
    reservationTtlMs: options.inventory?.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS,
    ...options.checkout,
    ...wired,
    store: stores.checkouts,
    orderStore: stores.orders,
    idempotencyStore: stores.idempotency,
    cart,
    inventory,
    payments,
  });
  const orders = new OrdersService({ ...wired, store: stores.orders, payments, inventory });
  const recommendations = new RecommendationEngine({ ...options.recommendations, clock, events, interactions, catalog: stores.catalog });
  const logs = options.eventLogs ?? (stores.eventLog ? [stores.eventLog] : []);
  const subscribe = async (group: string, handlers: EventHandlers, subscribeOptions: SubscribeOptions = {}): Promise<EventRelay> =>
    new EventRelay({ clock, ...subscribeOptions, logs, group, handlers }).start();
  return { catalog, cart, inventory, payments, checkout, orders, recommendations, events, stores, subscribe };
}
