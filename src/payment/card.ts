import { createHmac } from 'node:crypto';
import { passesLuhn } from '../shared/card-number-guard.js';
import { CommerceError } from '../shared/errors.js';
import type { Clock } from '../ports/clock.js';

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'diners' | 'unionpay' | 'maestro';

interface BrandRule {
  brand: CardBrand;
  /** Inclusive BIN prefix ranges, compared on equal-length prefixes. */
  ranges: readonly (readonly [string, string])[];
  lengths: readonly number[];
  cvvLength: number;
  /** UnionPay issues some numbers that do not pass Luhn. */
  luhn: boolean;
}

// Order matters: narrower ranges that sit inside wider ones (Discover's 622126-622925 inside
// UnionPay's 62, Maestro's 6759 inside nothing else but near Discover) come first.
const BRANDS: readonly BrandRule[] = [
  { brand: 'amex', ranges: [['34', '34'], ['37', '37']], lengths: [15], cvvLength: 4, luhn: true },
  { brand: 'diners', ranges: [['300', '305'], ['309', '309'], ['36', '36'], ['38', '39']], lengths: [14, 15, 16, 17, 18, 19], cvvLength: 3, luhn: true },
  { brand: 'jcb', ranges: [['3528', '3589']], lengths: [16, 17, 18, 19], cvvLength: 3, luhn: true },
  { brand: 'discover', ranges: [['6011', '6011'], ['622126', '622925'], ['644', '649'], ['65', '65']], lengths: [16, 17, 18, 19], cvvLength: 3, luhn: true },
  {
    brand: 'maestro',
    ranges: [['5018', '5018'], ['5020', '5020'], ['5038', '5038'], ['5893', '5893'], ['6304', '6304'], ['6759', '6759'], ['6761', '6763']],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    cvvLength: 3,
    luhn: true,
  },
  { brand: 'mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16], cvvLength: 3, luhn: true },
  { brand: 'unionpay', ranges: [['62', '62'], ['81', '81']], lengths: [16, 17, 18, 19], cvvLength: 3, luhn: false },
  { brand: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19], cvvLength: 3, luhn: true },
];

/** True when the digits pass the Luhn (mod 10) check. */
export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && passesLuhn(digits);
}

/** The brand a number's leading digits belong to, or null. */
export function cardBrand(number: string): CardBrand | null {
  const digits = normalizeCardNumber(number);
  for (const rule of BRANDS) {
    for (const [low, high] of rule.ranges) {
      const prefix = digits.slice(0, low.length);
      if (prefix.length === low.length && prefix >= low && prefix <= high) return rule.brand;
    }
  }
  return null;
}

/** The CVV length a brand uses (Amex 4, the others 3). */
export function cvvLength(brand: CardBrand): number {
  return BRANDS.find((b) => b.brand === brand)?.cvvLength ?? 3;
}

export function normalizeCardNumber(number: string): string {
  return number.replace(/[\s-]/g, '');
}

/** A card as entered by a customer: only ever held in memory on the way to a token. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** What may be kept about a card after validation: never the number or the CVV. */
export interface CardSummary {
  brand: CardBrand;
  last4: string;
  bin: string;
  expMonth: number;
  expYear: number;
}

/**
 * Checks a card: digits only, a known brand, a length that brand issues, Luhn (where the
 * brand uses it), CVV length for the brand, and an expiry that has not passed. A card is
 * valid through the last millisecond of its expiry month (UTC), read from the Clock.
 * Throws `INVALID_CARD` with the reason; the number never goes into the error.
 */
export function validateCard(card: CardInput, clock: Clock): CardSummary {
  const digits = normalizeCardNumber(card.number);
  const refuse = (reason: string): never => {
    throw new CommerceError('INVALID_CARD', { reason });
  };
  if (!/^\d{12,19}$/.test(digits)) refuse('the number must be 12 to 19 digits');
  const brand = cardBrand(digits);
  const rule = BRANDS.find((b) => b.brand === brand);
  if (!brand || !rule) return refuse('the card brand is not recognised');
  if (!rule.lengths.includes(digits.length)) refuse(`${brand} numbers are not ${digits.length} digits long`);
  if (rule.luhn && !luhnValid(digits)) refuse('the number fails the Luhn check');
  if (!new RegExp(`^\\d{${rule.cvvLength}}$`).test(card.cvc)) refuse(`${brand} uses a ${rule.cvvLength}-digit security code`);
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) refuse('the expiry month must be 1 to 12');
  const year = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
  if (!Number.isInteger(year) || year > 9999) refuse('the expiry year is not valid');
  if (clock.now() >= Date.UTC(year, card.expMonth, 1)) refuse('the card has expired');
  return { brand, last4: digits.slice(-4), bin: digits.slice(0, 6), expMonth: card.expMonth, expYear: year };
}

/**
 * A keyed HMAC-SHA256 of the card number: stable for one card under one host key, useless
 * to anyone without the key (a plain hash of a 16-digit number is brute-forced in minutes).
 */
export function cardFingerprint(number: string, key: string | Uint8Array): string {
  return createHmac('sha256', key).update(normalizeCardNumber(number)).digest('hex');
}
