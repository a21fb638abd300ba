import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, updatePaymentInfoSchema } from '../../src/index.js';
import { passesLuhn } from '../../src/checkout/card-number-guard.js';

/** Appends the Luhn check digit to a digit string. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (passesLuhn(body + String(d))) return body + String(d);
  throw new Error('unreachable');
}

describe('card number guard', () => {
  it.each(['4111111111111111', '5555 5555 5555 4444', '3782-822463-10005', 'pay with 4012888888881881 please', '4111 1111 1111 1111 12/27', '6011000990139424'])(
    'finds %s',
    (text) => expect(containsCardNumber(text)).toBe(true),
  );

  it.each(['tok_visa_1234', '4111111111111112', '123456789012', 'order 2025-01-01 12:00', 'tok_00000000000000000000000000000000'])('passes %s', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });

  it('finds any valid 13-19 digit number wherever it sits, grouped or not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{11,17}$/), fc.stringMatching(/^[a-z_]{0,8}$/), fc.boolean(), (body, prefix, grouped) => {
        const pan = withCheckDigit(body);
        const written = grouped ? (pan.match(/.{1,4}/g) ?? []).join(' ') : pan;
        expect(containsCardNumber(`${prefix}${written}`)).toBe(true);
      }),
    );
  });

  it('never flags fewer than 13 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{0,4}\d{0,12}[a-z]{0,4}$/), (text) => {
        expect(containsCardNumber(text)).toBe(false);
      }),
    );
  });

  it('does not scan the checkout id: a random UUID can hold Luhn-valid digit groups', () => {
    // Found by the checkout bench: 'checkout_<uuid>' ids were refused now and then.
    const checkoutId = 'checkout_12345678-1234-4129-a123-bcdefabcdefa';
    expect(containsCardNumber(checkoutId)).toBe(true);
    const parsed = updatePaymentInfoSchema.safeParse({ checkoutId, method: 'credit_card', paymentToken: 'tok_approve' });
    expect(parsed.success).toBe(true);
    expect(updatePaymentInfoSchema.safeParse({ checkoutId, method: 'credit_card', paymentToken: '4111 1111 1111 1111' }).success).toBe(false);
  });
});
