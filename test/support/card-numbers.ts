import fc from 'fast-check';
import { expect } from 'vitest';
import { passesLuhn } from '../../src/shared/card-number-guard.js';
import { expectCode } from './expect-code.js';

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

const cardNumber: fc.Arbitrary<WrittenCardNumber> = fc
  .record({ body: fc.stringMatching(/^[1-9]\d{11,17}$/), separator: fc.constantFrom('', ' ', '-') })
  .map(({ body, separator }) => {
    const digits = withCheckDigit(body);
    const grouped = (sep: string) => (digits.match(/.{1,4}/g) ?? []).join(sep);
    return { digits, written: grouped(separator), unspaced: grouped(separator === ' ' ? '-' : separator) };
  });

/** Letters around the number in a free-text field (never digits, which would lengthen it). */
const around = fc.record({ before: fc.stringMatching(/^[A-Za-z]{0,6}$/), after: fc.stringMatching(/^[a-z]{0,6}$/) });

/** Everything a set of memory stores holds, serialised (Maps and Sets included). */
export function dump(stores: unknown): string {
  return JSON.stringify(stores, (_key, value: unknown) => {
    if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
    if (value instanceof Set) return [...(value as Set<unknown>)];
    return value;
  });
}

/**
 * The property: a card number, written whole or grouped amid letters, put into a field by
 * `put`, is refused with VALIDATION_FAILED naming `path`, is not echoed in any grouping,
 * and leaves every store (`stores`, serialised) as it was.
 */
export async function expectCardNumbersRefused(options: {
  put: (text: string, pan: WrittenCardNumber) => Promise<unknown>;
  path: (string | number)[];
  stores: () => string;
  numRuns: number;
}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(cardNumber, around, async (pan, text) => {
      const before = options.stores();
      const refusal = await expectCode(options.put(`${text.before}${pan.written}${text.after}`, pan), 'VALIDATION_FAILED');
      const issues = (refusal.details.issues as { path: (string | number)[] }[]).map((i) => i.path);
      expect(issues).toContainEqual(options.path);
      expect((JSON.stringify(refusal.toJSON()) + refusal.message).replace(/[\s-]/g, '')).not.toContain(pan.digits);
      expect(options.stores()).toBe(before);
    }),
    { numRuns: options.numRuns },
  );
}
