// The shopper's session, kept in one signed cookie (no server-side session store), so any
// instance behind a load balancer reads it: the guest cart, the checkout in progress, the
// signed-in user and a guest's recent orders.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface Session {
  /** The browser's id: the guest cart's `sessionId`. */
  sid: string;
  cartId?: string;
  checkoutId?: string;
  /** Signed in as (a stand-in for the host's own authentication). */
  userId?: string;
  /** The admin token was given. */
  admin?: boolean;
  /** A guest's orders, newest first, so the history page can show them without an account. */
  orders?: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
    /** Set by `saveSession`: the cookie is written once, when the reply goes out. */
    sessionChanged: boolean;
  }
}

const COOKIE = 'sf_session';
const GUEST_ORDERS_KEPT = 10;

/** Mutates the request's session; the cookie carries it on the reply. */
/** A change to the session: a key set to undefined is removed. */
export type SessionPatch = { [K in keyof Session]?: Session[K] | undefined };

export function saveSession(request: FastifyRequest, patch: SessionPatch): Session {
  const next = { ...request.session, ...patch } as Session & SessionPatch;
  for (const key of Object.keys(patch) as (keyof Session)[]) if (patch[key] === undefined) delete next[key];
  request.session = next;
  request.sessionChanged = true;
  return next;
}

export function rememberGuestOrder(request: FastifyRequest, orderId: string): void {
  saveSession(request, { orders: [orderId, ...(request.session.orders ?? [])].slice(0, GUEST_ORDERS_KEPT) });
}

/**
 * Reads the cookie on every request (a fresh session when it is missing or its signature
 * does not verify) and writes it back when a route changed it. Instances that share carts
 * must share `secret`.
 */
export function registerSessions(app: FastifyInstance, secret: string): void {
  const sign = (payload: string): string => createHmac('sha256', secret).update(payload).digest('base64url');
  app.decorateRequest('session', null as unknown as Session);
  app.decorateRequest('sessionChanged', false);
  app.addHook('onRequest', (request, _reply, done) => {
    const read = readCookie(request.headers.cookie, COOKIE, sign);
    request.session = read ?? { sid: randomUUID() };
    request.sessionChanged = read === null;
    done();
  });
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
    if (request.sessionChanged) {
      const value = Buffer.from(JSON.stringify(request.session)).toString('base64url');
      // HttpOnly: page scripts never need it. SameSite=Lax: another site's form cannot post
      // with it, and the JSON API also refuses bodies that are not application/json.
      reply.header('set-cookie', `${COOKIE}=${value}.${sign(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`);
    }
    done(null, payload);
  });
}

function readCookie(header: string | undefined, name: string, sign: (payload: string) => string): Session | null {
  for (const part of (header ?? '').split(';')) {
    const [key, raw] = part.trim().split('=', 2);
    if (key !== name || !raw) continue;
    const [value, mac] = raw.split('.', 2);
    if (!value || !mac) return null;
    const expected = Buffer.from(sign(value));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const session = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Session;
      return typeof session.sid === 'string' ? session : null;
    } catch {
      return null;
    }
  }
  return null;
}
