import { applyLineEdit, copyCart, refuseLineEdit, type LineChange } from '../../cart/line-rules.js';
import type { CartStore, LineLimits, LineResult, StoredCart, StoredCartLine } from '../../ports/cart-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { ExpiryIndex } from './expiry-index.js';
import { ReplayLog } from './replay-log.js';

/**
 * The in-memory CartStore. Each member reads and writes synchronously with no `await`
 * in between, so it is atomic in one process. It copies the carts it is given and answers
 * the carts it keeps, frozen (ports/cart-store.ts: answers are read-only): a caller that
 * changes an answer fails at once instead of changing stored state, so every test run on
 * this store checks that no caller does.
 */
export class MemoryCartStore implements CartStore {
  private readonly carts = new Map<string, StoredCart>();
  private readonly userLinks = new Map<string, string>();
  private readonly expiry = new ExpiryIndex();
  private readonly replays = new ReplayLog();

  async create(cart: StoredCart, step: Replayable = {}): Promise<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }> {
    assertWellFormed({ cart, step }, 'CartStore.create');
    const first = this.replays.answered<{ code: 'ok'; cart: StoredCart }>(step.opId);
    if (first) return first;
    if (this.carts.has(cart.id)) return { code: 'exists' };
    const stored = frozen(copyCart({ ...cart, version: 1 }));
    this.carts.set(stored.id, stored);
    this.expiry.set(stored.id, stored.expiresAt);
    if (stored.userId !== null) this.userLinks.set(stored.userId, stored.id);
    return this.replays.remember(step.opId, { code: 'ok', cart: stored });
  }

  async get(cartId: string, now: number): Promise<StoredCart | null> {
    assertWellFormed(cartId, 'CartStore.get');
    const cart = this.live(cartId, now);
    return cart ?? null;
  }

  async getUserCartId(userId: string): Promise<string | null> {
    assertWellFormed(userId, 'CartStore.getUserCartId');
    return this.userLinks.get(userId) ?? null;
  }

  async addToLine(op: { cartId: string; line: StoredCartLine; limits: LineLimits; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.addToLine');
    return this.edit(op, { kind: 'add', line: op.line, limits: op.limits });
  }

  async setLineQuantity(op: { cartId: string; productId: string; sku: string; quantity: number; limits: LineLimits; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.setLineQuantity');
    return this.edit(op, { kind: 'set', productId: op.productId, sku: op.sku, quantity: op.quantity, limits: op.limits });
  }

  async removeLine(op: { cartId: string; productId: string; sku: string; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.removeLine');
    return this.edit(op, { kind: 'remove', productId: op.productId, sku: op.sku });
  }

  /**
   * One line edit by the rules of cart/line-rules.ts. An edit already applied (its opId
   * remembered) answers the cart as it is stored now (ports/cart-store.ts).
   */
  private edit(op: { cartId: string; now: number; expiresAt: number } & Replayable, change: LineChange): LineResult {
    const cart = this.live(op.cartId, op.now);
    if (!cart) return { code: 'not_found' };
    if (this.replays.answered(op.opId)) return { code: 'ok', cart };
    const refusal = refuseLineEdit(cart, change);
    if (refusal) return refusal;
    const next = frozen(applyLineEdit(cart, change, op));
    this.carts.set(next.id, next);
    this.expiry.set(next.id, next.expiresAt);
    this.replays.remember(op.opId, true);
    return { code: 'ok', cart: next };
  }

  async compareAndSet(op: { cart: StoredCart; expectedVersion: number; now: number; expiresAt: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    assertWellFormed(op, 'CartStore.compareAndSet');
    const first = this.replays.answered<{ code: 'ok'; cart: StoredCart }>(op.opId);
    if (first) return first;
    const current = this.live(op.cart.id, op.now);
    if (!current) return { code: 'not_found' };
    if (current.version !== op.expectedVersion) return { code: 'conflict', version: current.version };
    const next = frozen(copyCart({ ...op.cart, version: current.version + 1, createdAt: current.createdAt, updatedAt: op.now, expiresAt: op.expiresAt }));
    if (current.userId !== null && current.userId !== next.userId && this.userLinks.get(current.userId) === next.id) {
      this.userLinks.delete(current.userId);
    }
    if (next.userId !== null) this.userLinks.set(next.userId, next.id);
    this.carts.set(next.id, next);
    this.expiry.set(next.id, next.expiresAt);
    return this.replays.remember(op.opId, { code: 'ok', cart: next });
  }

  async delete(op: { cartId: string; expectedVersion?: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  > {
    assertWellFormed(op, 'CartStore.delete');
    const first = this.replays.answered<{ code: 'ok'; cart: StoredCart }>(op.opId);
    if (first) return first;
    const cart = this.carts.get(op.cartId);
    if (!cart) return { code: 'not_found' };
    if (op.expectedVersion !== undefined && cart.version !== op.expectedVersion) return { code: 'conflict', version: cart.version };
    this.remove(cart);
    return this.replays.remember(op.opId, { code: 'ok', cart });
  }

  async takeExpired(op: { now: number; limit: number }): Promise<StoredCart[]> {
    const taken: StoredCart[] = [];
    for (const id of this.expiry.takeDue(op.now, op.limit)) {
      const cart = this.carts.get(id);
      if (!cart) continue;
      this.remove(cart);
      taken.push(cart);
    }
    return taken;
  }

  /** The cart unless missing or expired; expired ones stay until `takeExpired` reports them. */
  private live(cartId: string, now: number): StoredCart | undefined {
    const cart = this.carts.get(cartId);
    return cart && cart.expiresAt > now ? cart : undefined;
  }

  private remove(cart: StoredCart): void {
    this.carts.delete(cart.id);
    this.expiry.delete(cart.id);
    if (cart.userId !== null && this.userLinks.get(cart.userId) === cart.id) this.userLinks.delete(cart.userId);
  }
}

/**
 * Freezes a cart the store is about to keep: the cart, its arrays and its lines. A line an
 * edit left as it was is shared with the version before, frozen already, and skipped.
 */
function frozen(cart: StoredCart): StoredCart {
  for (const line of cart.lines) {
    if (Object.isFrozen(line)) continue;
    Object.freeze(line.categories);
    Object.freeze(line);
  }
  Object.freeze(cart.lines);
  Object.freeze(cart.couponCodes);
  return Object.freeze(cart);
}
