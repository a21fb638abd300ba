import type { z } from 'zod';

/**
 * Finds a raw card number (PAN) in free input, so a service can refuse it before anything is
 * stored. A PAN is 13-19 digits passing the Luhn check. People and forms write it whole or in
 * groups separated by a space or a dash, sometimes followed by more digits (`4111 1111 1111
 * 1111 12/27`), so every run of consecutive groups of 13-19 digits is checked, wherever it
 * sits in a string. A run of more than 19 digits with no separator is not a card number and
 * is not split, which keeps numeric gateway tokens from tripping the check by chance; nor is
 * a UUID read, since no card number has its shape while device ids, gateway nonces and the
 * library's own ids are UUIDs whose digit groups pass Luhn about once in three thousand.
 */

const DIGIT_GROUPS = /\d+(?:[ -]\d+)*/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_LENGTH = 36;

// E.164 caps a phone number at 15 digits after the international prefix.
const PHONE_MAX_DIGITS = 15;
const INTERNATIONAL_PREFIX = /^\s*(\+|00)/;

/** What a refusal says: never the number itself. */
export const CARD_NUMBER_REFUSED = 'a raw card number was sent; tokenize the card with the payment gateway and send the token';

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** True when the text holds 13-19 digits (whole or in consecutive groups) that pass Luhn. */
export function containsCardNumber(text: string): boolean {
  const scanned = text.length >= UUID_LENGTH ? text.replace(UUID, '/') : text;
  for (const match of scanned.matchAll(DIGIT_GROUPS)) {
    const groups = match[0].split(/[ -]/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last] ?? '';
        if (digits.length > 19) break;
        if (digits.length >= 13 && passesLuhn(digits)) return true;
      }
    }
  }
  return false;
}

/** True when any string or number anywhere inside the value (object keys included) holds a card number. */
export function valueContainsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return containsCardNumber(value);
  if (typeof value === 'number' || typeof value === 'bigint') return containsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(valueContainsCardNumber);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, v]) => containsCardNumber(key) || valueContainsCardNumber(v));
  }
  return false;
}

/**
 * The same check for a phone number. One in international form (`+` or `00`, then the
 * country code) is a phone number, not a card, as long as it has no more digits than E.164
 * allows: Chinese, Brazilian or German mobiles written so have 13 digits and pass Luhn one
 * time in ten. Any other phone number is read like free text.
 */
export function phoneContainsCardNumber(phone: string): boolean {
  const prefix = INTERNATIONAL_PREFIX.exec(phone)?.[1];
  if (prefix === undefined) return containsCardNumber(phone);
  const digits = phone.replace(/\D/g, '').length - (prefix === '00' ? 2 : 0);
  return digits > PHONE_MAX_DIGITS;
}

/**
 * `schema`, refusing a string that holds a card number: at a service boundary the input is
 * refused with `VALIDATION_FAILED` at that field, and nothing is stored. Free text only:
 * identifiers (ids, idempotency keys) are made by the host or the library from numbers and
 * UUIDs, and nobody types a card into them.
 */
export function withoutCardNumber<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine((text) => !containsCardNumber(text), { message: CARD_NUMBER_REFUSED });
}
