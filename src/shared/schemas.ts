import { z } from 'zod';
import { isCurrencyCode } from './currencies.js';
import { fitsMinorUnits, MAX_MINOR_UNITS, Money, type MoneyJSON } from './money.js';
import { moneyOf } from './money-cache.js';

/** Zod primitives shared by every module's command schemas. */

export const currencySchema = z
  .string()
  .length(3)
  .refine(isCurrencyCode, { message: 'not an active ISO 4217 currency code' });

/** What a service says when it is handed a JS number where an amount belongs. */
export const NUMBER_IS_NOT_MONEY = 'a JS number cannot hold money exactly: pass a decimal string such as "19.99"';

/** A decimal amount as a string, e.g. "19.99". Floats are refused: they cannot hold cents exactly. */
export const decimalStringSchema = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? NUMBER_IS_NOT_MONEY : undefined) })
  .trim()
  .regex(/^[+-]?\d+(\.\d+)?$/, { message: 'must be a decimal string such as "19.99"' });

/**
 * `{ amount, currency }`, with an amount whose minor units fit a safe integer (what gateways
 * and stores count in), so an amount too large to charge is refused when it is entered.
 */
export const moneyJsonSchema = z
  .object({ amount: decimalStringSchema, currency: currencySchema }, { error: (issue) => (typeof issue.input === 'number' ? NUMBER_IS_NOT_MONEY : undefined) })
  .refine((m) => fitsMinorUnits(m.amount, m.currency), {
    message: `must not exceed ${MAX_MINOR_UNITS} minor units of its currency`,
    path: ['amount'],
  });

/**
 * Accepts `{ amount, currency }` or a Money and yields a Money. A Money goes through its JSON
 * form, so both meet the same checks with the same messages (a JS number for the amount or
 * the whole value says "pass a decimal string"); equal amounts share one interned Money
 * instead of parsing the decimal again. (Typed by hand: a preprocess takes `unknown`, and
 * hosts should see what the field takes.)
 */
export const moneySchema = z
  .preprocess((value) => (value instanceof Money ? value.toJSON() : value), moneyJsonSchema)
  .transform((m) => moneyOf(m.amount, m.currency)) as unknown as z.ZodType<Money, MoneyJSON | Money>;

/** A non-negative Money (prices, costs). */
export const nonNegativeMoneySchema = moneySchema.refine((m) => !m.isNegative(), { message: 'must not be negative' });

export const idSchema = z.string().trim().min(1).max(200);

/** Tax class of a line or product: which rate of the destination applies. */
export const taxClassSchema = z.enum(['standard', 'reduced', 'zero']);

export const quantitySchema = z.number().int().safe();

export const positiveQuantitySchema = quantitySchema.positive();

/** A duration in milliseconds. */
export const durationSchema = z.number().int().positive().safe();
