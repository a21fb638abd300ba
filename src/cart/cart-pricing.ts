import type { PromotionKind } from '../ports/promotion-store.js';
import type { ShippingOption } from '../ports/shipping-rates.js';
import { CommerceError } from '../shared/errors.js';
import { Money, type RoundingMode } from '../shared/money.js';
import type { StoredCartLine } from '../ports/cart-store.js';
import type { Candidate } from './promotion-conditions.js';
import { lineDiscounts, type DiscountLine } from './promotion-discounts.js';
import { initialState, type LineState } from './promotion-units.js';
import { divRound, toMinor, type Fraction } from './minor-units.js';
import { moneyFromMinor, moneyOf } from '../shared/money-cache.js';

/** A priced line. With tax-inclusive prices `total` already holds `tax`; otherwise it adds it. */
export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** The unit price charged: the catalogue's now (the caller's with `pricing: 'caller'`). */
  unitPrice: Money;
  /** The unit price the line was added at, what the cart showed; differs when the catalogue's moved since. */
  cartUnitPrice: Money;
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
  /** What it took off (for free shipping: the shipping price). */
  amount: Money;
}

/**
 * A cart with every total computed from its lines; never stored. The parts add up exactly:
 * `total = subtotal - discountTotal + shipping.price (+ taxTotal when !taxIncluded)`, and
 * each order-level figure is the sum of the line figures.
 */
export interface PricedCart {
  cartId: string;
  version: number;
  currency: string;
  taxIncluded: boolean;
  lines: PricedLine[];
  subtotal: Money;
  /** Merchandise discounts (free shipping shows in `shipping` instead). */
  discountTotal: Money;
  shipping: { optionId: string; name: string; price: Money; listPrice: Money } | null;
  shippingOptions: { id: string; name: string; price: Money }[];
  taxTotal: Money;
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
    if (promotion.minSubtotal && promotion.minSubtotalBasis === 'after_discounts') {
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
  rates: readonly { text: string; fraction: Fraction }[];
  selected: readonly Candidate[];
  perPromotion: readonly bigint[];
  options: readonly ShippingOption[];
  shippingOptionId: string | undefined;
  /** The unit prices the lines were added at, when they were re-priced since. */
  addedPrices?: readonly string[] | undefined;
}

/**
 * Tax per line, rounded per line on the discounted amount: exclusive prices add
 * `net x rate`, inclusive prices hold `gross x rate / (1 + rate)`. Then shipping and totals.
 */
export function assemblePricedCart(input: AssembleInput): PricedCart {
  const { cart, exponent, rounding, taxIncluded } = input;
  const currency = cart.currency;
  const zero = Money.zero(currency);
  const money = (minor: bigint): Money => (minor === 0n ? zero : moneyFromMinor(minor, currency, exponent));
  let subtotal = 0n;
  let discountTotal = 0n;
  let taxTotal = 0n;
  let linesTotal = 0n;
  let itemCount = 0;
  const priced = cart.lines.map((line, i): PricedLine => {
    const gross = (input.lines[i] as DiscountLine).unitMinor * BigInt(line.quantity);
    const discount = input.discounts[i] ?? 0n;
    const net = gross - discount;
    const rate = input.rates[i] ?? { text: '0', fraction: { num: 0n, den: 1n } };
    const { num, den } = rate.fraction;
    const tax = taxIncluded ? divRound(net * num, den + num, rounding) : divRound(net * num, den, rounding);
    const total = taxIncluded ? net : net + tax;
    subtotal += gross;
    discountTotal += discount;
    taxTotal += tax;
    linesTotal += total;
    itemCount += line.quantity;
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
      subtotal: subtotalMoney,
      discount: money(discount),
      tax: money(tax),
      taxRate: rate.text,
      total: total === gross ? subtotalMoney : money(total),
    };
  });

  const shipping = chooseShipping(input, currency);
  const freeShipping = input.selected.findIndex((c) => c.promotion.kind === 'free_shipping');
  const shippingList = shipping ? shipping.price : zero;
  const shippingPrice = freeShipping >= 0 ? zero : shippingList;
  const appliedPromotions = input.selected.map((c, i): AppliedPromotion => {
    const amount = i === freeShipping ? shippingList : money(input.perPromotion[i] ?? 0n);
    return { id: c.promotion.id, ...(c.code !== undefined ? { code: c.code } : {}), kind: c.promotion.kind, amount };
  });
  return {
    cartId: cart.id,
    version: cart.version,
    currency,
    taxIncluded,
    lines: priced,
    subtotal: money(subtotal),
    discountTotal: money(discountTotal),
    shipping: shipping ? { optionId: shipping.id, name: shipping.name, price: shippingPrice, listPrice: shippingList } : null,
    shippingOptions: input.options.map((o) => ({ id: o.id, name: o.name, price: o.price })),
    taxTotal: money(taxTotal),
    total: money(linesTotal).add(shippingPrice),
    itemCount,
    appliedPromotions,
  };
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
