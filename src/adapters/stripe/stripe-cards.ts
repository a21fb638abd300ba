/**
 * Stripe's card brand, in either of its spellings, as the library's brand name (the names
 * `payment/card.ts` gives: visa, mastercard, amex, discover, jcb, diners, unionpay). A
 * PaymentMethod says `amex`, `diners`, `mastercard`; a Token's Card object (what Apple Pay and
 * Google Pay tokens carry) says `American Express`, `Diners Club`, `MasterCard`. A brand
 * the library has no name for keeps Stripe's, lower-cased with `_` for spaces.
 */
export function cardBrandOf(stripeBrand: string): string {
  const plain = stripeBrand.trim().toLowerCase().replace(/[\s_-]+/g, '_');
  return BRANDS[plain.replace(/_/g, '')] ?? plain;
}

const BRANDS: Record<string, string> = {
  visa: 'visa',
  mastercard: 'mastercard',
  amex: 'amex',
  americanexpress: 'amex',
  discover: 'discover',
  jcb: 'jcb',
  diners: 'diners',
  dinersclub: 'diners',
  unionpay: 'unionpay',
  unknown: 'unknown',
};
