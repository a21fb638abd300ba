// The catalogue and what the recommendation engine says about it.
import type { FastifyInstance } from 'fastify';
import { boughtTogetherQuerySchema, CommerceError, listProductsSchema, parseInput, recommendationQuerySchema, similarProductsQuerySchema } from '../../../src/index.js';
import type { Storefront } from '../context.js';

interface ListQuery {
  category?: string;
  cursor?: string;
}

/** Whom the engine recommends for: the signed-in user, or this browser's guest id. */
export const shopperOf = (session: { userId?: string; sid: string }): string => session.userId ?? `guest-${session.sid}`;

const limitOf = (raw: unknown, fallback: number): number => (raw === undefined ? fallback : Number(raw));

export function catalogRoutes(app: FastifyInstance, sf: Storefront): void {
  const { catalog, inventory, recommendations } = sf.shop;

  app.get('/api/categories', () => [...new Set(sf.catalogue.products.map((p) => p.category))].sort());

  app.get<{ Querystring: ListQuery }>('/api/products', async (request) => {
    const query = parseInput(listProductsSchema, { ...request.query, active: true, limit: 20 }, 'listProducts');
    return catalog.listProducts(query);
  });

  app.get<{ Params: { productId: string } }>('/api/products/:productId', async (request) => {
    const product = await catalog.getProduct(request.params.productId);
    if (!product) throw new CommerceError('PRODUCT_NOT_FOUND', { productId: request.params.productId });
    const stock = await Promise.all(product.variants.map(async (v) => ({ sku: v.sku, available: (await inventory.getInventoryStatus(v.sku)).available })));
    return { ...product, stock };
  });

  app.get<{ Params: { productId: string }; Querystring: { limit?: string } }>('/api/products/:productId/similar', async (request) => {
    const q = parseInput(similarProductsQuerySchema, { productId: request.params.productId, limit: limitOf(request.query.limit, 4) }, 'similar');
    return recommendations.getSimilarProducts(q.productId, { limit: q.limit });
  });

  app.get<{ Params: { productId: string }; Querystring: { limit?: string } }>('/api/products/:productId/bought-together', async (request) => {
    const q = parseInput(boughtTogetherQuerySchema, { productId: request.params.productId, limit: limitOf(request.query.limit, 4) }, 'boughtTogether');
    return recommendations.getFrequentlyBoughtTogether(q.productId, { limit: q.limit });
  });

  app.get<{ Querystring: { limit?: string } }>('/api/recommendations', async (request) => {
    const q = parseInput(recommendationQuerySchema, { userId: shopperOf(request.session), limit: limitOf(request.query.limit, 6) }, 'recommendations');
    return recommendations.getRecommendations(q.userId, { limit: q.limit });
  });
}
