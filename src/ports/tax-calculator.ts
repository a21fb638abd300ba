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
  /**
   * How the shipping charge is taxed at the request's destination. Absent (or `none`): not
   * taxed, as in most US states. The cart service applies the rule, so the split and the
   * rounding are the same for every calculator.
   */
  shippingRule?(request: TaxRequest): Promise<ShippingTaxRule>;
}

/**
 * How a destination taxes shipping: not at all; at one rate (the standard rate, say); or at
 * the rates of the goods shipped, the charge split over the goods' rates in proportion to
 * the value of the goods at each rate (UK and EU VAT on a delivery of mixed-rate goods).
 */
export type ShippingTaxRule = { kind: 'none' } | { kind: 'rate'; rate: string } | { kind: 'proportional' };

export interface TaxRequest {
  currency: string;
  /** Absent before the customer gave an address. */
  destination?: Destination | undefined;
  lines: { productId: string; sku: string; taxClass: TaxClass }[];
}
