import type { TaxClass } from './cart-store.js';

/** Where a cart ships to; tax and shipping depend on it. */
export interface Destination {
  /** ISO 3166-1 alpha-2 country code, e.g. `DE`. */
  country: string;
  /** Region or state code, e.g. `CA` for California. */
  region?: string | undefined;
  postalCode?: string | undefined;
}

/**
 * Answers the tax rate of each line for a destination. The cart service applies the
 * rates (per line, rounded to the minor unit, after discounts), so every calculator
 * gets the same rounding and the parts of a total always add up.
 */
export interface TaxCalculator {
  /** One rate per line, in order, as a decimal fraction string (`"0.19"` for 19 %). */
  rates(request: TaxRequest): Promise<string[]>;
}

export interface TaxRequest {
  currency: string;
  /** Absent before the customer gave an address. */
  destination?: Destination | undefined;
  lines: { productId: string; sku: string; taxClass: TaxClass }[];
}
