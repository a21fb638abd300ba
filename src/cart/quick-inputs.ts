import type { z } from 'zod';
import { isCurrencyCode } from '../shared/currencies.js';
import { moneyOf } from '../shared/money-cache.js';
import type { Money } from '../shared/money.js';
import type { addItemSchema, updateQuantitySchema } from './cart-schemas.js';

/**
 * The shapes nearly every addItem and updateQuantity call has, taken without zod: strings
 * with nothing to trim, safe integer quantities, a `{ amount, currency }` price. Parsing the
 * same input with the schema costs about a microsecond and 3.5 KB of garbage on the
 * hottest calls of the library. Anything else answers undefined and goes through the schema,
 * which stays the rule: a property test checks that whatever these take, the schema takes
 * too, with the same result.
 */

type AddItem = z.output<typeof addItemSchema>;
type UpdateQuantity = z.output<typeof updateQuantitySchema>;

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const TAX_CLASSES = new Set(['standard', 'reduced', 'zero']);

/** Printable ASCII is never whitespace to `trim`, so a string it starts and ends with needs no trim. */
function printable(code: number): boolean {
  return code > 32 && code < 127;
}

/** A string the schema would keep as it is: nothing to trim, length within bounds. */
function plain(value: unknown, max: number): value is string {
  if (typeof value !== 'string' || value.length < 1 || value.length > max) return false;
  return (printable(value.charCodeAt(0)) && printable(value.charCodeAt(value.length - 1))) || value.trim() === value;
}

/** Interned prices already found non-negative and rounded to their currency. */
const validPrices = new WeakSet<Money>();

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The item of `addItem(cartId, item)`, checked as the schema checks `{ ...item, cartId }`. */
export function quickAddItem(cartId: unknown, item: Record<string, unknown>): AddItem | undefined {
  const { productId, sku, name, quantity, unitPrice, taxClass = 'standard', categories = [], weightGrams = 0 } = item;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !plain(name, 500)) return undefined;
  if (!Number.isSafeInteger(quantity) || (quantity as number) < 1) return undefined;
  if (typeof taxClass !== 'string' || !TAX_CLASSES.has(taxClass)) return undefined;
  if (!Number.isSafeInteger(weightGrams) || (weightGrams as number) < 0) return undefined;
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
    quantity: quantity as number,
    unitPrice: price,
    taxClass: taxClass as AddItem['taxClass'],
    categories: categories.slice(),
    weightGrams: weightGrams as number,
  };
}

export function quickUpdateQuantity(input: Record<string, unknown>): UpdateQuantity | undefined {
  const { cartId, productId, sku, quantity } = input;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !Number.isSafeInteger(quantity)) return undefined;
  return { cartId, productId, sku, quantity: quantity as number };
}
