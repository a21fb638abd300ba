import type { z } from 'zod';
import { isCurrencyCode } from '../shared/currencies.js';
import { moneyOf } from '../shared/money-cache.js';
import { isRecord, plain, safeIntegerFrom } from '../shared/quick-checks.js';
import type { Money } from '../shared/money.js';
import type { addItemSchema, updateQuantitySchema } from './cart-schemas.js';

/**
 * The shapes nearly every addItem and updateQuantity call has, taken without zod (see
 * shared/quick-checks.ts): strings with nothing to trim, safe integer quantities, a
 * `{ amount, currency }` price. The schema costs about a microsecond and 3.5 KB of garbage
 * on the hottest calls of the library.
 */

type AddItem = z.output<typeof addItemSchema>;
type UpdateQuantity = z.output<typeof updateQuantitySchema>;

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const TAX_CLASSES = new Set(['standard', 'reduced', 'zero']);

/** Interned prices already found non-negative and rounded to their currency. */
const validPrices = new WeakSet<Money>();

/** The item of `addItem(cartId, item)`, checked as the schema checks `{ ...item, cartId }`. */
export function quickAddItem(cartId: unknown, item: Record<string, unknown>): AddItem | undefined {
  const { productId, sku, name, quantity, unitPrice, taxClass = 'standard', categories = [], weightGrams = 0 } = item;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !plain(name, 500)) return undefined;
  if (!safeIntegerFrom(quantity, 1)) return undefined;
  if (typeof taxClass !== 'string' || !TAX_CLASSES.has(taxClass)) return undefined;
  if (!safeIntegerFrom(weightGrams, 0)) return undefined;
  if (!Array.isArray(categories) || categories.length > 50 || !categories.every((c) => plain(c, 200))) return undefined;
  if (!isRecord(unitPrice)) return undefined;
  const { amount, currency } = unitPrice;
  if (typeof amount !== 'string' || !DECIMAL.test(amount) || typeof currency !== 'string' || currency.length !== 3 || !isCurrencyCode(currency)) return undefined;
  const price = moneyOf(amount, currency);
  if (!validPrices.has(price)) {
    if (price.isNegative() || !price.isRounded()) return undefined;
    validPrices.add(price);
  }
  return {
    cartId,
    productId,
    sku,
    name,
    quantity,
    unitPrice: price,
    taxClass: taxClass as AddItem['taxClass'],
    categories: categories.slice(),
    weightGrams,
  };
}

export function quickUpdateQuantity(input: Record<string, unknown>): UpdateQuantity | undefined {
  const { cartId, productId, sku, quantity } = input;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !Number.isSafeInteger(quantity)) return undefined;
  return { cartId, productId, sku, quantity: quantity as number };
}
