// The storefront's commerce: one createCommerce on in-memory adapters, or on Redis
// (REDIS_URL), PostgreSQL (PG_URL) or both (the mixed deployment). What the demo shop sells
// and how it taxes and ships comes from demo/.
import { createClient } from 'redis';
import { createCommerce, systemClock, ShippingRateTable, TaxRateTable, type Commerce, type CommerceStores, type EventLog, type ReorderRequest } from '../../src/index.js';
import pg from 'pg';
import { migrate, postgresAdapters } from '../../src/adapters/postgres/index.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { FRAUDSTER_EMAIL, loadCatalogue, type Catalogue } from '../../demo/shop.js';

export interface StorefrontShopOptions {
  /** Redis for every store (carts, checkouts, orders, payments, stock, catalogue). */
  redisUrl?: string | undefined;
  /** Key prefix on Redis, so several shops (or tests) share one server. */
  redisPrefix?: string | undefined;
  /**
   * PostgreSQL for every store, or with `redisUrl` for the system of record (orders,
   * payments, stock, promotions, catalogue, the interaction log), Redis keeping the hot state.
   */
  pgUrl?: string | undefined;
  /** The schema on PostgreSQL (migrated at start). Default `storefront`. */
  pgSchema?: string | undefined;
  /**
   * The fraud screen's velocity rule (default on). The HTTP benchmark turns it off: it pays
   * with one test card thousands of times, which the rule rightly blocks.
   */
  velocityChecks?: boolean | undefined;
}

export interface StorefrontShop {
  shop: Commerce;
  catalogue: Catalogue;
  /** Cards become tokens here, as Stripe.js or PayPal's buttons would do in the browser. */
  gateway: TestGateway;
  /** Reorder requests the inventory raised (a real host sends them to a supplier or a queue). */
  reorders: ReorderRequest[];
  /** Which backend holds the stores, for the admin page and the startup line. */
  backend: string;
  close(): Promise<void>;
}

const REDIS_PREFIX = 'storefront:';
const PG_SCHEMA = 'storefront';

export async function openStorefrontShop(options: StorefrontShopOptions = {}): Promise<StorefrontShop> {
  const catalogue = loadCatalogue();
  const currency = catalogue.currency;
  const reorders: ReorderRequest[] = [];
  // The real clock: the gateway checks webhook timestamps against it (its default is a test clock).
  const gateway = new TestGateway({ cardCountry: 'GB', clock: systemClock });
  const { adapters, eventLogs, backend, close } = await openAdapters(options);
  const shop = createCommerce({
    ...(adapters ? { adapters } : {}),
    ...(eventLogs ? { eventLogs } : {}),
    cart: {
      defaultCurrency: currency,
      // Shelf prices include VAT, as UK shops show them; the totals say how much of it is tax.
      taxIncluded: true,
      // UK VAT on delivery follows the goods: split over their rates when they carry several.
      tax: new TaxRateTable({ rates: [{ country: 'GB', standard: '0.2', reduced: '0.05', shipping: 'proportional' }] }),
      shipping: new ShippingRateTable([
        { kind: 'free_over', id: 'standard', name: 'Royal Mail 2nd class', price: { amount: '3.95', currency }, threshold: { amount: '40.00', currency } },
        { kind: 'flat', id: 'express', name: 'Next-day courier', price: { amount: '7.50', currency } },
      ]),
    },
    inventory: {
      reorderSink: {
        requestReorder: (request) => {
          reorders.push(request);
          return Promise.resolve();
        },
      },
    },
    payments: { gateways: [gateway], fraud: { lists: { block: { emails: [FRAUDSTER_EMAIL] } }, ...(options.velocityChecks === false ? { velocity: false as const } : {}) } },
    // Authorize at checkout, capture when the order ships (the admin's Fulfil button).
    checkout: { captureMode: 'on_fulfilment', formatOrderNumber: (n) => `ORD-${String(n).padStart(6, '0')}` },
  });
  return { shop, catalogue, gateway, reorders, backend, close };
}

interface OpenedAdapters {
  adapters?: CommerceStores;
  /** The mixed deployment's two logs: each backend records the events of what it holds. */
  eventLogs?: EventLog[];
  backend: string;
  close: () => Promise<void>;
}

/**
 * Memory by default; Redis for everything with REDIS_URL; PostgreSQL for everything with
 * PG_URL; with both, the mixed deployment: the hot, short-lived state on Redis and the system
 * of record on PostgreSQL (src/ports/commerce-stores.ts: no two stores need share a backend).
 */
async function openAdapters(options: StorefrontShopOptions): Promise<OpenedAdapters> {
  const redis = options.redisUrl ? await openRedis(options.redisUrl, options.redisPrefix ?? REDIS_PREFIX) : null;
  const postgres = options.pgUrl ? await openPostgres(options.pgUrl, options.pgSchema ?? PG_SCHEMA) : null;
  const close = async (): Promise<void> => {
    await redis?.close();
    await postgres?.close();
  };
  if (redis && postgres) {
    const { carts, checkouts, velocity, idempotency } = redis.adapters;
    const { catalog, promotions, inventory, orders, payments, interactions, modelSnapshots } = postgres.adapters;
    const adapters = { carts, checkouts, velocity, idempotency, catalog, promotions, inventory, orders, payments, interactions, modelSnapshots };
    const eventLogs = [redis.adapters.eventLog, postgres.adapters.eventLog];
    return { adapters, eventLogs, backend: `carts, checkouts, velocity and idempotency on ${redis.name}; the rest on ${postgres.name}`, close };
  }
  const only = redis ?? postgres;
  return only ? { adapters: only.adapters, backend: only.name, close } : { backend: 'memory', close };
}

async function openRedis(url: string, prefix: string) {
  const client = createClient({ url });
  await client.connect();
  return { adapters: redisAdapters({ client, prefix }), name: `redis (${prefix})`, close: () => client.close() };
}

async function openPostgres(connectionString: string, schema: string) {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection's error (a restarted server) must not end the process; the next query reports it.
  pool.on('error', () => undefined);
  await migrate(pool, { schema });
  return { adapters: postgresAdapters({ pool, schema }), name: `postgresql (schema ${schema})`, close: () => pool.end() };
}
