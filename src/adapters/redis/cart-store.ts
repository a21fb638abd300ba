import type { CartStore, LineResult, StoredCart } from '../../ports/cart-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { randomUUID } from 'node:crypto';
import { cartFields, decodeCart, incarnationOf, keepUntil, type CartReply } from './cart-hash.js';
import { BatchQueue } from './batch-queue.js';
import { pushEditArgs, replayEdits, type BatchReply, type LineEdit } from './cart-line-batch.js';
import { shardOf } from './keys.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const createScript = new LuaScript('cart-create');
const getScript = new LuaScript('cart-get');
const lineBatchScript = new LuaScript('cart-line-batch');
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

/** How many carts a store keeps its last-seen copy of, by default (see RedisCartStore). */
export const DEFAULT_CART_CACHE_SIZE = 5000;

/** Peek/take passes of one takeExpired call: each pass takes or drops entries, so a few suffice. */
const MAX_TAKE_PASSES = 8;

/** The store's copy of a cart as last seen, with the `_inc` of the hash it came from. */
interface SeenCart {
  cart: StoredCart;
  incarnation: string;
}

type CasOutcome = { code: 'ok'; version: number; createdAt: number; previousUser: string | null; incarnation: string } | { code: 'conflict'; version: number } | { code: 'not_found' };
type DeleteOutcome = { code: 'ok'; cart: CartReply } | { code: 'conflict'; version: number } | { code: 'not_found' };

/**
 * The CartStore on Redis (map of the addItem path: README.md here; layout: docs/redis.md).
 * Each line edit is one script on the cart's hash, compare-and-set is one script too; every
 * write bumps `_v` and slides the Redis TTL and the shard's expiry entry in the same script.
 *
 * - Small replies: the store keeps its copy of the last version it saw of recent carts
 *   (`cartCacheSize`); a read or edit of a cart still at that version (same `_inc`, see
 *   cart-hash.ts) is answered "same" and rebuilt from the copy. A stale copy costs a full
 *   reply, never a wrong cart.
 * - Batches (batch-queue.ts): one cart's edits have one call in flight; edits of several
 *   carts ready in the same tick share a call. The script decides each edit as if alone and
 *   the store replays the decisions (cart-line-batch.ts) to give each edit its own cart.
 * - The user -> cart link lives under the user's tag, another slot, so steps that change both
 *   run two scripts, the cart first: a crash between leaves no link to a cart not stored.
 */
export class RedisCartStore implements CartStore {
  /** The last version seen of recent carts, never handed out (callers get copies). */
  private readonly seen = new Map<string, SeenCart>();
  /** Groups line edits into few script calls (batch-queue.ts), one cart's edits in flight at a time. */
  private readonly edits: BatchQueue<LineEdit, LineResult>;
  /** The Redis TTL's rounding, ms (see `ttl`). */
  private readonly ttlStep: number;
  /** The shards' expiry-index keys, built once (every line edit names one). */
  private readonly expiryKeys: readonly string[];

  constructor(
    private readonly redis: RedisSteps,
    private readonly gcGraceMs: number = DEFAULT_CART_GC_GRACE_MS,
    private readonly cacheSize: number = DEFAULT_CART_CACHE_SIZE,
  ) {
    // A negative TTL would make PEXPIRE delete the cart on its first write.
    if (!Number.isSafeInteger(gcGraceMs) || gcGraceMs < 0) throw new TypeError('redisAdapters: cartGcGraceMs must be a non-negative integer of ms');
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new TypeError('redisAdapters: cartCacheSize must be a non-negative integer');
    this.edits = new BatchQueue<LineEdit, LineResult>({
      // One group for every cart on a single server; on a cluster, one per cart shard (its slot).
      groupOf: redis.client.singleServer === true ? () => 0 : (edit) => shardOf(edit.cartId, CART_SHARDS),
      laneOf: (edit) => edit.cartId,
      send: (edits) => this.runBatch(edits),
    });
    this.ttlStep = Math.floor(gcGraceMs / 4);
    this.expiryKeys = Array.from({ length: CART_SHARDS }, (_, shard) => redis.keys.key('cart-expiry', shardTag(shard)));
  }


  async create(cart: StoredCart, step: Replayable = {}): Promise<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }> {
    assertWellFormed({ cart, step }, 'CartStore.create');
    const stored: StoredCart = structuredClone({ ...cart, version: 1 });
    const incarnation = randomUUID();
    const fields = cartFields(stored, stored, incarnation);
    const result = await this.redis.write<{ code: 'ok' | 'exists' }>(createScript, this.tag(cart.id), step.opId, this.cartKeys(cart.id), [
      cart.id,
      cart.expiresAt,
      this.ttl(cart.updatedAt, cart.expiresAt),
      ...fields,
    ]);
    if (result.code === 'exists') return { code: 'exists' };
    this.remember(stored, incarnation);
    if (stored.userId !== null) await this.link(stored.userId, stored.id);
    return { code: 'ok', cart: stored };
  }

  async get(cartId: string, now: number): Promise<StoredCart | null> {
    assertWellFormed(cartId, 'CartStore.get');
    const held = this.seen.get(cartId);
    const reply = await this.redis.read<CartReply | { same: true } | null>(getScript, [this.cartKey(cartId)], [now, held?.cart.version ?? '', held?.incarnation ?? '']);
    if (reply === null) {
      this.seen.delete(cartId);
      return null;
    }
    if ('same' in reply) {
      if (!held) throw new Error('cart-get answered "same" without a copy to compare');
      return held.cart;
    }
    const cart = decodeCart(reply);
    this.remember(cart, incarnationOf(reply));
    return cart;
  }

  async getUserCartId(userId: string): Promise<string | null> {
    assertWellFormed(userId, 'CartStore.getUserCartId');
    return this.redis.read<string | null>(userGetScript, [this.userKey(userId)], []);
  }

  async addToLine(op: Parameters<CartStore['addToLine']>[0]): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.addToLine');
    const { line, limits, now, expiresAt } = op;
    return this.edits.push({ kind: 'add', line, limits, now, expiresAt, ...this.editTail(op) });
  }

  async setLineQuantity(op: Parameters<CartStore['setLineQuantity']>[0]): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.setLineQuantity');
    const { productId, sku, quantity, limits, now, expiresAt } = op;
    return this.edits.push({ kind: 'set', productId, sku, quantity, limits, now, expiresAt, ...this.editTail(op) });
  }

  async removeLine(op: Parameters<CartStore['removeLine']>[0]): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.removeLine');
    const { productId, sku, now, expiresAt } = op;
    return this.edits.push({ kind: 'remove', productId, sku, now, expiresAt, ...this.editTail(op) });
  }

  /** What every line edit carries besides its change: its cart, the Redis TTL and its operation key. */
  private editTail(op: { cartId: string; now: number; expiresAt: number } & Replayable): Pick<LineEdit, 'cartId' | 'ttlMs' | 'opKey'> {
    return { cartId: op.cartId, ttlMs: this.ttl(op.now, op.expiresAt), opKey: this.redis.opKey(this.tag(op.cartId), op.opId) };
  }

  async compareAndSet(op: { cart: StoredCart; expectedVersion: number; now: number; expiresAt: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    assertWellFormed(op, 'CartStore.compareAndSet');
    const { cart, now, expiresAt } = op;
    const fields = cartFields(cart, { updatedAt: now, expiresAt });
    const result = await this.redis.write<CasOutcome>(casScript, this.tag(cart.id), op.opId, this.cartKeys(cart.id), [
      now,
      op.expectedVersion,
      expiresAt,
      this.ttl(now, expiresAt),
      cart.id,
      ...fields,
    ]);
    if (result.code !== 'ok') return result;
    const stored: StoredCart = structuredClone({ ...cart, version: result.version, createdAt: result.createdAt, updatedAt: now, expiresAt });
    this.remember(stored, result.incarnation);
    // Second step, after the cart is stored: move the user link (see the class comment).
    if (stored.userId !== null) await this.link(stored.userId, stored.id);
    if (result.previousUser !== null && result.previousUser !== stored.userId) await this.unlink(result.previousUser, stored.id);
    return { code: 'ok', cart: stored };
  }

  async delete(op: { cartId: string; expectedVersion?: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    assertWellFormed(op, 'CartStore.delete');
    const result = await this.redis.write<DeleteOutcome>(deleteScript, this.tag(op.cartId), op.opId, this.cartKeys(op.cartId), [op.cartId, op.expectedVersion ?? '']);
    if (result.code !== 'ok') return result;
    const cart = decodeCart(result.cart);
    this.seen.delete(cart.id);
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
          this.redis.write<CartReply[]>(takeScript, shardTag(shard), undefined, [this.expiryKey(shard), ...ids.map((id) => this.cartKey(id))], [op.now, ...ids]),
        ),
      );
      const carts = batches.flat().map(decodeCart);
      for (const cart of carts) this.seen.delete(cart.id);
      await Promise.all(carts.flatMap((c) => (c.userId === null ? [] : [this.unlink(c.userId, c.id)])));
      taken.push(...carts);
    }
    return taken.sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : 1));
  }

  private async peekDue(now: number, limit: number): Promise<{ id: string; at: number; shard: number }[]> {
    const shards = Array.from({ length: CART_SHARDS }, (_, shard) => shard);
    const peeks = await Promise.all(shards.map((shard) => this.redis.read<string[]>(dueScript, [this.expiryKey(shard)], [now, limit])));
    const due: { id: string; at: number; shard: number }[] = [];
    peeks.forEach((flat, shard) => {
      for (let i = 0; i + 1 < flat.length; i += 2) due.push({ id: flat[i] as string, at: Number(flat[i + 1]), shard });
    });
    return due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /**
   * Runs one batch (one group's edits, see `edits`) as one script call; answers each edit's
   * result, in order. The queue sends each cart's edits together, so the results of the
   * carts in order are the results of the edits in order.
   */
  private async runBatch(batch: readonly LineEdit[]): Promise<LineResult[]> {
    const carts = new Map<string, LineEdit[]>();
    for (const edit of batch) {
      const edits = carts.get(edit.cartId);
      if (edits) edits.push(edit);
      else carts.set(edit.cartId, [edit]);
    }
    const keys: string[] = [];
    const args: (string | number)[] = [`${carts.size},${this.gcGraceMs},${this.ttlStep}`];
    // The copies as sent: a "same" answer is about these, whatever is remembered meanwhile.
    const sent: (SeenCart | undefined)[] = [];
    for (const [cartId, edits] of carts) {
      const held = this.seen.get(cartId);
      sent.push(held);
      const [cartKey, expiryKey] = this.cartKeys(cartId);
      keys.push(cartKey, expiryKey);
      args.push(`${held?.cart.version ?? ''},${edits.length},${held?.incarnation ?? ''}`, cartId);
      for (const edit of edits) {
        keys.push(edit.opKey);
        pushEditArgs(args, edit);
      }
    }
    args.push(this.redis.replayWindowMs);
    const replies = await this.redis.run<BatchReply[]>(lineBatchScript, keys, args);
    const results: LineResult[] = [];
    let j = 0;
    for (const [cartId, edits] of carts) {
      results.push(...this.settleCart(cartId, sent[j], edits, replies[j]));
      j += 1;
    }
    return results;
  }

  /** One cart's part of a batch reply: replays its applied edits on the cart as it was before. */
  private settleCart(cartId: string, held: SeenCart | undefined, edits: readonly LineEdit[], reply: BatchReply | undefined): LineResult[] {
    if (reply === undefined) throw new Error('cart-line-batch answered fewer carts than it was sent');
    if ('missing' in reply) {
      this.seen.delete(cartId);
      return edits.map(() => ({ code: 'not_found' }));
    }
    if (reply.cart === null && !held) throw new Error('cart-line-batch answered "same" without a copy to compare');
    const start = reply.cart === null ? (held as SeenCart) : { cart: decodeCart(reply.cart), incarnation: incarnationOf(reply.cart) };
    const { results, after } = replayEdits(start.cart, edits, reply.results);
    this.remember(after, start.incarnation);
    return results;
  }

  /** Keeps `cart` (the store's own object) as the last seen version, unless a newer one is held. */
  private remember(cart: StoredCart, incarnation: string): void {
    if (this.cacheSize === 0) return;
    const held = this.seen.get(cart.id);
    if (held && held.incarnation === incarnation && held.cart.version > cart.version) return;
    this.seen.delete(cart.id);
    this.seen.set(cart.id, { cart, incarnation });
    if (this.seen.size > this.cacheSize) this.seen.delete(this.seen.keys().next().value as string);
  }

  private async link(userId: string, cartId: string): Promise<void> {
    await this.redis.write(userLinkScript, userId, undefined, [this.userKey(userId)], [cartId]);
  }

  private async unlink(userId: string, cartId: string): Promise<void> {
    await this.redis.write(userUnlinkScript, userId, undefined, [this.userKey(userId)], [cartId]);
  }

  /**
   * Redis TTL: the domain idle time plus a grace, so the index still finds the cart to
   * report, rounded up so the key expires on a multiple of the TTL step (a quarter of the
   * grace). Every write that sets a new expiresAt sets it this way, so the key always
   * outlives `keepUntil(expiresAt)`; `cart-line-batch` therefore skips the PEXPIRE while
   * the step is unchanged: a shopper's edits within hours of each other cost one command
   * less in Redis. With no grace there is no step, and every write sets the TTL exactly.
   */
  private ttl(now: number, expiresAt: number): number {
    return keepUntil(Math.max(now + 1, expiresAt), this.gcGraceMs, this.ttlStep) - now;
  }

  /** The hash tag of a cart's keys: its shard's. */
  private tag(cartId: string): string {
    return shardTag(shardOf(cartId, CART_SHARDS));
  }

  private cartKeys(cartId: string): [string, string] {
    const shard = shardOf(cartId, CART_SHARDS);
    return [this.redis.keys.key('cart', shardTag(shard), cartId), this.expiryKey(shard)];
  }

  private cartKey(cartId: string): string {
    return this.cartKeys(cartId)[0];
  }

  private expiryKey(shard: number): string {
    return this.expiryKeys[shard] as string;
  }

  private userKey(userId: string): string {
    return this.redis.keys.key('cart-user', userId);
  }
}

function shardTag(shard: number): string {
  return `cart-${shard}`;
}
