import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardBrand, cardFingerprint, cvvLength, isCommerceError, luhnValid, validateCard } from '../../src/index.js';
import { ManualClock, TEST_CARDS, TestGateway } from '../../src/testing/index.js';

const clock = new ManualClock('2025-06-15T12:00:00.000Z');

function refusal(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isCommerceError(error, 'INVALID_CARD') ? String(error.details.reason) : 'other error';
  }
}

describe('cards', () => {
  it('every documented test card passes Luhn and has its brand', () => {
    for (const number of Object.values(TEST_CARDS)) expect(luhnValid(number)).toBe(true);
    expect(cardBrand(TEST_CARDS.visa)).toBe('visa');
    expect(cardBrand(TEST_CARDS.mastercard)).toBe('mastercard');
    expect(cardBrand(TEST_CARDS.mastercard2Series)).toBe('mastercard');
    expect(cardBrand(TEST_CARDS.amex)).toBe('amex');
    expect(cardBrand(TEST_CARDS.discover)).toBe('discover');
    expect(cardBrand(TEST_CARDS.jcb)).toBe('jcb');
    expect(cardBrand(TEST_CARDS.diners)).toBe('diners');
    expect(cardBrand(TEST_CARDS.unionpay)).toBe('unionpay');
    expect(cardBrand(TEST_CARDS.maestro)).toBe('maestro');
  });

  it('reads brands at the edges of their BIN ranges', () => {
    expect(['2220', '2221', '2720', '2721', '5099', '5100', '5599', '5600'].map((p) => cardBrand(`${p}000000000000`))).toEqual([null, 'mastercard', 'mastercard', null, null, 'mastercard', 'mastercard', null]);
    expect(['3527', '3528', '3589', '3590'].map((p) => cardBrand(`${p}000000000000`))).toEqual([null, 'jcb', 'jcb', null]);
    expect(['622125', '622126', '622925', '622926'].map((p) => cardBrand(`${p}0000000000`))).toEqual(['unionpay', 'discover', 'discover', 'unionpay']);
    expect(['300', '305', '306', '36', '38'].map((p) => cardBrand(p.padEnd(14, '0')))).toEqual(['diners', 'diners', null, 'diners', 'diners']);
    expect(cvvLength('amex')).toBe(4);
    expect(cvvLength('visa')).toBe(3);
  });

  it('Luhn catches every single-digit change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = TEST_CARDS.visa.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        return !luhnValid(digits.join(''));
      }),
    );
  });

  it('validates length, Luhn, CVV length and expiry, without the number in the error', () => {
    const ok = { number: '4242 4242 4242 4242', expMonth: 6, expYear: 2025, cvc: '123' };
    expect(validateCard(ok, clock)).toEqual({ brand: 'visa', last4: '4242', bin: '424242', expMonth: 6, expYear: 2025 });
    expect(refusal(() => validateCard({ ...ok, number: '4242424242424241' }, clock))).toMatch(/Luhn/);
    expect(refusal(() => validateCard({ ...ok, number: '42424242424242' }, clock))).toMatch(/not 14 digits/);
    expect(refusal(() => validateCard({ ...ok, number: TEST_CARDS.amex, cvc: '123' }, clock))).toMatch(/4-digit/);
    expect(validateCard({ ...ok, number: TEST_CARDS.amex, cvc: '1234' }, clock).brand).toBe('amex');
    expect(refusal(() => validateCard({ ...ok, number: '9999999999999995' }, clock))).toMatch(/brand/);
    expect(refusal(() => validateCard({ ...ok, expMonth: 13 }, clock))).toMatch(/month/);
    const error = refusal(() => validateCard({ ...ok, number: '4242424242424241' }, clock));
    expect(error).not.toContain('4242424242424241');
  });

  it('a card is valid through the last millisecond of its expiry month', () => {
    const card = { number: TEST_CARDS.visa, expMonth: 6, expYear: 25, cvc: '123' };
    expect(validateCard(card, new ManualClock('2025-06-30T23:59:59.999Z')).expYear).toBe(2025);
    expect(refusal(() => validateCard(card, new ManualClock('2025-07-01T00:00:00.000Z')))).toMatch(/expired/);
    expect(validateCard({ ...card, expMonth: 12 }, new ManualClock('2025-12-31T23:59:59.999Z')).expMonth).toBe(12);
  });

  it('fingerprints are keyed: same card and key match, another key does not', () => {
    expect(cardFingerprint('4242 4242 4242 4242', 'k1')).toBe(cardFingerprint(TEST_CARDS.visa, 'k1'));
    expect(cardFingerprint(TEST_CARDS.visa, 'k1')).not.toBe(cardFingerprint(TEST_CARDS.visa, 'k2'));
    expect(cardFingerprint(TEST_CARDS.visa, 'k1')).not.toContain('4242');
  });

  it('the TestGateway tokenizes test cards and scripts their outcomes', async () => {
    const gateway = new TestGateway({ clock });
    const token = gateway.tokenizeCard({ number: TEST_CARDS.insufficientFunds, expMonth: 1, expYear: 2030, cvc: '123' });
    expect((await gateway.describeToken(token))?.card).toMatchObject({ brand: 'visa', last4: '9995' });
    const outcome = await gateway.authorize({ reference: 'p', amountMinor: 100, currency: 'USD', method: 'credit_card', token, capture: false, idempotencyKey: 'k' });
    expect(outcome).toMatchObject({ outcome: 'declined', code: 'insufficient_funds' });
    expect(() => gateway.tokenizeCard({ number: TEST_CARDS.visa, expMonth: 1, expYear: 2020, cvc: '123' })).toThrow(/expired/);
    expect(gateway.feeFor('bank_transfer', 1_000_000)).toBe(500);
    expect(gateway.feeFor('paypal', 10000)).toBe(349 + 49);
  });
});
