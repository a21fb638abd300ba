import type { Replayable } from './replay.js';

/**
 * Where carts live. Shaped so a Redis adapter can run each member as ONE Lua script:
 * the hot line edits check their limits inside the store and answer with a result code
 * (no read-then-write, no retry loop), and the rare whole-cart edits go through a
 * versioned compare-and-set. Pricing never happens here: the store only keeps lines.
 *
 * Every write bumps `version` by one, sets `updatedAt` to `now` and slides `expiresAt`.
 * A cart whose `expiresAt <= now` is treated as absent by every member that takes `now`.
 *
 * Carts a member answers are shared and read-only: a store may answer the object it keeps
 * as its copy of the cart (the Redis store's per-process cache, the memory store's map),
 * and the same object to several callers. A caller that wants to change one copies it
 * first (`copyCart` in cart/line-rules.ts); a store never changes an object once it has
 * answered it (a write makes a new one). Carts a caller passes in stay the caller's: the
 * store keeps a copy. Copying every answer instead doubled the Node time of a line edit
 * (docs/redis-performance.md).
 *
 * Every write is safe to replay with its `opId` (ports/replay.ts). A line edit sent again
 * after it was applied answers `ok` with the cart as it is stored now (`not_found` when the
 * cart is gone or expired), not the cart right after the edit: keeping a whole cart per edit
 * would cost more than the edit. Every string must be well-formed Unicode (else
 * VALIDATION_FAILED, nothing written).
 */
export interface CartStore {
  /** Stores a new cart (version 1) and links its user to it; `exists` if the id is taken. */
  create(cart: StoredCart, step?: Replayable): Promise<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }>;

  /** The cart, or null when it is missing or expired at `now`. */
  get(cartId: string, now: number): Promise<StoredCart | null>;

  /** The id of the cart the user is linked to, or null (the cart itself may have expired). */
  getUserCartId(userId: string): Promise<string | null>;

  /**
   * Adds `line.quantity` to the line (productId, sku), creating it at the end if missing;
   * an existing line takes the name, price and attributes of `line` (the latest catalogue
   * data). Refuses (writing nothing) when `line.currency` is not the cart's currency, the
   * new quantity leaves 1..limits.maxQuantity, or a new line would exceed limits.maxLines.
   */
  addToLine(op: { cartId: string; line: StoredCartLine; limits: LineLimits; now: number; expiresAt: number } & Replayable): Promise<LineResult>;

  /** Sets the quantity of an existing line (1..limits.maxQuantity). */
  setLineQuantity(op: {
    cartId: string;
    productId: string;
    sku: string;
    quantity: number;
    limits: LineLimits;
    now: number;
    expiresAt: number;
  } & Replayable): Promise<LineResult>;

  /** Removes a line; `line_not_found` when there is none. */
  removeLine(op: { cartId: string; productId: string; sku: string; now: number; expiresAt: number } & Replayable): Promise<LineResult>;

  /**
   * Replaces the whole cart if its stored version is still `expectedVersion`: the store
   * writes `cart` with version + 1, `updatedAt = now`, the new `expiresAt`, and moves the
   * user link when `cart.userId` is set. `conflict` when another write came first.
   */
  compareAndSet(op: { cart: StoredCart; expectedVersion: number; now: number; expiresAt: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  >;

  /**
   * Deletes the cart, its expiry-index entry and its user link (when the link still points
   * to it). With `expectedVersion`, deletes only that version. Answers the deleted cart.
   */
  delete(op: { cartId: string; expectedVersion?: number } & Replayable): Promise<
    { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' }
  >;

  /**
   * Removes up to `limit` carts whose `expiresAt <= now`, found through an expiry index
   * ordered by time (never by scanning every cart), and answers them, oldest first. A sweep:
   * no `opId`, since a repeat takes only what is still due.
   */
  takeExpired(op: { now: number; limit: number }): Promise<StoredCart[]>;
}

/** The limits a line edit enforces inside the store, passed by the service. */
export interface LineLimits {
  /** Largest quantity one line may hold (the smallest is always 1). */
  maxQuantity: number;
  /** Most lines a cart may hold. */
  maxLines: number;
}

/** How a line edit ended; anything but `ok` wrote nothing. */
export type LineResult =
  | { code: 'ok'; cart: StoredCart }
  | { code: 'not_found' }
  | { code: 'line_not_found' }
  | { code: 'line_limit' }
  | { code: 'quantity_limit'; quantity: number }
  | { code: 'currency_mismatch'; currency: string };

/** One line as stored: JSON-safe (amounts as decimal strings, times as epoch ms). */
export interface StoredCartLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** Unit price, a decimal string already rounded to the currency's minor unit. */
  unitPrice: string;
  /** Whether `unitPrice` includes tax. Absent: as the cart service's `taxIncluded`. */
  taxIncluded?: boolean | undefined;
  currency: string;
  taxClass: TaxClass;
  /** Categories the promotions may target. */
  categories: string[];
  /** Weight of one unit in grams, for weight-tier shipping. */
  weightGrams: number;
}

/** Tax class of a line: which rate of the destination applies. */
export type TaxClass = 'standard' | 'reduced' | 'zero';

/** A cart as stored. */
export interface StoredCart {
  id: string;
  userId: string | null;
  sessionId: string;
  currency: string;
  lines: StoredCartLine[];
  /** Applied coupon codes, normalized to upper case, in the order applied. */
  couponCodes: string[];
  version: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}
