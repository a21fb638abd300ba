import type { CartStore, LineLimits, LineResult, StoredCart } from '../ports/cart-store.js';
import type { Clock } from '../ports/clock.js';
import { CommerceError } from '../shared/errors.js';
import type { EventSink } from '../shared/events.js';
import { toCart, type Cart } from './cart.js';
import type { CartEvents } from './cart-events.js';
import type { CartPricer } from './cart-pricer.js';
import { retryOnConflict, type RetryPolicy } from '../shared/conflict-retry.js';

type CartEventsUpdate = Pick<CartEvents['cart.updated'], 'change'> & Partial<Pick<CartEvents['cart.updated'], 'productId' | 'sku' | 'code'>>;
type Removal = { cartId: string; code: string; reason: CommerceError['code']; message: string };

/**
 * The write side shared by the cart commands: maps line-step result codes to errors,
 * runs whole-cart edits as compare-and-set with bounded retries, drops coupons that
 * stopped qualifying, and emits `cart.updated` after each stored change.
 */
export class CartWriter {
  private readonly store: CartStore;
  private readonly clock: Clock;
  private readonly events: EventSink<CartEvents>;
  private readonly pricer: CartPricer;
  private readonly retry: RetryPolicy;
  private readonly idleTimeoutMs: number;
  private readonly limits: LineLimits;

  constructor(deps: {
    store: CartStore;
    clock: Clock;
    events: EventSink<CartEvents>;
    pricer: CartPricer;
    retry: RetryPolicy;
    idleTimeoutMs: number;
    limits: LineLimits;
  }) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.events = deps.events;
    this.pricer = deps.pricer;
    this.retry = deps.retry;
    this.idleTimeoutMs = deps.idleTimeoutMs;
    this.limits = deps.limits;
  }

  /** Maps a line step's result code to the cart or its error, then re-checks the coupons. */
  async afterLineEdit(cartId: string, result: LineResult, now: number, change: Omit<CartEventsUpdate, 'code'>): Promise<Cart> {
    switch (result.code) {
      case 'ok':
        this.emitUpdated(result.cart, change);
        if (result.cart.couponCodes.length === 0) return toCart(result.cart);
        // The edit is stored and stays done even if dropping a coupon fails (e.g. CART_CONFLICT
        // under heavy contention): the next edit retries, and priceCart refuses the stale code.
        return this.settleCoupons(result.cart).catch(() => toCart(result.cart));
      case 'not_found':
        throw new CommerceError('CART_NOT_FOUND', { cartId });
      case 'line_not_found':
        throw new CommerceError('CART_LINE_NOT_FOUND', { cartId, productId: change.productId, sku: change.sku });
      case 'line_limit':
        throw new CommerceError('CART_LINE_LIMIT', { cartId, maxLines: this.limits.maxLines, at: now });
      case 'quantity_limit':
        throw new CommerceError('CART_QUANTITY_LIMIT', { cartId, quantity: result.quantity, max: this.limits.maxQuantity });
      case 'currency_mismatch':
        throw new CommerceError('CART_CURRENCY_MISMATCH', { cartId, currency: result.currency });
    }
  }

  /**
   * Removes the applied coupons that stopped qualifying (e.g. the cart fell below a
   * minimum), each with a `cart.coupon_removed` event saying why.
   */
  async settleCoupons(stored: StoredCart): Promise<Cart> {
    if (stored.couponCodes.length === 0) return toCart(stored);
    if ((await this.pricer.failingCoupons(stored, this.clock.now())).length === 0) return toCart(stored);
    let removed: Removal[] = [];
    const settled = await this.casLoop(stored.id, async (cart, now) => {
      const failures = await this.pricer.failingCoupons(cart, now);
      removed = failures.map((f) => ({ cartId: cart.id, code: f.coupon, reason: f.code, message: f.reason }));
      if (failures.length === 0) return null;
      const gone = new Set(failures.map((f) => f.coupon));
      return { ...cart, couponCodes: cart.couponCodes.filter((c) => !gone.has(c)) };
    });
    for (const removal of removed) {
      this.events.emit('cart.coupon_removed', { ...removal, at: settled.updatedAt });
      this.emitUpdated(settled, { change: 'coupon_removed', code: removal.code });
    }
    return toCart(settled);
  }

  /** Read, edit, compare-and-set, retried on conflict; `edit` answering null writes nothing. */
  casLoop(cartId: string, edit: (cart: StoredCart, now: number) => Promise<StoredCart | null>): Promise<StoredCart> {
    return retryOnConflict(this.retry, async () => {
      const now = this.clock.now();
      const cart = await this.store.get(cartId, now);
      if (!cart) throw new CommerceError('CART_NOT_FOUND', { cartId });
      const next = await edit(cart, now);
      if (next === null) return { done: true, value: cart };
      const result = await this.store.compareAndSet({ cart: next, expectedVersion: cart.version, now, expiresAt: now + this.idleTimeoutMs });
      if (result.code === 'not_found') throw new CommerceError('CART_NOT_FOUND', { cartId });
      return result.code === 'ok' ? { done: true, value: result.cart } : { done: false };
    }, (attempts) => cartConflict(cartId, attempts));
  }

  emitUpdated(cart: StoredCart, change: CartEventsUpdate): void {
    this.events.emit('cart.updated', { cartId: cart.id, version: cart.version, ...change, at: cart.updatedAt });
  }
}

/** A whole-cart edit that kept losing to other writers. */
export function cartConflict(cartId: string, attempts: number): CommerceError {
  return new CommerceError('CART_CONFLICT', { cartId, attempts, reason: `gave up after ${attempts} attempts` });
}
