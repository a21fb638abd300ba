import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fromPayPalValue, toPayPalValue } from '../../src/adapters/paypal/index.js';
import { fromStripeAmount, StripeGateway, toStripeAmount } from '../../src/adapters/stripe/index.js';
import { CURRENCY_CODES, minorUnitExponent } from '../../src/index.js';

const currency = fc.constantFrom(...CURRENCY_CODES);
const minor = fc.integer({ min: 0, max: 10 ** 12 });

describe('provider amounts', () => {
  it('Stripe: an accepted amount comes back exactly; a refused one is one Stripe would have to round', () => {
    fc.assert(
      fc.property(currency, minor, (code, amount) => {
        let sent: number;
        try {
          sent = toStripeAmount(amount, code);
        } catch (error) {
          expect(error).toMatchObject({ code: 'INVALID_AMOUNT' });
          const threeDecimal = ['BHD', 'JOD', 'KWD', 'OMR', 'TND'].includes(code) && amount % 10 !== 0;
          const mga = code === 'MGA' && amount % 100 !== 0;
          expect(threeDecimal || mga).toBe(true);
          return;
        }
        expect(Number.isSafeInteger(sent)).toBe(true);
        expect(fromStripeAmount(sent, code)).toBe(amount);
      }),
    );
  });

  it('Stripe: zero-decimal currencies pass through, ISK gains two decimals', () => {
    expect(toStripeAmount(1234, 'JPY')).toBe(1234);
    expect(toStripeAmount(1234, 'KRW')).toBe(1234);
    expect(toStripeAmount(12, 'ISK')).toBe(1200);
    expect(toStripeAmount(1999, 'USD')).toBe(1999);
    expect(() => toStripeAmount(1.5, 'USD')).toThrow();
  });

  it('PayPal: the decimal string carries exactly the minor units', () => {
    fc.assert(
      fc.property(currency, minor, (code, amount) => {
        let value: string;
        try {
          value = toPayPalValue(amount, code);
        } catch (error) {
          expect(error).toMatchObject({ code: 'INVALID_AMOUNT' });
          expect(['HUF', 'TWD'].includes(code) && amount % 100 !== 0).toBe(true);
          return;
        }
        expect(fromPayPalValue(value, code)).toBe(amount);
        const decimals = value.split('.')[1]?.length ?? 0;
        expect(decimals).toBe(['HUF', 'TWD'].includes(code) ? 0 : minorUnitExponent(code));
      }),
    );
    expect(toPayPalValue(1999, 'USD')).toBe('19.99');
    expect(toPayPalValue(500, 'JPY')).toBe('500');
  });

  it('Stripe unreachable (connection refused) is retryable: nothing was charged', async () => {
    const stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: 9, protocol: 'http', maxNetworkRetries: 0, timeout: 2000 });
    const gateway = new StripeGateway({ stripe, webhookSecrets: ['whsec_x'] });
    const outcome = await gateway.authorize({ reference: 'r', amountMinor: 100, currency: 'USD', method: 'credit_card', token: 'pm_card_visa', capture: false, idempotencyKey: 'k' });
    expect(outcome.outcome).toBe('retryable_error');
  });
});
