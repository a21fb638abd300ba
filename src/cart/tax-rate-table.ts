import type { TaxClass } from '../ports/cart-store.js';
import type { Destination, ShippingTaxRule, TaxCalculator, TaxRequest } from '../ports/tax-calculator.js';
import { parseFraction } from './minor-units.js';

/** The rates of one country, or one region of it, per tax class (decimal fractions, "0.19"). */
export interface TaxRateEntry {
  country: string;
  /** Absent: the country-wide rates, used when no entry matches the region. */
  region?: string;
  standard: string;
  reduced?: string;
  zero?: string;
  /**
   * How shipping is taxed here: at the `standard` rate, at the goods' rates split in
   * proportion to their value (`proportional`, as UK and EU VAT treat delivery of mixed-rate
   * goods), or not at all (`none`, the default, as in most US states).
   */
  shipping?: 'standard' | 'proportional' | 'none';
}

export interface TaxRateTableOptions {
  rates: TaxRateEntry[];
  /** Where tax is computed when the cart has no destination yet (e.g. the shop's country). */
  defaultDestination?: Destination;
}

/**
 * The default TaxCalculator: a table of rates by country and optional region, per tax
 * class. A region entry wins over the country entry; a country not in the table (or no
 * destination and no default) is taxed at 0. A missing `reduced` falls back to `standard`,
 * a missing `zero` to 0.
 */
export class TaxRateTable implements TaxCalculator {
  private readonly entries = new Map<string, TaxRateEntry>();
  private readonly fallback: Destination | undefined;

  constructor(options: TaxRateTableOptions) {
    for (const entry of options.rates) {
      for (const rate of [entry.standard, entry.reduced, entry.zero]) {
        if (rate !== undefined) parseFraction(rate);
      }
      this.entries.set(key(entry.country, entry.region), entry);
    }
    this.fallback = options.defaultDestination;
  }

  rates(request: TaxRequest): Promise<string[]> {
    const entry = this.entryFor(request);
    return Promise.resolve(request.lines.map((line) => rateOf(entry, line.taxClass)));
  }

  shippingRule(request: TaxRequest): Promise<ShippingTaxRule> {
    const entry = this.entryFor(request);
    switch (entry?.shipping) {
      case 'standard':
        return Promise.resolve({ kind: 'rate', rate: entry.standard });
      case 'proportional':
        return Promise.resolve({ kind: 'proportional' });
      default:
        return Promise.resolve({ kind: 'none' });
    }
  }

  private entryFor(request: TaxRequest): TaxRateEntry | undefined {
    const destination = request.destination ?? this.fallback;
    return destination ? (this.entries.get(key(destination.country, destination.region)) ?? this.entries.get(key(destination.country))) : undefined;
  }
}

function key(country: string, region?: string): string {
  return region === undefined ? country.toUpperCase() : `${country.toUpperCase()}-${region.toUpperCase()}`;
}

function rateOf(entry: TaxRateEntry | undefined, taxClass: TaxClass): string {
  if (!entry) return '0';
  switch (taxClass) {
    case 'standard':
      return entry.standard;
    case 'reduced':
      return entry.reduced ?? entry.standard;
    case 'zero':
      return entry.zero ?? '0';
  }
}

/** A calculator that taxes nothing: the default when no TaxCalculator is given. */
export const noTax: TaxCalculator = {
  rates: (request) => Promise.resolve(request.lines.map(() => '0')),
};

