import type { ShippingOption, ShippingRates, ShippingRequest } from '../ports/shipping-rates.js';
import type { MoneyJSON } from '../shared/money.js';
import { Money } from '../shared/money.js';

interface RuleBase {
  id: string;
  name: string;
  countries?: string[];
  /** Whether the prices include the tax on shipping; absent: as the cart service's `taxIncluded`. */
  taxIncluded?: boolean;
}

/** One rule of the default table; each is offered when it can ship the cart. */
export type ShippingRule =
  | (RuleBase & { kind: 'flat'; price: MoneyJSON })
  /** Costs `price`, free once the discounted subtotal reaches `threshold`. */
  | (RuleBase & { kind: 'free_over'; price: MoneyJSON; threshold: MoneyJSON })
  /** Priced by total weight: the first tier whose `upToGrams` holds it; heavier carts get no option. */
  | (RuleBase & { kind: 'weight_tiers'; tiers: { upToGrams: number; price: MoneyJSON }[] });

/**
 * The default ShippingRates: flat rate, free over a threshold, and weight tiers. A rule
 * priced in another currency than the cart, or limited to other countries, is not offered.
 */
export class ShippingRateTable implements ShippingRates {
  constructor(private readonly rules: ShippingRule[]) {}

  quote(request: ShippingRequest): Promise<ShippingOption[]> {
    const options: ShippingOption[] = [];
    for (const rule of this.rules) {
      if (rule.countries && (!request.destination || !rule.countries.includes(request.destination.country))) continue;
      const price = priceOf(rule, request);
      if (!price || price.currency !== request.currency) continue;
      options.push(rule.taxIncluded === undefined ? { id: rule.id, name: rule.name, price } : { id: rule.id, name: rule.name, price, taxIncluded: rule.taxIncluded });
    }
    return Promise.resolve(options);
  }
}

function priceOf(rule: ShippingRule, request: ShippingRequest): Money | null {
  switch (rule.kind) {
    case 'flat':
      return Money.fromJSON(rule.price);
    case 'free_over': {
      const threshold = Money.fromJSON(rule.threshold);
      if (threshold.currency !== request.currency) return null;
      return request.subtotal.greaterThanOrEqual(threshold) ? Money.zero(request.currency) : Money.fromJSON(rule.price);
    }
    case 'weight_tiers': {
      const tier = [...rule.tiers].sort((a, b) => a.upToGrams - b.upToGrams).find((t) => request.weightGrams <= t.upToGrams);
      return tier ? Money.fromJSON(tier.price) : null;
    }
  }
}

/** No shipping options: the default when no ShippingRates is given (pricing shows no shipping). */
export const noShipping: ShippingRates = {
  quote: () => Promise.resolve([]),
};
