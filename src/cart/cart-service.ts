import type { CartStore, StoredCart, StoredCartLine } from '../ports/cart-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { randomIds } from '../adapters/system/random-ids.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { objectArgument, parseInput } from '../shared/validation.js';
import { toCart, type Cart } from './cart.js';
import type { CartEvents } from './cart-events.js';
import { CartPricer } from './cart-pricer.js';
import type { PricedCart } from './cart-pricing.js';
import * as s from './cart-schemas.js';
import { resolveSettings, type CartServiceOptions } from './cart-settings.js';
import { CartWriter } from './cart-writer.js';
import type { RetryPolicy } from '../shared/conflict-retry.js';
import { CouponDesk, type CouponHold } from './coupon-desk.js';
import { mergeCartInto } from './cart-merger.js';
import { noShipping } from './shipping-rate-table.js';
import { noTax } from './tax-rate-table.js';
import { CatalogLines } from './cart-catalog.js';

/**
 * Carts, their pricing and their coupons. Line edits are single store steps (no retry,
 * no lost update under any number of concurrent writers); whole-cart edits (coupons,
 * merge) are compare-and-set with bounded jittered retries.
 */
export class CartService {
  private readonly store: CartStore;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly events: EventSink<CartEvents>;
  private readonly pricer: CartPricer;
  private readonly coupons: CouponDesk;
  private readonly writer: CartWriter;
  private readonly limits: { maxQuantity: number; maxLines: number };
  private readonly defaultCurrency: string;
  private readonly idleTimeoutMs: number;
  private readonly retry: RetryPolicy;
  /** Absent when the caller prices (`pricing: 'caller'`). */
  private readonly catalogLines: CatalogLines | undefined;

  constructor(options: CartServiceOptions) {
    const settings = resolveSettings(options);
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.events = options.events ?? silentEvents<CartEvents>();
    this.defaultCurrency = settings.defaultCurrency;
    this.limits = settings.limits;
    this.idleTimeoutMs = settings.idleTimeoutMs;
    this.retry = settings.retry;
    this.catalogLines = settings.pricing === 'catalog' && options.catalog ? new CatalogLines(options.catalog, this.store) : undefined;
    this.pricer = new CartPricer({
      promotions: options.promotions,
      tax: options.tax ?? noTax,
      shipping: options.shipping ?? noShipping,
      rounding: settings.rounding,
      taxIncluded: settings.taxIncluded,
      customerGroups: options.customerGroups,
    });
    this.coupons = new CouponDesk({ promotions: options.promotions, pricer: this.pricer, clock: this.clock });
    this.writer = new CartWriter({
      store: this.store,
      clock: this.clock,
      events: this.events,
      pricer: this.pricer,
      retry: settings.retry,
      idleTimeoutMs: this.idleTimeoutMs,
      limits: this.limits,
    });
  }

  async createCart(input: s.CreateCartInput): Promise<Cart> {
    const { sessionId, userId, currency } = parseInput(s.createCartSchema, input, 'createCart');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const stored: StoredCart = {
        id: this.ids.next('cart'),
        userId: userId ?? null,
        sessionId,
        currency: currency ?? this.defaultCurrency,
        lines: [],
        couponCodes: [],
        version: 1,
        createdAt: now,
        updatedAt: now,
        expiresAt: now + this.idleTimeoutMs,
      };
      const result = await this.store.create(stored);
      if (result.code === 'exists') throw new CommerceError('CONFLICT', { cartId: stored.id, reason: 'the id generator repeated a cart id' });
      this.catalogLines?.saw(result.cart);
      this.events.emit('cart.created', { cartId: stored.id, userId: stored.userId, sessionId, currency: stored.currency, at: now });
      return toCart(result.cart);
    });
  }

  async getCart(cartId: string): Promise<Cart | null> {
    const id = parseInput(s.cartIdSchema, cartId, 'getCart');
    return commerceErrors(async () => {
      const stored = await this.store.get(id, this.clock.now());
      if (stored) this.catalogLines?.saw(stored);
      return stored ? toCart(stored) : null;
    });
  }

  /** The user's cart through the user -> cart link; null if none or it expired. */
  async getUserCart(userId: string): Promise<Cart | null> {
    const id = parseInput(s.cartIdSchema, userId, 'getUserCart');
    return commerceErrors(async () => {
      const cartId = await this.store.getUserCartId(id);
      const stored = cartId === null ? null : await this.store.get(cartId, this.clock.now());
      return stored && stored.userId === id ? toCart(stored) : null;
    });
  }

  /**
   * Adds units of a SKU to its line, creating the line if needed: one store step, never
   * retried. The line takes its unit price (for the quantity added), name, tax class, weight
   * and categories from the catalogue, read through its per-process cache; a `unitPrice` is
   * refused (PRICE_NOT_ALLOWED). With `pricing: 'caller'` the item carries them all instead.
   */
  async addItem(cartId: string, item: s.AddCatalogItemInput | Omit<s.AddItemInput, 'cartId'>): Promise<Cart> {
    const catalogLines = this.catalogLines;
    if (!catalogLines) {
      const input = s.parseAddItem(cartId, item);
      return commerceErrors(() => this.#addLine(input.cartId, {
        productId: input.productId,
        sku: input.sku,
        name: input.name,
        quantity: input.quantity,
        unitPrice: input.unitPrice.amount,
        currency: input.unitPrice.currency,
        taxClass: input.taxClass,
        categories: input.categories,
        weightGrams: input.weightGrams,
        ...(input.taxIncluded !== undefined ? { taxIncluded: input.taxIncluded } : {}),
      }));
    }
    const input = s.parseAddCatalogItem(cartId, item);
    return commerceErrors(async () => this.#addLine(input.cartId, await catalogLines.lineFor(input.cartId, input.sku, input.quantity, this.clock.now())));
  }

  async #addLine(cartId: string, line: StoredCartLine): Promise<Cart> {
    const now = this.clock.now();
    const result = await this.store.addToLine({ cartId, line, limits: this.limits, now, expiresAt: now + this.idleTimeoutMs });
    return this.writer.afterLineEdit(cartId, result, now, { change: 'item_added', productId: line.productId, sku: line.sku });
  }

  async removeItem(cartId: string, productId: string, sku: string): Promise<Cart> {
    const input = parseInput(s.lineRefSchema, { cartId, productId, sku }, 'removeItem');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const { productId, sku } = input;
      const result = await this.store.removeLine({ cartId: input.cartId, productId, sku, now, expiresAt: now + this.idleTimeoutMs });
      return this.writer.afterLineEdit(input.cartId, result, now, { change: 'item_removed', productId: input.productId, sku: input.sku });
    });
  }

  /** Sets a line's quantity; a quantity <= 0 removes the line. */
  async updateQuantity(cartId: string, productId: string, sku: string, quantity: number): Promise<Cart> {
    const input = s.parseUpdateQuantity({ cartId, productId, sku, quantity });
    if (input.quantity <= 0) return this.removeItem(input.cartId, input.productId, input.sku);
    return commerceErrors(async () => {
      const now = this.clock.now();
      const { productId, sku, quantity } = input;
      const result = await this.store.setLineQuantity({ cartId: input.cartId, productId, sku, quantity, limits: this.limits, now, expiresAt: now + this.idleTimeoutMs });
      return this.writer.afterLineEdit(input.cartId, result, now, { change: 'quantity_updated', productId: input.productId, sku: input.sku });
    });
  }

  /**
   * Merges the source cart into the target (on login) with the `sum` or `max` strategy,
   * within the line and quantity limits (what does not fit is reported in the event).
   * The source is deleted only after the target is stored, and only at the version that
   * was merged: lines added to the guest cart meanwhile are merged too (see cart-merger.ts).
   */
  async mergeCarts(targetCartId: string, sourceCartId: string, options: { strategy?: 'sum' | 'max' } = {}): Promise<Cart> {
    const input = parseInput(s.mergeCartsSchema, { targetCartId, sourceCartId, ...objectArgument(options, 'mergeCarts') }, 'mergeCarts');
    if (input.targetCartId === input.sourceCartId) {
      throw new CommerceError('VALIDATION_FAILED', { reason: 'a cart cannot be merged into itself', cartId: input.targetCartId });
    }
    return commerceErrors(async () => {
      const { merged, dropped, sourceDeleted } = await mergeCartInto(
        { store: this.store, writer: this.writer, retry: this.retry, limits: this.limits },
        { targetCartId: input.targetCartId, sourceCartId: input.sourceCartId, strategy: input.strategy },
      );
      const at = this.clock.now();
      this.events.emit('cart.merged', {
        targetCartId: input.targetCartId,
        sourceCartId: input.sourceCartId,
        strategy: input.strategy,
        version: merged.version,
        dropped,
        at,
      });
      if (sourceDeleted) this.events.emit('cart.deleted', { cartId: input.sourceCartId, at });
      return this.writer.settleCoupons(merged);
    });
  }

  /**
   * Applies a coupon (case-insensitive). Checks that it exists, has started and not ended,
   * the cart reaches its minimum, uses are left (overall and for the customer, default the
   * cart's user), and it stacks with the coupons already applied. Applying twice is a no-op.
   */
  async applyCoupon(cartId: string, code: string, options: { customerId?: string } = {}): Promise<Cart> {
    const input = parseInput(s.applyCouponSchema, { cartId, code, ...objectArgument(options, 'applyCoupon') }, 'applyCoupon');
    return commerceErrors(async () => {
      const stored = await this.writer.casLoop(input.cartId, async (cart, now) => {
        if (cart.couponCodes.includes(input.code)) return null;
        const customerId = input.customerId ?? cart.userId ?? undefined;
        await this.coupons.checkApplicable(cart, input.code, now, customerId);
        return { ...cart, couponCodes: [...cart.couponCodes, input.code] };
      });
      this.writer.emitUpdated(stored, { change: 'coupon_applied', code: input.code });
      return toCart(stored);
    });
  }

  /** Removes a coupon; removing one that is not applied is a no-op. */
  async removeCoupon(cartId: string, code: string): Promise<Cart> {
    const input = parseInput(s.removeCouponSchema, { cartId, code }, 'removeCoupon');
    return commerceErrors(async () => {
      let changed = false;
      const stored = await this.writer.casLoop(input.cartId, (cart) => {
        changed = cart.couponCodes.includes(input.code);
        return Promise.resolve(changed ? { ...cart, couponCodes: cart.couponCodes.filter((c) => c !== input.code) } : null);
      });
      if (changed) this.writer.emitUpdated(stored, { change: 'coupon_removed', code: input.code });
      return toCart(stored);
    });
  }

  /** Deletes the cart and its user link. True when there was a cart to delete. */
  async deleteCart(cartId: string): Promise<boolean> {
    const id = parseInput(s.cartIdSchema, cartId, 'deleteCart');
    return commerceErrors(async () => {
      const result = await this.store.delete({ cartId: id });
      if (result.code !== 'ok') return false;
      this.events.emit('cart.deleted', { cartId: id, at: this.clock.now() });
      return true;
    });
  }

  /**
   * Deletes the carts idle past their expiry, found through the store's expiry index, and
   * emits `cart.abandoned` for each. Answers how many. The host schedules this.
   */
  async cleanupAbandonedCarts(options: { limit?: number } = {}): Promise<number> {
    const { limit } = parseInput(s.cleanupAbandonedCartsSchema, options, 'cleanupAbandonedCarts');
    return commerceErrors(async () => {
      const now = this.clock.now();
      let count = 0;
      while (count < limit) {
        const batch = await this.store.takeExpired({ now, limit: Math.min(100, limit - count) });
        for (const cart of batch) {
          this.events.emit('cart.abandoned', {
            cartId: cart.id,
            userId: cart.userId,
            sessionId: cart.sessionId,
            itemCount: cart.lines.reduce((a, l) => a + l.quantity, 0),
            lastActivityAt: cart.updatedAt,
            expiredAt: cart.expiresAt,
            at: now,
          });
        }
        count += batch.length;
        if (batch.length === 0) break;
      }
      return count;
    });
  }

  /**
   * Every total of the cart, computed now from its lines, promotions, tax and shipping, each
   * line priced from the catalogue's store (not its cache: checkout charges this), with the
   * price it was added at beside. Throws the COUPON_* error of an applied code that no longer
   * applies, and the catalogue's error of a line that no longer sells.
   */
  async priceCart(cartId: string, options: s.PriceCartOptions = {}): Promise<PricedCart> {
    const id = parseInput(s.cartIdSchema, cartId, 'priceCart');
    const opts = parseInput(s.priceCartOptionsSchema, options, 'priceCart');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const stored = await this.store.get(id, now);
      if (!stored) throw new CommerceError('CART_NOT_FOUND', { cartId: id });
      const { cart, added } = await this.#repriced(stored);
      return this.pricer.price(cart, {
        now,
        ...(added ? { addedPrices: added } : {}),
        ...(opts.destination ? { destination: opts.destination } : {}),
        ...(opts.shippingOptionId !== undefined ? { shippingOptionId: opts.shippingOptionId } : {}),
        ...(opts.customerId !== undefined ? { customerId: opts.customerId } : {}),
      });
    });
  }

  /**
   * Reserves one use of every promotion the cart gets now (its coupons and the automatic
   * promotions that apply), all or nothing: COUPON_USAGE_LIMIT if any is used up, or the
   * COUPON_* error of a code that no longer applies. With `ttlMs` the hold lapses then unless
   * committed (a checkout that crashed or was abandoned never releases it); reserving the
   * same hold id after it lapsed reserves anew.
   */
  async reserveCouponUsage(input: s.ReserveCouponUsageInput): Promise<CouponHold> {
    const parsed = parseInput(s.reserveCouponUsageSchema, input, 'reserveCouponUsage');
    return commerceErrors(async () => {
      const now = this.clock.now();
      const stored = await this.store.get(parsed.cartId, now);
      if (!stored) throw new CommerceError('CART_NOT_FOUND', { cartId: parsed.cartId });
      const customerId = parsed.customerId ?? stored.userId ?? undefined;
      const priced = await this.pricer.price((await this.#repriced(stored)).cart, { now, customerId });
      const applied = priced.appliedPromotions.map((p) => ({ promotionId: p.id, code: p.code }));
      return this.coupons.reserve({ cartId: stored.id, holdId: parsed.holdId, applied, customerId, ...(parsed.ttlMs !== undefined ? { expiresAt: now + parsed.ttlMs } : {}) });
    });
  }

  /**
   * Counts a reserved hold's uses for good (order placed). Idempotent. A hold that lapsed is
   * counted again if its uses are still free, else COUPON_USAGE_LIMIT (nothing written).
   */
  async commitCouponUsage(hold: CouponHold): Promise<void> {
    const parsed = parseInput(s.couponHoldSchema, hold, 'commitCouponUsage');
    return commerceErrors(() => this.coupons.commit(parsed));
  }

  /** Gives a reserved hold's uses back (order failed). Idempotent. */
  async releaseCouponUsage(hold: CouponHold): Promise<void> {
    const parsed = parseInput(s.couponHoldSchema, hold, 'releaseCouponUsage');
    return commerceErrors(() => this.coupons.release(parsed.holdId));
  }

  /**
   * The cart as checkout charges it: every line priced from the catalogue's store now, with
   * the prices the lines were added at (the cart keeps what it showed; checkout decides).
   */
  async #repriced(stored: StoredCart): Promise<{ cart: StoredCart; added?: string[] }> {
    return this.catalogLines ? this.catalogLines.reprice(stored) : { cart: stored };
  }

  /** Creates or replaces a promotion (a coupon when it has a code, automatic otherwise). */
  async savePromotion(input: s.PromotionInput): Promise<void> {
    const promotion = parseInput(s.promotionSchema, input, 'savePromotion');
    return commerceErrors(() => this.coupons.save(promotion));
  }

  }
