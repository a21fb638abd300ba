import { CommerceError } from '../../shared/errors.js';
import { minorUnitExponent } from '../../shared/currencies.js';
import { Dec } from '../../shared/money.js';

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

/** PayPal's decimal string back to ISO minor units, exactly. */
export function fromPayPalValue(value: string | undefined, currency: string): number {
  const { iso } = exponents(currency);
  const minor = new Dec(value ?? '0').times(new Dec(10).pow(iso));
  if (!minor.isInteger()) throw new CommerceError('INVALID_AMOUNT', { amount: value ?? '', currency });
  return minor.toNumber();
}
