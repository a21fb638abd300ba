// What every route of the storefront is given: the shop and the pieces around it.
import type { FastifyRequest } from 'fastify';
import { parseInput, type PricedCart } from '../../src/index.js';
import type { z } from 'zod';
import type { StorefrontShop } from './shop.js';
import type { Mailroom } from './mail.js';
import { saveSession } from './session.js';

export interface Storefront extends StorefrontShop {
  /** Who may open /admin. */
  adminToken: string;
  /** Settles when the recommendation model is trained (the server answers before that). */
  trained: Promise<void>;
  /** The durable 'storefront-mail' subscriber: its dead letters and the confirmations it sent. */
  mail: Mailroom;
}

/** The destination a cart is priced for until the shopper gives an address: the shop's country. */
export const HOME = { country: 'GB' } as const;

/**
 * A request body (plus what the server knows: ids from the session or the URL, which win)
 * checked by one of the library's exported schemas: bad input is VALIDATION_FAILED, the same
 * error the service would raise, before anything is called.
 */
export function bodyOf<S extends z.ZodType>(schema: S, request: FastifyRequest, known: Record<string, unknown> = {}, name?: string): z.output<S> {
  const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
  return parseInput(schema, { ...body, ...known }, name ?? request.routeOptions.url);
}

/** The session's cart, made when the shopper has none (or it expired, or became an order). */
export async function cartIdOf(sf: Storefront, request: FastifyRequest): Promise<string> {
  const { cartId, userId, sid } = request.session;
  if (cartId && (await sf.shop.cart.getCart(cartId))) return cartId;
  const owned = userId ? await sf.shop.cart.getUserCart(userId) : null;
  const cart = owned ?? (await sf.shop.cart.createCart({ sessionId: sid, ...(userId ? { userId } : {}) }));
  saveSession(request, { cartId: cart.id });
  return cart.id;
}

/** The cart with every total: lines, discounts, shipping, VAT. Null when the session has none. */
export async function pricedCartOf(sf: Storefront, request: FastifyRequest): Promise<PricedCart | null> {
  const { cartId } = request.session;
  if (!cartId || !(await sf.shop.cart.getCart(cartId))) return null;
  return sf.shop.cart.priceCart(cartId, { destination: HOME });
}
