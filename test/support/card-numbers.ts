import fc from 'fast-check';
import { passesLuhn } from '../../src/shared/card-number-guard.js';

/** Appends the Luhn check digit to a digit string. */
export function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (passesLuhn(body + String(d))) return body + String(d);
  throw new Error('unreachable');
}

/** A Luhn-valid card number as people write it: its digits, and the digits whole or in groups of four. */
export interface WrittenCardNumber {
  digits: string;
  /** Whole, or grouped by spaces or dashes. */
  written: string;
  /** Whole, or grouped by dashes: fits where spaces do not (an email's local part). */
  unspaced: string;
}

export const cardNumber: fc.Arbitrary<WrittenCardNumber> = fc
  .record({ body: fc.stringMatching(/^[1-9]\d{11,17}$/), separator: fc.constantFrom('', ' ', '-') })
  .map(({ body, separator }) => {
    const digits = withCheckDigit(body);
    const grouped = (sep: string) => (digits.match(/.{1,4}/g) ?? []).join(sep);
    return { digits, written: grouped(separator), unspaced: grouped(separator === ' ' ? '-' : separator) };
  });

/** Letters around the number in a free-text field (never digits, which would lengthen it). */
export const around = fc.record({ before: fc.stringMatching(/^[A-Za-z]{0,6}$/), after: fc.stringMatching(/^[a-z]{0,6}$/) });

/** Everything a set of memory stores holds, serialised (Maps and Sets included). */
export function dump(stores: unknown): string {
  return JSON.stringify(stores, (_key, value: unknown) => {
    if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
    if (value instanceof Set) return [...(value as Set<unknown>)];
    return value;
  });
}
