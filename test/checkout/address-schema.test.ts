import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isCountryCode, postalAddressSchema } from '../../src/index.js';

const base = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Town' };
const valid = (country: string, postalCode: string | undefined, region?: string) =>
  postalAddressSchema.safeParse({ ...base, country, ...(postalCode !== undefined ? { postalCode } : {}), ...(region ? { region } : {}) }).success;

describe('postal addresses', () => {
  it.each<[string, string | undefined, string?]>([
    ['US', '62701', 'IL'], ['US', '62701-1234', 'IL'], ['CA', 'K1A 0B1', 'ON'], ['CA', 'k1a0b1', 'ON'],
    ['GB', 'SW1A 1AA'], ['GB', 'EC1A1BB'], ['GB', 'M1 1AE'], ['GB', 'GIR 0AA'], ['DE', '10115'], ['FR', '75001'],
    ['NL', '1012 AB'], ['NL', '1012AB'], ['AU', '2000', 'NSW'], ['JP', '100-0001', 'Tokyo'], ['JP', '1000001', 'Tokyo'],
    ['HK', undefined], ['IE', 'D02 X285'],
  ])('accepts %s %s', (country, postalCode, region) => {
    expect(valid(country, postalCode, region)).toBe(true);
  });

  it.each<[string, string | undefined, string?]>([
    ['US', '6270', 'IL'], ['US', '62701-12', 'IL'], ['US', undefined, 'IL'], ['CA', 'D1A 0B1', 'ON'], ['CA', 'K1A 0B', 'ON'],
    ['GB', 'SW1A 1A'], ['GB', '12345'], ['DE', '1011'], ['DE', '101155'], ['FR', '7500'], ['NL', '0123 AB'],
    ['NL', '1012 SS'], ['AU', '200', 'NSW'], ['JP', '100-001', 'Tokyo'], ['US', '62701'], ['AU', '2000'],
  ])('refuses %s %s', (country, postalCode, region) => {
    expect(valid(country, postalCode, region)).toBe(false);
  });

  it('requires the fields a carrier needs and a real ISO 3166-1 code', () => {
    for (const field of ['firstName', 'lastName', 'line1', 'city'] as const) {
      const { [field]: _dropped, ...rest } = base;
      expect(postalAddressSchema.safeParse({ ...rest, country: 'DE', postalCode: '10115' }).success).toBe(false);
      expect(postalAddressSchema.safeParse({ ...base, [field]: '   ', country: 'DE', postalCode: '10115' }).success).toBe(false);
    }
    for (const country of ['UK', 'XX', 'EU', 'USA', 'D', '']) expect(valid(country, '10115')).toBe(false);
    expect(postalAddressSchema.parse({ ...base, country: ' de ', postalCode: '10115' }).country).toBe('DE');
  });

  it('knows exactly the 249 assigned codes', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(COUNTRY_CODES.filter((c) => /^[A-Z]{2}$/.test(c))).toHaveLength(249);
    for (const code of ['US', 'GB', 'DE', 'JP', 'AX', 'SS', 'BQ', 'CW', 'SX']) expect(isCountryCode(code)).toBe(true);
  });

  it('any 5 digits are a US ZIP code, any other length is not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,9}$/), (zip) => {
        expect(valid('US', zip, 'NY')).toBe(zip.length === 5);
      }),
    );
  });
});
