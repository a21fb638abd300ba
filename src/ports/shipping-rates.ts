import type { Money } from '../shared/money.js';
import type { Destination } from './tax-calculator.js';

/** Answers the shipping options open to a cart, each with its price. */
export interface ShippingRates {
  /** Every option that can ship this cart (possibly none), cheapest first is not required. */
  quote(request: ShippingRequest): Promise<ShippingOption[]>;
}

export interface ShippingRequest {
  currency: string;
  destination?: Destination;
  /** Merchandise value after discounts, for free-over-threshold options. */
  subtotal: Money;
  /** Total weight in grams. */
  weightGrams: number;
  itemCount: number;
}

/** A named way to ship with its price in the cart's currency. */
export interface ShippingOption {
  id: string;
  name: string;
  price: Money;
  /** Whether `price` includes the tax on shipping. Absent: as the cart service's `taxIncluded`. */
  taxIncluded?: boolean | undefined;
}
