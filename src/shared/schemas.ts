import { z } from 'zod';
import { isCurrencyCode } from './currencies.js';
import { Money } from './money.js';
import { moneyOf } from './money-cache.js';

/** Zod primitives shared by every module's command schemas. */

export const currencySchema = z
  .string()
  .length(3)
  .refine(isCurrencyCode, { message: 'not an active ISO 4217 currency code' });

/** A decimal amount as a string, e.g. "19.99". Floats are refused: they cannot hold cents exactly. */
export const decimalStringSchema = z
  .string()
  .trim()
  .regex(/^[+-]?\d+(\.\d+)?$/, { message: 'must be a decimal string such as "19.99"' });

export const moneyJsonSchema = z.object({ amount: decimalStringSchema, currency: currencySchema });

/**
 * Accepts `{ amount, currency }` or a Money and yields a Money. The JSON form is tried first
 * because it is what arrives from the wire (a failed union branch costs zod an issue object),
 * and equal amounts share one interned Money instead of parsing the decimal again.
 */
export const moneySchema = z
  .union([moneyJsonSchema, z.custom<Money>((v) => v instanceof Money, { message: 'expected Money' })])
  .transform((m) => (m instanceof Money ? m : moneyOf(m.amount, m.currency)));

/** A non-negative Money (prices, costs). */
export const nonNegativeMoneySchema = moneySchema.refine((m) => !m.isNegative(), { message: 'must not be negative' });

export const idSchema = z.string().trim().min(1).max(200);

export const quantitySchema = z.number().int().safe();

export const positiveQuantitySchema = quantitySchema.positive();

/** A duration in milliseconds. */
export const durationSchema = z.number().int().positive().safe();
