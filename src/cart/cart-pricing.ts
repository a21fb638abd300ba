import type { PromotionKind } from '../ports/promotion-store.js';
import type { ShippingOption } from '../ports/shipping-rates.js';
import { CommerceError } from '../shared/errors.js';
import { Money, type RoundingMode } from '../shared/money.js';
import type { StoredCartLine } from '../ports/cart-store.js';
import { measuredAfterDiscounts, type Candidate } from './promotion-conditions.js';
import { lineDiscounts, type DiscountLine } from './promotion-discounts.js';
import { initialState, type LineState } from './promotion-units.js';
import { toMinor } from './minor-units.js';
import { shippingDiscounts, shippingTax, taxOn, type Rate } from './shipping-charge.js';
import type { ShippingTaxRule } from '../ports/tax-calculator.js';
import { moneyFromMinor, moneyOf } from '../shared/money-cache.js';

/** A priced line. When `taxIncluded`, `total` already holds `tax`; otherwise it adds it. */
export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** The unit price charged: the catalogue's now (the caller's with `pricing: 'caller'`). */
  unitPrice: Money;
  /** The unit price the line was added at, what the cart showed; differs when the catalogue's moved since. */
  cartUnitPrice: Money;
  /** Whether `unitPrice` (and so `subtotal`, `discount`, `total`) includes tax. */
  taxIncluded: boolean;
  /** unitPrice x quantity. */
  subtotal: Money;
  /** This line's share of every discount. */
  discount: Money;
  tax: Money;
  /** The tax rate applied, a decimal fraction ("0.19"). */
  taxRate: string;
  total: Money;
}

export interface AppliedPromotion {
  id: string;
  code?: string;
  kind: PromotionKind;
  /** What it took off (for a shipping promotion: off the shipping price). */
  amount: Money;
}

/** The chosen shipping option as charged. */
export interface PricedShipping {
  optionId: string;
  name: string;
  /** What is charged for shipping: the list price less the shipping promotions. */
  price: Money;
  listPrice: Money;
  /** What the shipping promotions took off the list price. */
  discount: Money;
  /** Whether `price` includes `tax`. */
  taxIncluded: boolean;
  /** The tax on shipping, on its own (the destination's rule: a rate, the goods' rates, or none). */
  tax: Money;
  /** `price`, plus `tax` when the price does not include it. */
  total: Money;
}

/** The tax of one rate over the whole cart, shipping included (an untaxed charge counts at rate 0). */
export interface TaxSummaryEntry {
  rate: string;
  /** The amount taxed at the rate, without its tax. */
  taxable: Money;
  tax: Money;
}

/**
 * A cart with every total computed from its lines; never stored. The parts add up exactly:
 * `total` is the sum of the lines' totals and `shipping.total`; `taxTotal` is the sum of the
 * lines' tax and `shipping.tax`, and of the summary's tax; the summary's taxable amounts and
 * tax together make `total`.
 */
export interface PricedCart {
  cartId: string;
  version: number;
  currency: string;
  /** The service's default; each line says for its own price (`PricedLine.taxIncluded`). */
  taxIncluded: boolean;
  lines: PricedLine[];
  subtotal: Money;
  /** Merchandise discounts (shipping promotions show in `shipping.discount` instead). */
  discountTotal: Money;
  shipping: PricedShipping | null;
  shippingOptions: { id: string; name: string; price: Money }[];
  taxTotal: Money;
  /** Tax per rate (highest rate first), lines and shipping together. */
  taxSummary: TaxSummaryEntry[];
  total: Money;
  itemCount: number;
  appliedPromotions: AppliedPromotion[];
}

/** Lines in minor units, computed once per reprice. */
export function discountLinesOf(lines: readonly StoredCartLine[], exponent: number): DiscountLine[] {
  return lines.map((line) => ({
    productId: line.productId,
    categories: line.categories,
    quantity: line.quantity,
    // Stored unit prices are rounded, so this is exact.
    unitMinor: toMinor(line.unitPrice, exponent),
  }));
}

/**
 * Runs the selected promotions in order over the lines; each sees what the ones before left
 * (promotion-units.ts). A promotion whose minimum is measured after discounts is checked here,
 * on what is left when its turn comes; `unmet` lists those that fell short (they take nothing).
 */
export function applyPromotions(
  lines: readonly DiscountLine[],
  selected: readonly Candidate[],
  exponent: number,
  rounding: RoundingMode,
): { discounts: bigint[]; perPromotion: bigint[]; unmet: number[]; state: LineState } {
  const discounts = lines.map(() => 0n);
  const state = initialState(lines);
  const unmet: number[] = [];
  const perPromotion = selected.map(({ promotion }, index) => {
    if (promotion.minSubtotal && measuredAfterDiscounts(promotion)) {
      const left = state.remaining.reduce((a, r) => a + r, 0n);
      if (left < toMinor(promotion.minSubtotal.amount, exponent)) {
        unmet.push(index);
        return 0n;
      }
    }
    const taken = lineDiscounts(promotion, lines, state, exponent, rounding);
    let sum = 0n;
    taken.forEach((d, i) => {
      discounts[i] = (discounts[i] as bigint) + d;
      state.remaining[i] = (state.remaining[i] as bigint) - d;
      sum += d;
    });
    return sum;
  });
  return { discounts, perPromotion, unmet, state };
}

export interface AssembleInput {
  cart: { id: string; version: number; currency: string; lines: readonly StoredCartLine[] };
  exponent: number;
  rounding: RoundingMode;
  taxIncluded: boolean;
  lines: readonly DiscountLine[];
  discounts: readonly bigint[];
  rates: readonly Rate[];
  selected: readonly Candidate[];
  perPromotion: readonly bigint[];
  options: readonly ShippingOption[];
  shippingOptionId: string | undefined;
  shippingRule: ShippingTaxRule;
  rateOf: (text: string) => Rate;
  /** The unit prices the lines were added at, when they were re-priced since. */
  addedPrices?: readonly string[] | undefined;
}

const NO_RATE: Rate = { text: '0', fraction: { num: 0n, den: 1n } };

/**
 * Tax per line, rounded per line on the discounted amount: a price without tax adds
 * `net x rate`, a price with tax holds `gross x rate / (1 + rate)`. Then shipping, its
 * promotions and its tax, the per-rate summary and the totals.
 */
export function assemblePricedCart(input: AssembleInput): PricedCart {
  const { cart, exponent, rounding } = input;
  const currency = cart.currency;
  const zero = Money.zero(currency);
  const money = (minor: bigint): Money => (minor === 0n ? zero : moneyFromMinor(minor, currency, exponent));
  const summary = new Map<string, { rate: Rate; taxable: bigint; tax: bigint }>();
  const addToSummary = (rate: Rate, taxable: bigint, tax: bigint): void => {
    const entry = summary.get(rate.text);
    if (entry) {
      entry.taxable += taxable;
      entry.tax += tax;
    } else summary.set(rate.text, { rate, taxable, tax });
  };
  let subtotal = 0n;
  let discountTotal = 0n;
  let taxTotal = 0n;
  let linesTotal = 0n;
  let itemCount = 0;
  const goods: { rate: Rate; taxable: bigint; listValue: bigint }[] = [];
  const priced = cart.lines.map((line, i): PricedLine => {
    const gross = (input.lines[i] as DiscountLine).unitMinor * BigInt(line.quantity);
    const discount = input.discounts[i] ?? 0n;
    const net = gross - discount;
    const rate = input.rates[i] ?? NO_RATE;
    const included = line.taxIncluded ?? input.taxIncluded;
    const tax = taxOn(net, rate.fraction, included, rounding);
    const total = included ? net : net + tax;
    subtotal += gross;
    discountTotal += discount;
    taxTotal += tax;
    linesTotal += total;
    itemCount += line.quantity;
    addToSummary(rate, total - tax, tax);
    goods.push({ rate, taxable: total - tax, listValue: gross });
    const subtotalMoney = money(gross);
    const unitPrice = moneyOf(line.unitPrice, currency);
    const added = input.addedPrices?.[i];
    return {
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice,
      cartUnitPrice: added === undefined ? unitPrice : moneyOf(added, currency),
      taxIncluded: included,
      subtotal: subtotalMoney,
      discount: money(discount),
      tax: money(tax),
      taxRate: rate.text,
      total: total === gross ? subtotalMoney : money(total),
    };
  });

  const option = chooseShipping(input, currency);
  const listMinor = option ? toMinor(option.price.amount, exponent) : 0n;
  const shippingTaken = option ? shippingDiscounts(input.selected, listMinor, exponent, rounding) : input.selected.map(() => 0n);
  let shipping: PricedShipping | null = null;
  let shippingTotal = 0n;
  if (option) {
    const shippingDiscount = shippingTaken.reduce((a, t) => a + t, 0n);
    const charge = listMinor - shippingDiscount;
    const included = option.taxIncluded ?? input.taxIncluded;
    const parts = shippingTax(input.shippingRule, charge, included, goods, rounding, input.rateOf);
    let tax = 0n;
    for (const part of parts) {
      tax += part.tax;
      addToSummary(part.rate, included ? part.charge - part.tax : part.charge, part.tax);
    }
    // An untaxed charge counts at rate 0, so the summary still adds up to the total.
    if (parts.length === 0 && charge !== 0n) addToSummary(NO_RATE, charge, 0n);
    shippingTotal = included ? charge : charge + tax;
    taxTotal += tax;
    shipping = {
      optionId: option.id,
      name: option.name,
      price: money(charge),
      listPrice: option.price,
      discount: money(shippingDiscount),
      taxIncluded: included,
      tax: money(tax),
      total: money(shippingTotal),
    };
  }
  const appliedPromotions = input.selected.map((c, i): AppliedPromotion => {
    const amount = (input.perPromotion[i] ?? 0n) + (shippingTaken[i] ?? 0n);
    return { id: c.promotion.id, ...(c.code !== undefined ? { code: c.code } : {}), kind: c.promotion.kind, amount: money(amount) };
  });
  const taxSummary = [...summary.values()]
    .filter((e) => e.taxable !== 0n || e.tax !== 0n)
    .sort((a, b) => compareRates(b.rate, a.rate))
    .map((e) => ({ rate: e.rate.text, taxable: money(e.taxable), tax: money(e.tax) }));
  return {
    cartId: cart.id,
    version: cart.version,
    currency,
    taxIncluded: input.taxIncluded,
    lines: priced,
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    shipping,
    shippingOptions: input.options.map((o) => ({ id: o.id, name: o.name, price: o.price })),
    taxTotal: money(taxTotal),
    taxSummary,
    total: money(linesTotal + shippingTotal),
    itemCount,
    appliedPromotions,
  };
}

function compareRates(a: Rate, b: Rate): number {
  const left = a.fraction.num * b.fraction.den;
  const right = b.fraction.num * a.fraction.den;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The requested option, or the cheapest one (the first on ties); none when nothing ships. */
function chooseShipping(input: AssembleInput, currency: string): ShippingOption | null {
  if (input.cart.lines.length === 0) return null;
  for (const o of input.options) {
    if (o.price.currency !== currency || o.price.isNegative() || !o.price.isRounded()) {
      throw new CommerceError('INTERNAL', { optionId: o.id, reason: `shipping option ${o.id} has a bad price ${o.price.toString()}` });
    }
  }
  if (input.shippingOptionId !== undefined) {
    const wanted = input.options.find((o) => o.id === input.shippingOptionId);
    if (!wanted) {
      throw new CommerceError('VALIDATION_FAILED', {
        shippingOptionId: input.shippingOptionId,
        reason: `shipping option '${input.shippingOptionId}' is not available for this cart`,
      });
    }
    return wanted;
  }
  let best: ShippingOption | null = null;
  for (const o of input.options) if (!best || o.price.lessThan(best.price)) best = o;
  return best;
}
