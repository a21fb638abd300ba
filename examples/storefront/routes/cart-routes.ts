// The cart API: every answer is the priced cart, so the page updates its totals in place.
import type { FastifyInstance } from 'fastify';
import { addCatalogItemSchema, applyCouponSchema, lineRefSchema, removeCouponSchema, updateQuantitySchema } from '../../../src/index.js';
import { bodyOf, cartIdOf, HOME, pricedCartOf, type Storefront } from '../context.js';

interface LineParams {
  productId: string;
  sku: string;
}

export function cartRoutes(app: FastifyInstance, sf: Storefront): void {
  const { cart } = sf.shop;
  const priced = async (cartId: string) => cart.priceCart(cartId, { destination: HOME });

  app.get('/api/cart', async (request) => (await pricedCartOf(sf, request)) ?? { lines: [], itemCount: 0 });

  app.post('/api/cart/items', async (request, reply) => {
    const cartId = await cartIdOf(sf, request);
    const { sku, quantity } = bodyOf(addCatalogItemSchema, request, { cartId });
    await cart.addItem(cartId, { sku, quantity });
    return reply.code(201).send(await priced(cartId));
  });

  app.patch<{ Params: LineParams }>('/api/cart/items/:productId/:sku', async (request) => {
    const cartId = await cartIdOf(sf, request);
    const line = bodyOf(updateQuantitySchema, request, { cartId, ...request.params });
    await cart.updateQuantity(cartId, line.productId, line.sku, line.quantity);
    return priced(cartId);
  });

  app.delete<{ Params: LineParams }>('/api/cart/items/:productId/:sku', async (request) => {
    const cartId = await cartIdOf(sf, request);
    const line = bodyOf(lineRefSchema, request, { cartId, ...request.params });
    await cart.removeItem(cartId, line.productId, line.sku);
    return priced(cartId);
  });

  app.post('/api/cart/coupons', async (request) => {
    const cartId = await cartIdOf(sf, request);
    const { code } = bodyOf(applyCouponSchema, request, { cartId });
    await cart.applyCoupon(cartId, code, request.session.userId ? { customerId: request.session.userId } : {});
    return priced(cartId);
  });

  app.delete<{ Params: { code: string } }>('/api/cart/coupons/:code', async (request) => {
    const cartId = await cartIdOf(sf, request);
    const { code } = bodyOf(removeCouponSchema, request, { cartId, code: request.params.code });
    await cart.removeCoupon(cartId, code);
    return priced(cartId);
  });
}
