// The back office: orders by status, refunds and fulfilment, stock levels and adjustments,
// reorder requests. Behind the admin token (a stand-in for the host's staff login).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CommerceError, markFulfilledSchema, ORDER_STATUSES, parseInput, refundOrderSchema, updateStockSchema, type OrderStatus } from '../../../src/index.js';
import { bodyOf, type Storefront } from '../context.js';
import { MAIL_GROUP } from '../mail.js';
import { saveSession } from '../session.js';

const statusSchema = z.enum(ORDER_STATUSES);

function requireAdmin(request: FastifyRequest): void {
  // NOT_FOUND rather than a 401/403 of its own: the table has no "forbidden" code, and an
  // admin route need not admit it exists.
  if (request.session.admin !== true) throw new CommerceError('NOT_FOUND', { reason: 'sign in at /admin first' });
}

export function adminRoutes(app: FastifyInstance, sf: Storefront): void {
  const { shop } = sf;

  app.post('/api/admin/login', (request) => {
    const { token } = parseInput(z.object({ token: z.string().min(1).max(200) }), request.body, 'adminLogin');
    const given = Buffer.from(token);
    const expected = Buffer.from(sf.adminToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CommerceError('VALIDATION_FAILED', { issues: [{ path: ['token'], message: 'not the admin token', code: 'custom' }], reason: 'token: not the admin token' });
    saveSession(request, { admin: true });
    return { admin: true };
  });

  app.get<{ Querystring: { status?: string; cursor?: string } }>('/api/admin/orders', async (request) => {
    requireAdmin(request);
    const status: OrderStatus = parseInput(statusSchema, request.query.status ?? 'placed', 'status');
    return shop.stores.orders.listByStatus(status, { limit: 50, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
  });

  app.post<{ Params: { orderId: string } }>('/api/admin/orders/:orderId/fulfil', async (request) => {
    requireAdmin(request);
    return shop.orders.markFulfilled(bodyOf(markFulfilledSchema, request, { orderId: request.params.orderId }));
  });

  app.post<{ Params: { orderId: string } }>('/api/admin/orders/:orderId/refunds', async (request) => {
    requireAdmin(request);
    return shop.orders.refundOrder(bodyOf(refundOrderSchema, request, { orderId: request.params.orderId }));
  });

  app.get('/api/admin/stock', async (request) => {
    requireAdmin(request);
    return { lowStock: await shop.inventory.getLowStockItems() };
  });

  app.get<{ Params: { sku: string } }>('/api/admin/stock/:sku', async (request) => {
    requireAdmin(request);
    return shop.inventory.getInventoryStatus(request.params.sku);
  });

  app.post<{ Params: { sku: string } }>('/api/admin/stock/:sku', async (request) => {
    requireAdmin(request);
    const change = bodyOf(updateStockSchema, request, { sku: request.params.sku });
    return shop.inventory.updateStock(change.sku, change.quantity, change.operation, change.reason);
  });

  app.get('/api/admin/reorders', (request) => {
    requireAdmin(request);
    return { reorders: sf.reorders };
  });

  // The mail group's dead letters: events whose handler failed maxAttempts times.
  app.get('/api/admin/dead-letters', async (request) => {
    requireAdmin(request);
    const { relay } = sf.mail;
    const letters = await relay.deadLetters({ limit: 100 });
    return { available: true, group: MAIL_GROUP, events: letters.map(({ event, error, attempts, time }) => ({ id: event.id, type: event.type, aggregateId: event.aggregateId, error, attempts, time })) };
  });

  // Runs the handler once more on each (or on one, by event id); those that succeed are forgotten.
  app.post('/api/admin/dead-letters/replay', async (request) => {
    requireAdmin(request);
    const { id } = parseInput(z.object({ id: z.string().min(1).max(200).optional() }), request.body ?? {}, 'replayDeadLetters');
    const { relay } = sf.mail;
    return relay.replayDeadLetters(id ? { filter: (letter) => letter.event.id === id } : {});
  });
}
