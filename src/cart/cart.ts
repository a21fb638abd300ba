import type { StoredCart, StoredCartLine, TaxClass } from '../ports/cart-store.js';
import type { Money } from '../shared/money.js';
import { moneyOf } from '../shared/money-cache.js';

/** One line of a cart: a (productId, sku) pair with its quantity and unit price. */
export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  taxClass: TaxClass;
  categories: string[];
  weightGrams: number;
}

/** A cart as the service answers it. Totals are not stored: ask `priceCart`. */
export interface Cart {
  id: string;
  userId: string | null;
  sessionId: string;
  currency: string;
  lines: CartLine[];
  /** Applied coupon codes, upper-cased. */
  couponCodes: string[];
  /** Sum of the line quantities. */
  itemCount: number;
  version: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

function toLine(line: StoredCartLine): CartLine {
  return {
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice: moneyOf(line.unitPrice, line.currency),
    taxClass: line.taxClass,
    categories: line.categories.slice(),
    weightGrams: line.weightGrams,
  };
}

export function toCart(stored: StoredCart): Cart {
  let itemCount = 0;
  for (const line of stored.lines) itemCount += line.quantity;
  return {
    id: stored.id,
    userId: stored.userId,
    sessionId: stored.sessionId,
    currency: stored.currency,
    lines: stored.lines.map(toLine),
    couponCodes: stored.couponCodes.slice(),
    itemCount,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    expiresAt: stored.expiresAt,
  };
}

/** The key of a line: (productId, sku). */
export function lineKey(line: { productId: string; sku: string }): string {
  return `${line.productId}\u0000${line.sku}`;
}
