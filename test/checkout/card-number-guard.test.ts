import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsCardNumber, updatePaymentInfoSchema } from '../../src/index.js';
import { passesLuhn, phoneContainsCardNumber } from '../../src/shared/card-number-guard.js';
import { withCheckDigit } from '../support/card-numbers.js';

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

  it('does not read a UUID: its digit groups can pass Luhn, and no card number has its shape', () => {
    // Found by the checkout bench: 'checkout_<uuid>' ids were refused now and then.
    const uuid = '12345678-1234-4129-a123-bcdefabcdefa';
    expect(passesLuhn('1234567812344129')).toBe(true);
    expect(containsCardNumber(`checkout_${uuid}`)).toBe(false);
    expect(containsCardNumber(`device ${uuid.toUpperCase()}`)).toBe(false);
    expect(containsCardNumber(`${uuid} 4111 1111 1111 1111`)).toBe(true);
    const checkoutId = `checkout_${uuid}`;
    expect(updatePaymentInfoSchema.safeParse({ checkoutId, method: 'credit_card', paymentToken: 'tok_approve', deviceId: uuid }).success).toBe(true);
    expect(updatePaymentInfoSchema.safeParse({ checkoutId, method: 'credit_card', paymentToken: '4111 1111 1111 1111' }).success).toBe(false);
  });

  it('reads a phone number in international form as a phone number, up to the 15 digits E.164 allows', () => {
    // 13-digit mobiles (China, Brazil, Germany) written with their country code.
    const luhnValidPhones = ['+86 138 0013 8002', '+55 11 91234 5676', '0049 151 1234 5678'].filter((p) => containsCardNumber(p));
    expect(luhnValidPhones).toHaveLength(3);
    for (const phone of luhnValidPhones) expect(phoneContainsCardNumber(phone)).toBe(false);
    // More digits than a phone number has, or not in international form: read as any text.
    expect(phoneContainsCardNumber('+4111 1111 1111 1111')).toBe(true);
    expect(phoneContainsCardNumber('004111111111111111')).toBe(true);
    expect(phoneContainsCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(phoneContainsCardNumber('+1 (415) 555-2671')).toBe(false);
  });
});
