// The storefront as a Fastify app: sessions, the JSON API, webhooks, pages and their two
// static files, with every error answered in one place (errors.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Storefront } from './context.js';
import { registerErrors } from './errors.js';
import { openMailroom, type SendConfirmation } from './mail.js';
import { learnHistory, purchaseHistory } from './history.js';
import { accountPages } from './pages/account-pages.js';
import { adminPage } from './pages/admin-page.js';
import { checkoutPage } from './pages/checkout-page.js';
import { shopPages } from './pages/shop-pages.js';
import { accountRoutes } from './routes/account-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { cartRoutes } from './routes/cart-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { checkoutRoutes } from './routes/checkout-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { seedShop } from './seed.js';
import { registerSessions } from './session.js';
import { openStorefrontShop, type StorefrontShopOptions } from './shop.js';
import type { SubscribeOptions } from '../../src/index.js';

export interface StorefrontOptions extends StorefrontShopOptions {
  /** Signs the session cookie; instances sharing carts share it. Default: random per process. */
  sessionSecret?: string | undefined;
  /** Opens /admin. Default: random per process (printed at startup). */
  adminToken?: string | undefined;
  /** 'demo' (60 days, in the repository), 'full' (the year, from the shared data folder), or 'none' (tests that need no recommendations). */
  history?: 'demo' | 'full' | 'none' | undefined;
  logger?: boolean;
  /** Sends an order confirmation (default: nothing to send; the admin page lists what was). */
  sendConfirmation?: SendConfirmation;
  /** The mail subscriber's retries and polling (docs/events.md). */
  mailOptions?: SubscribeOptions;
}

export interface StorefrontApp {
  app: FastifyInstance;
  storefront: Storefront;
}

const STATIC: Record<string, string> = { 'storefront.js': 'text/javascript; charset=utf-8', 'storefront.css': 'text/css; charset=utf-8' };

export async function buildStorefront(options: StorefrontOptions = {}): Promise<StorefrontApp> {
  const opened = await openStorefrontShop(options);
  const { shop, catalogue } = opened;
  const seeded = await seedShop(shop, catalogue);
  // Only the instance that seeded logs the history (the log is shared on Redis); every
  // instance trains its own model from the log.
  const source = options.history ?? 'demo';
  const history = seeded && source !== 'none' ? purchaseHistory(catalogue, Date.now(), source) : null;
  const trained = source === 'none' ? Promise.resolve() : learnHistory(shop, history);
  trained.catch(() => undefined);
  const mail = await openMailroom(shop, options.sendConfirmation, options.mailOptions);
  const storefront: Storefront = { ...opened, adminToken: options.adminToken ?? randomBytes(12).toString('base64url'), trained, mail };

  // What a host wires once: a placed order teaches the recommendation engine.
  shop.events.on('order.placed', (event) => {
    void (async () => {
      const order = await shop.orders.getOrder({ orderId: event.orderId });
      for (const line of order?.lines ?? []) {
        await shop.recommendations.addInteraction({ userId: event.customerId ?? `email-${event.email}`, productId: line.productId, type: 'purchase', orderId: event.orderId });
      }
    })().catch(() => undefined);
  });

  const app = Fastify({ logger: options.logger ?? false, trustProxy: false });
  app.addHook('onClose', async () => {
    await mail.relay.stop();
    await trained.catch(() => undefined);
    await opened.close();
  });
  registerErrors(app);
  registerSessions(app, options.sessionSecret ?? randomBytes(32).toString('base64url'));
  const files = new Map(Object.keys(STATIC).map((name) => [name, readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8')]));
  app.get<{ Params: { file: string } }>('/static/:file', (request, reply) => {
    const type = STATIC[request.params.file];
    if (!type) return reply.callNotFound();
    return reply.type(type).header('cache-control', 'no-cache').send(files.get(request.params.file));
  });
  for (const routes of [catalogRoutes, cartRoutes, accountRoutes, checkoutRoutes, orderRoutes, adminRoutes, webhookRoutes, shopPages, checkoutPage, accountPages, adminPage]) {
    routes(app, storefront);
  }
  return { app, storefront };
}
