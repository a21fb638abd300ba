import type { CartStore, LineLimits, LineResult, StoredCart, StoredCartLine } from '../../ports/cart-store.js';
import { cartFields, decodeCart, lineBody, lineField, type CartReply } from './cart-hash.js';
import type { RedisScriptClient } from './client.js';
import { shardOf, type RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const createScript = new LuaScript('cart-create');
const getScript = new LuaScript('cart-get');
const addLineScript = new LuaScript('cart-add-line');
const setLineScript = new LuaScript('cart-set-line');
const removeLineScript = new LuaScript('cart-remove-line');
const casScript = new LuaScript('cart-compare-and-set');
const deleteScript = new LuaScript('cart-delete');
const dueScript = new LuaScript('cart-expiry-due');
const takeScript = new LuaScript('cart-take-expired');
const userGetScript = new LuaScript('cart-user-get');
const userLinkScript = new LuaScript('cart-user-link');
const userUnlinkScript = new LuaScript('cart-user-unlink');

/**
 * Number of cart shards. A cart's hash and its shard's expiry index share the hash tag
 * `cart-<shard>`, so each step is one slot; `takeExpired` walks the shards. Changing it
 * moves every cart to another key: it is fixed for the life of the data.
 */
export const CART_SHARDS = 16;

/** Redis keeps a cart this long past its domain expiry, so cleanup can still report it. */
export const DEFAULT_CART_GC_GRACE_MS = 24 * 60 * 60 * 1000;

/** Peek/take passes of one takeExpired call: each pass takes or drops entries, so a few suffice. */
const MAX_TAKE_PASSES = 8;

type LineOutcome = Exclude<LineResult, { code: 'ok' }> | { code: 'ok'; cart: CartReply };
type CasOutcome = { code: 'ok'; version: number; createdAt: number; previousUser: string | null } | { code: 'conflict'; version: number } | { code: 'not_found' };
type DeleteOutcome = { code: 'ok'; cart: CartReply } | { code: 'conflict'; version: number } | { code: 'not_found' };

/**
 * The CartStore on Redis. Each line edit is ONE script (one round trip, no retry) on the
 * cart's hash; compare-and-set is one script too. Every write bumps `_v`, slides the Redis
 * TTL and the shard's expiry-index entry in the same script.
 *
 * The user -> cart link is keyed by the user (`cart-user:{userId}`), a different slot
 * from the cart, so steps that change both run two scripts, the cart first: a crash in
 * between leaves a cart without its link, or a link to a cart that no longer holds that
 * user, never a link to a cart that was not stored. Readers (CartService.getUserCart)
 * check that the linked cart's userId is the user.
 */
export class RedisCartStore implements CartStore {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
    private readonly gcGraceMs: number = DEFAULT_CART_GC_GRACE_MS,
  ) {
    // A negative TTL would make PEXPIRE delete the cart on its first write.
    if (!Number.isSafeInteger(gcGraceMs) || gcGraceMs < 0) throw new TypeError('redisAdapters: cartGcGraceMs must be a non-negative integer of ms');
  }

  async create(cart: StoredCart): Promise<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }> {
    const stored: StoredCart = structuredClone({ ...cart, version: 1 });
    const fields = cartFields(stored, stored, true);
    const result = await createScript.run<{ code: 'ok' | 'exists' }>(this.client, this.cartKeys(cart.id), [cart.id, cart.expiresAt, this.ttl(cart.updatedAt, cart.expiresAt), ...fields]);
    if (result.code === 'exists') return { code: 'exists' };
    if (stored.userId !== null) await this.link(stored.userId, stored.id);
    return { code: 'ok', cart: stored };
  }

  async get(cartId: string, now: number): Promise<StoredCart | null> {
    const reply = await getScript.run<CartReply | null>(this.client, [this.cartKey(cartId)], [now]);
    return reply ? decodeCart(reply) : null;
  }

  getUserCartId(userId: string): Promise<string | null> {
    return userGetScript.run<string | null>(this.client, [this.userKey(userId)], []);
  }

  async addToLine(op: { cartId: string; line: StoredCartLine; limits: LineLimits; now: number; expiresAt: number }): Promise<LineResult> {
    const { line } = op;
    return this.lineStep(addLineScript, op, [lineField(line.productId, line.sku), line.quantity, line.currency, lineBody(line), op.limits.maxQuantity, op.limits.maxLines]);
  }

  setLineQuantity(op: { cartId: string; productId: string; sku: string; quantity: number; limits: LineLimits; now: number; expiresAt: number }): Promise<LineResult> {
    return this.lineStep(setLineScript, op, [lineField(op.productId, op.sku), op.quantity, op.limits.maxQuantity]);
  }

  removeLine(op: { cartId: string; productId: string; sku: string; now: number; expiresAt: number }): Promise<LineResult> {
    return this.lineStep(removeLineScript, op, [lineField(op.productId, op.sku)]);
  }

  async compareAndSet(op: { cart: StoredCart; expectedVersion: number; now: number; expiresAt: number }): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    const { cart, now, expiresAt } = op;
    const fields = cartFields(cart, { updatedAt: now, expiresAt }, false);
    const result = await casScript.run<CasOutcome>(this.client, this.cartKeys(cart.id), [now, op.expectedVersion, expiresAt, this.ttl(now, expiresAt), cart.id, ...fields]);
    if (result.code !== 'ok') return result;
    const stored: StoredCart = structuredClone({ ...cart, version: result.version, createdAt: result.createdAt, updatedAt: now, expiresAt });
    // Second step, after the cart is stored: move the user link (see the class comment).
    if (stored.userId !== null) await this.link(stored.userId, stored.id);
    if (result.previousUser !== null && result.previousUser !== stored.userId) await this.unlink(result.previousUser, stored.id);
    return { code: 'ok', cart: stored };
  }

  async delete(op: { cartId: string; expectedVersion?: number }): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    const result = await deleteScript.run<DeleteOutcome>(this.client, this.cartKeys(op.cartId), [op.cartId, op.expectedVersion ?? '']);
    if (result.code !== 'ok') return result;
    const cart = decodeCart(result.cart);
    if (cart.userId !== null) await this.unlink(cart.userId, cart.id);
    return { code: 'ok', cart };
  }

  /**
   * Peeks at every shard's oldest due entries (in parallel), keeps the `limit` oldest
   * overall, then takes them shard by shard; each take re-checks expiry in its script,
   * so two concurrent sweeps never hand out the same cart. Never scans every cart.
   */
  async takeExpired(op: { now: number; limit: number }): Promise<StoredCart[]> {
    const taken: StoredCart[] = [];
    for (let pass = 0; pass < MAX_TAKE_PASSES && taken.length < op.limit; pass++) {
      const want = op.limit - taken.length;
      const due = await this.peekDue(op.now, want);
      if (due.length === 0) break;
      const byShard = new Map<number, string[]>();
      for (const entry of due) byShard.set(entry.shard, [...(byShard.get(entry.shard) ?? []), entry.id]);
      const batches = await Promise.all(
        [...byShard].map(([shard, ids]) =>
          takeScript.run<CartReply[]>(this.client, [this.expiryKey(shard), ...ids.map((id) => this.cartKey(id))], [op.now, ...ids]),
        ),
      );
      const carts = batches.flat().map(decodeCart);
      await Promise.all(carts.flatMap((c) => (c.userId === null ? [] : [this.unlink(c.userId, c.id)])));
      taken.push(...carts);
    }
    return taken.sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : 1));
  }

  private async peekDue(now: number, limit: number): Promise<{ id: string; at: number; shard: number }[]> {
    const shards = Array.from({ length: CART_SHARDS }, (_, shard) => shard);
    const peeks = await Promise.all(shards.map((shard) => dueScript.run<string[]>(this.client, [this.expiryKey(shard)], [now, limit])));
    const due: { id: string; at: number; shard: number }[] = [];
    peeks.forEach((flat, shard) => {
      for (let i = 0; i + 1 < flat.length; i += 2) due.push({ id: flat[i] as string, at: Number(flat[i + 1]), shard });
    });
    return due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  private async lineStep(script: LuaScript, op: { cartId: string; now: number; expiresAt: number }, args: (string | number)[]): Promise<LineResult> {
    const result = await script.run<LineOutcome>(this.client, this.cartKeys(op.cartId), [op.now, op.expiresAt, this.ttl(op.now, op.expiresAt), op.cartId, ...args]);
    return result.code === 'ok' ? { code: 'ok', cart: decodeCart(result.cart) } : result;
  }

  private async link(userId: string, cartId: string): Promise<void> {
    await userLinkScript.run(this.client, [this.userKey(userId)], [cartId]);
  }

  private async unlink(userId: string, cartId: string): Promise<void> {
    await userUnlinkScript.run(this.client, [this.userKey(userId)], [cartId]);
  }

  /** Redis TTL: the domain idle time plus a grace, so the index still finds the cart to report. */
  private ttl(now: number, expiresAt: number): number {
    return Math.max(1, expiresAt - now) + this.gcGraceMs;
  }

  private cartKeys(cartId: string): [string, string] {
    return [this.cartKey(cartId), this.expiryKey(shardOf(cartId, CART_SHARDS))];
  }

  private cartKey(cartId: string): string {
    return this.keys.key('cart', shardTag(shardOf(cartId, CART_SHARDS)), cartId);
  }

  private expiryKey(shard: number): string {
    return this.keys.key('cart-expiry', shardTag(shard));
  }

  private userKey(userId: string): string {
    return this.keys.key('cart-user', userId);
  }
}

function shardTag(shard: number): string {
  return `cart-${shard}`;
}
