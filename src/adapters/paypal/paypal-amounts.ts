import { CommerceError } from '../../shared/errors.js';
import { minorUnitExponent } from '../../shared/currencies.js';
import { Dec, toDecimal } from '../../shared/money.js';

// PayPal takes HUF and TWD without decimals although ISO gives them two.
const PAYPAL_EXPONENT: Readonly<Record<string, number>> = { HUF: 0, TWD: 0 };

function exponents(currency: string): { iso: number; paypal: number } {
  const iso = minorUnitExponent(currency);
  if (iso === undefined) throw new CommerceError('INVALID_CURRENCY', { currency });
  return { iso, paypal: PAYPAL_EXPONENT[currency] ?? iso };
}

/** ISO minor units as PayPal's decimal string (`1999` USD -> `19.99`); refuses what PayPal would have to round. */
export function toPayPalValue(isoMinor: number, currency: string): string {
  const { iso, paypal } = exponents(currency);
  const value = new Dec(isoMinor).div(new Dec(10).pow(iso));
  if (!value.times(new Dec(10).pow(paypal)).isInteger()) {
    throw new CommerceError('INVALID_AMOUNT', { amount: String(isoMinor), currency, reason: `PayPal takes ${currency} with ${paypal} decimals` });
  }
  return value.toFixed(paypal);
}

/**
 * PayPal's decimal string back to ISO minor units, exactly; an absent value (a capture
 * without a fee breakdown) is 0. Anything else that is not a non-negative decimal string of
 * whole minor units within a safe integer (a webhook body is only JSON) is `INVALID_AMOUNT`.
 */
export function fromPayPalValue(value: string | undefined, currency: string): number {
  const { iso } = exponents(currency);
  if (value === undefined) return 0;
  const refuse = (reason: string): never => {
    throw new CommerceError('INVALID_AMOUNT', { amount: typeof value === 'string' ? value.slice(0, 64) : typeof value, currency, reason });
  };
  if (typeof value !== 'string') return refuse('PayPal amounts are decimal strings');
  const minor = toDecimal(value, 'PayPal amount').times(new Dec(10).pow(iso));
  if (!minor.isInteger() || minor.isNegative() || !Number.isSafeInteger(minor.toNumber())) return refuse(`not a whole, non-negative number of ${currency} minor units`);
  return minor.toNumber();
}
