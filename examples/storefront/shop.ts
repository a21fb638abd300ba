// The storefront's commerce: one createCommerce on in-memory adapters, or on Redis when
// REDIS_URL is set. What the demo shop sells and how it taxes and ships comes from demo/.
import { createClient } from 'redis';
import { createCommerce, systemClock, ShippingRateTable, TaxRateTable, type Commerce, type CommerceStores, type ReorderRequest } from '../../src/index.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { TestGateway } from '../../src/testing/index.js';
import { FRAUDSTER_EMAIL, loadCatalogue, type Catalogue } from '../../demo/shop.js';

export interface StorefrontShopOptions {
  /** Redis for every store (carts, checkouts, orders, payments, stock, catalogue). */
  redisUrl?: string | undefined;
  /** Key prefix on Redis, so several shops (or tests) share one server. */
  redisPrefix?: string | undefined;
  /**
   * PostgreSQL for the system of record (orders, payments, stock, promotions, catalogue),
   * Redis keeping the hot state. TODO(issue 22): postgresAdapters is not on main yet.
   */
  pgUrl?: string | undefined;
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

export async function openStorefrontShop(options: StorefrontShopOptions = {}): Promise<StorefrontShop> {
  const catalogue = loadCatalogue();
  const currency = catalogue.currency;
  const reorders: ReorderRequest[] = [];
  // The real clock: the gateway checks webhook timestamps against it (its default is a test clock).
  const gateway = new TestGateway({ cardCountry: 'GB', clock: systemClock });
  const { adapters, backend, close } = await openAdapters(options);
  const shop = createCommerce({
    ...(adapters ? { adapters } : {}),
    cart: {
      defaultCurrency: currency,
      // Shelf prices include VAT, as UK shops show them; the totals say how much of it is tax.
      taxIncluded: true,
      tax: new TaxRateTable({ rates: [{ country: 'GB', standard: '0.2', reduced: '0.05' }] }),
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

async function openAdapters(options: StorefrontShopOptions): Promise<{ adapters?: CommerceStores; backend: string; close: () => Promise<void> }> {
  if (options.pgUrl) {
    // TODO(issue 22): with postgresAdapters on main, the mixed deployment is
    //   const pg = postgresAdapters({ pool: new pg.Pool({ connectionString }), schema: 'storefront' });
    //   adapters = { ...redis, orders: pg.orders, payments: pg.payments, inventory: pg.inventory,
    //                promotions: pg.promotions, catalog: pg.catalog };
    // (the ports say which stores must share a backend).
    throw new Error('PG_URL is set, but the PostgreSQL adapters (issue 22) are not in this build yet');
  }
  if (!options.redisUrl) return { backend: 'memory', close: () => Promise.resolve() };
  const client = createClient({ url: options.redisUrl });
  await client.connect();
  return {
    adapters: redisAdapters({ client, prefix: options.redisPrefix ?? REDIS_PREFIX }),
    backend: `redis (${options.redisPrefix ?? REDIS_PREFIX})`,
    close: async () => {
      await client.close();
    },
  };
}
