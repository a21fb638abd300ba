// The shopper's orders: a signed-in user's from the order store's customer index, a guest's
// from the ids the session remembers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CommerceError, type Order } from '../../../src/index.js';
import type { Storefront } from '../context.js';

/** The orders this session may see, newest first. */
export async function ordersOf(sf: Storefront, request: FastifyRequest): Promise<Order[]> {
  const { userId, orders } = request.session;
  if (userId) return (await sf.shop.orders.listOrdersForCustomer({ customerId: userId, limit: 50 })).orders;
  const found = await Promise.all((orders ?? []).map((orderId) => sf.shop.orders.getOrder({ orderId })));
  return found.filter((o): o is Order => o !== null);
}

/** One order by its number, if it is this session's (someone else's is "not found", not "forbidden"). */
export async function orderOf(sf: Storefront, request: FastifyRequest, number: string): Promise<Order> {
  const order = await sf.shop.orders.getOrderByNumber({ orderNumber: number });
  const { userId, orders } = request.session;
  const mine = order && (userId ? order.customerId === userId : (orders ?? []).includes(order.id));
  if (!order || !mine) throw new CommerceError('ORDER_NOT_FOUND', { orderNumber: number });
  return order;
}

export function orderRoutes(app: FastifyInstance, sf: Storefront): void {
  app.get('/api/orders', async (request) => ({ orders: await ordersOf(sf, request) }));
  app.get<{ Params: { number: string } }>('/api/orders/:number', async (request) => orderOf(sf, request, request.params.number));
}
