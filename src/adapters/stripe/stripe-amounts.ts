import { CommerceError } from '../../shared/errors.js';
import { minorUnitExponent } from '../../shared/currencies.js';

// Where Stripe's API unit differs from the ISO 4217 minor unit the core uses. ISK is
// zero-decimal but Stripe still takes it with two decimals; MGA has two ISO decimals that
// Stripe does not use. Every other code is sent in its ISO minor unit.
const STRIPE_EXPONENT: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 };

// Stripe takes three-decimal amounts only as multiples of 10 (the last digit must be 0).
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

function exponents(currency: string): { iso: number; stripe: number } {
  const iso = minorUnitExponent(currency.toUpperCase());
  if (iso === undefined) throw new CommerceError('INVALID_CURRENCY', { currency });
  return { iso, stripe: STRIPE_EXPONENT[currency.toUpperCase()] ?? iso };
}

/** Stripe's lower-case currency as the ISO 4217 code (`eur` -> `EUR`); anything else is `INVALID_CURRENCY`. */
export function isoCurrency(stripeCurrency: unknown): string {
  const code = typeof stripeCurrency === 'string' ? stripeCurrency.toUpperCase() : '';
  if (minorUnitExponent(code) === undefined) throw new CommerceError('INVALID_CURRENCY', { currency: typeof stripeCurrency === 'string' ? stripeCurrency : typeof stripeCurrency });
  return code;
}

/**
 * ISO minor units to the amount Stripe expects. Never rounds: an amount Stripe cannot take
 * exactly (a three-decimal amount that is not a multiple of 10, an MGA amount with
 * iraimbilanja) is refused with `INVALID_AMOUNT`, so nothing is charged that differs from
 * the stored payment. Hosts selling in those currencies price to 0.01 (`Money.round` at 2).
 */
export function toStripeAmount(isoMinor: number, currency: string): number {
  const { iso, stripe } = exponents(currency);
  if (!Number.isSafeInteger(isoMinor) || isoMinor < 0) throw new CommerceError('INVALID_AMOUNT', { amount: String(isoMinor), currency });
  if (THREE_DECIMAL.has(currency.toUpperCase()) && isoMinor % 10 !== 0) {
    throw new CommerceError('INVALID_AMOUNT', { amount: String(isoMinor), currency, reason: 'Stripe takes three-decimal amounts only as multiples of 10 minor units' });
  }
  if (stripe >= iso) return isoMinor * 10 ** (stripe - iso);
  const factor = 10 ** (iso - stripe);
  if (isoMinor % factor !== 0) throw new CommerceError('INVALID_AMOUNT', { amount: String(isoMinor), currency, reason: `Stripe takes ${currency} without minor units` });
  return isoMinor / factor;
}

/**
 * Stripe's amount back to ISO minor units, exactly. Stripe's unit is never finer than ISO's
 * but for ISK, whose Stripe amounts are whole krónur (multiples of 100). Whatever arrives
 * (a webhook body is only JSON) that is not a non-negative safe integer with an exact
 * conversion is refused with `INVALID_AMOUNT`, never rounded or coerced.
 */
export function fromStripeAmount(stripeAmount: number, currency: string): number {
  const { iso, stripe } = exponents(isoCurrency(currency));
  if (typeof stripeAmount !== 'number' || !Number.isSafeInteger(stripeAmount) || stripeAmount < 0) {
    throw new CommerceError('INVALID_AMOUNT', { amount: String(stripeAmount), currency, reason: 'Stripe amounts are non-negative integers' });
  }
  const units = stripe <= iso ? stripeAmount * 10 ** (iso - stripe) : stripeAmount / 10 ** (stripe - iso);
  if (!Number.isSafeInteger(units)) throw new CommerceError('INVALID_AMOUNT', { amount: String(stripeAmount), currency, reason: `not a whole number of ${currency} minor units` });
  return units;
}
