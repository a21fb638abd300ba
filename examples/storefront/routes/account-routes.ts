// Sign in and out. The sign-in is a stand-in for the host's own authentication (no password:
// this is a demo); what it shows is the cart merge: the guest cart joins the user's cart.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema, parseInput } from '../../../src/index.js';
import type { Storefront } from '../context.js';
import { saveSession } from '../session.js';

const loginSchema = z.object({ userId: idSchema.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore') });

export function accountRoutes(app: FastifyInstance, sf: Storefront): void {
  const { cart } = sf.shop;

  app.get('/api/me', (request) => ({ userId: request.session.userId ?? null, admin: request.session.admin === true, cartId: request.session.cartId ?? null }));

  app.post('/api/login', async (request) => {
    const { userId } = parseInput(loginSchema, request.body, 'login');
    const guest = request.session.cartId ? await cart.getCart(request.session.cartId) : null;
    const saved = await cart.getUserCart(userId);
    let cartId = saved?.id;
    if (guest && guest.userId === null && guest.itemCount > 0) {
      // The guest's lines join the saved cart; 'max' so a line added on both devices is not doubled.
      const target = saved ?? (await cart.createCart({ sessionId: request.session.sid, userId }));
      cartId = (await cart.mergeCarts(target.id, guest.id, { strategy: 'max' })).id;
    }
    saveSession(request, { userId, cartId, checkoutId: undefined });
    return { userId, cartId: cartId ?? null, cart: cartId ? await cart.getCart(cartId) : null };
  });

  app.post('/api/logout', (request) => {
    saveSession(request, { userId: undefined, admin: undefined, cartId: undefined, checkoutId: undefined });
    return { userId: null };
  });
}
