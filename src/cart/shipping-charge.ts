import type { ShippingTaxRule } from '../ports/tax-calculator.js';
import type { RoundingMode } from '../shared/money.js';
import type { Candidate } from './promotion-conditions.js';
import { allocateMinor, divRound, minBig, parseFraction, toMinor, type Fraction } from './minor-units.js';

/** A rate as the pricer keeps it: its text as the calculator said it, and the exact fraction. */
export interface Rate {
  text: string;
  fraction: Fraction;
}

/**
 * The shipping promotions in application order over the option's list price: free shipping
 * takes all that is left, an amount takes at most what is left, a percentage takes its share
 * of what is left. Answers what each selected promotion took off (0 for the others).
 */
export function shippingDiscounts(selected: readonly Candidate[], listMinor: bigint, exponent: number, rounding: RoundingMode): bigint[] {
  let left = listMinor;
  return selected.map(({ promotion }) => {
    let taken = 0n;
    if (promotion.kind === 'free_shipping') taken = left;
    else if (promotion.kind === 'shipping_amount') taken = minBig(toMinor(promotion.amount.amount, exponent), left);
    else if (promotion.kind === 'shipping_percentage') {
      const { num, den } = parseFraction(promotion.percent);
      taken = minBig(divRound(left * num, den * 100n, rounding), left);
    }
    left -= taken;
    return taken;
  });
}

/** One part of the shipping charge taxed at one rate. */
export interface ShippingTaxPart {
  rate: Rate;
  /** The part of the charge (as charged: with its tax when the charge includes tax). */
  charge: bigint;
  tax: bigint;
}

/**
 * The tax on a shipping charge of `chargeMinor` under `rule`. Proportional: the charge is
 * split over the goods' rates by largest remainder in proportion to the taxable value of the
 * goods at each rate (after discounts, without tax), then each part is taxed at its rate and
 * rounded on its own, as a line is. Goods worth nothing (all free) split by their list value.
 */
export function shippingTax(
  rule: ShippingTaxRule,
  chargeMinor: bigint,
  included: boolean,
  goods: readonly { rate: Rate; taxable: bigint; listValue: bigint }[],
  rounding: RoundingMode,
  rateOf: (text: string) => Rate,
): ShippingTaxPart[] {
  if (rule.kind === 'none' || chargeMinor === 0n) return [];
  if (rule.kind === 'rate') return [taxedPart(rateOf(rule.rate), chargeMinor, included, rounding)];
  const byRate = new Map<string, { rate: Rate; weight: bigint; list: bigint }>();
  for (const g of goods) {
    const entry = byRate.get(g.rate.text) ?? { rate: g.rate, weight: 0n, list: 0n };
    entry.weight += g.taxable;
    entry.list += g.listValue;
    byRate.set(g.rate.text, entry);
  }
  const groups = [...byRate.values()];
  if (groups.length === 0) return [];
  let weights = groups.map((g) => g.weight);
  if (weights.every((w) => w === 0n)) weights = groups.map((g) => g.list);
  if (weights.every((w) => w === 0n)) weights = groups.map(() => 1n);
  const charges = allocateMinor(chargeMinor, weights);
  return groups.map((g, i) => taxedPart(g.rate, charges[i] ?? 0n, included, rounding));
}

/** Tax on an amount at a rate: added to a net amount, or the part a gross amount holds. */
export function taxOn(amount: bigint, fraction: Fraction, included: boolean, rounding: RoundingMode): bigint {
  const { num, den } = fraction;
  if (num === 0n) return 0n;
  return included ? divRound(amount * num, den + num, rounding) : divRound(amount * num, den, rounding);
}

function taxedPart(rate: Rate, charge: bigint, included: boolean, rounding: RoundingMode): ShippingTaxPart {
  return { rate, charge, tax: taxOn(charge, rate.fraction, included, rounding) };
}
