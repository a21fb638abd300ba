import { z } from 'zod';
import { isCountryCode } from './country-codes.js';

/**
 * Postal code formats by country, matched after trimming and upper-casing. A country not
 * listed takes any code of 2-10 letters, digits, spaces or dashes (or none).
 */
export const POSTAL_CODE_FORMATS: Readonly<Record<string, RegExp>> = {
  US: /^\d{5}(-\d{4})?$/,
  // Canada: no D, F, I, O, Q, U anywhere, and no W or Z in first position.
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  // UK outward code (A9, A99, A9A, AA9, AA99, AA9A) + inward code, plus the Girobank code.
  GB: /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  // Netherlands: no leading zero; SA, SD and SS are never issued.
  NL: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/,
  AU: /^\d{4}$/,
  JP: /^\d{3}-?\d{4}$/,
  IT: /^\d{5}$/,
  ES: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
  BE: /^[1-9]\d{3}$/,
  AT: /^[1-9]\d{3}$/,
  CH: /^[1-9]\d{3}$/,
  DK: /^\d{4}$/,
  NO: /^\d{4}$/,
  SE: /^[1-9]\d{2} ?\d{2}$/,
  PL: /^\d{2}-\d{3}$/,
};

/** Countries whose carriers need a state, province, prefecture or territory. */
const REGION_REQUIRED = new Set(['US', 'CA', 'AU', 'JP']);

const ANY_POSTAL_CODE = /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;

const text = (max: number) => z.string().trim().min(1).max(max);

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: 'not an ISO 3166-1 alpha-2 country code' });

/** A postal address for shipping or billing. Country-specific rules run after the fields parse. */
export const postalAddressSchema = z
  .object({
    firstName: text(100),
    lastName: text(100),
    company: text(200).optional(),
    line1: text(200),
    line2: z.string().trim().max(200).optional(),
    city: text(100),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().toUpperCase().max(12).optional(),
    country: countryCodeSchema,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{5,30}$/, { message: 'not a phone number' })
      .optional(),
  })
  .superRefine((address, ctx) => {
    const format = POSTAL_CODE_FORMATS[address.country];
    const code = address.postalCode ?? '';
    if (format && !format.test(code)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: `not a valid ${address.country} postal code` });
    } else if (!format && code !== '' && !ANY_POSTAL_CODE.test(code)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'not a postal code' });
    }
    if (REGION_REQUIRED.has(address.country) && !address.region) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: `a region is required for ${address.country}` });
    }
  });

export type PostalAddress = z.output<typeof postalAddressSchema>;
