import type { CustomerGroups } from '../ports/customer-groups.js';
import type { Promotion, PromotionStore } from '../ports/promotion-store.js';
import type { ShippingRates } from '../ports/shipping-rates.js';
import type { Destination, ShippingTaxRule, TaxCalculator } from '../ports/tax-calculator.js';
import { minorUnitExponent } from '../shared/currencies.js';
import { CommerceError } from '../shared/errors.js';
import type { RoundingMode } from '../shared/money.js';
import type { StoredCart } from '../ports/cart-store.js';
import { applyPromotions, assemblePricedCart, discountLinesOf, type PricedCart } from './cart-pricing.js';
import { parseFraction, type Fraction } from './minor-units.js';
import { moneyFromMinor } from '../shared/money-cache.js';
import { checkConditions, measuredAfterDiscounts, selectPromotions, type Candidate, type ConditionContext, type ConditionFailure } from './promotion-conditions.js';
import type { DiscountLine } from './promotion-units.js';

export interface PricerOptions {
  promotions: PromotionStore;
  tax: TaxCalculator;
  shipping: ShippingRates;
  rounding: RoundingMode;
  taxIncluded: boolean;
  /** Which groups a customer is in; without it no customer is in any group. */
  customerGroups?: CustomerGroups | undefined;
}

/** A coupon on a cart that no longer applies, and why. */
export interface CouponFailure extends ConditionFailure {
  coupon: string;
}

/**
 * Prices carts: reads the promotions, tax rates and shipping options through their
 * ports and computes every total in TypeScript from the lines (never in a store).
 */
export class CartPricer {
  private readonly rateCache = new Map<string, { text: string; fraction: Fraction }>();

  constructor(private readonly options: PricerOptions) {}

  /**
   * Prices the cart; throws the COUPON_* error of the first applied code that no longer
   * applies. `addedPrices`: the unit prices the lines were added at, when the cart's lines
   * were re-priced (each line reports both).
   */
  async price(
    cart: StoredCart,
    opts: { now: number; destination?: Destination; shippingOptionId?: string; addedPrices?: readonly string[]; customerId?: string | undefined },
  ): Promise<PricedCart> {
    const { rounding, taxIncluded } = this.options;
    const exponent = minorUnitExponent(cart.currency) ?? 2;
    const lines = discountLinesOf(cart.lines, exponent);
    const taxRequest = {
      currency: cart.currency,
      ...(opts.destination ? { destination: opts.destination } : {}),
      lines: cart.lines.map((l) => ({ productId: l.productId, sku: l.sku, taxClass: l.taxClass })),
    };
    const tax = this.options.tax;
    const [coupons, automatic, rateTexts, shippingRule] = await Promise.all([
      this.resolveCoupons(cart.couponCodes),
      cart.lines.length > 0 ? this.options.promotions.listAutomatic() : Promise.resolve([]),
      cart.lines.length > 0 ? tax.rates(taxRequest) : Promise.resolve([]),
      cart.lines.length > 0 && tax.shippingRule ? tax.shippingRule(taxRequest) : Promise.resolve(NO_SHIPPING_TAX),
    ]);
    const context = await this.conditionContext(cart, lines, opts.now, opts.customerId ?? cart.userId ?? undefined, [...coupons.map((c) => c.promotion), ...automatic]);
    for (const coupon of coupons) {
      const failure = checkConditions(coupon.promotion, context);
      if (failure) throw couponError(failure, coupon.code ?? '');
    }
    const eligible = automatic.filter((p) => checkConditions(p, context) === null).map((promotion) => ({ promotion }));
    const { selected, rejectedCoupons } = selectPromotions(coupons, eligible);
    const rejected = rejectedCoupons[0];
    if (rejected) throw couponError({ code: 'COUPON_NOT_COMBINABLE', reason: 'another applied promotion is exclusive' }, rejected.code ?? '');

    const applied = applyPromotions(lines, selected, exponent, rounding);
    const { discounts } = applied;
    for (const index of applied.unmet) {
      const candidate = selected[index] as Candidate;
      if (candidate.code !== undefined) throw couponError(shortAfterDiscounts(candidate.promotion), candidate.code);
    }
    // An automatic promotion whose minimum after discounts is not met is simply not applied.
    const kept = selected.filter((_, i) => !applied.unmet.includes(i));
    const perPromotion = applied.perPromotion.filter((_, i) => !applied.unmet.includes(i));
    if (rateTexts.length !== cart.lines.length) {
      throw new CommerceError('INTERNAL', { reason: `the tax calculator answered ${rateTexts.length} rates for ${cart.lines.length} lines` });
    }
    const rates = rateTexts.map((text) => this.rate(text));
    let merchandise = 0n;
    let weightGrams = 0;
    let itemCount = 0;
    lines.forEach((line, i) => {
      merchandise += line.unitMinor * BigInt(line.quantity) - (discounts[i] ?? 0n);
      weightGrams += (cart.lines[i]?.weightGrams ?? 0) * line.quantity;
      itemCount += line.quantity;
    });
    const options =
      cart.lines.length === 0
        ? []
        : await this.options.shipping.quote({
            currency: cart.currency,
            ...(opts.destination ? { destination: opts.destination } : {}),
            subtotal: moneyFromMinor(merchandise, cart.currency, exponent),
            weightGrams,
            itemCount,
          });
    return assemblePricedCart({
      cart,
      exponent,
      rounding,
      taxIncluded,
      lines,
      discounts,
      rates,
      selected: kept,
      perPromotion,
      options,
      shippingOptionId: opts.shippingOptionId,
      shippingRule,
      rateOf: (text) => this.rate(text),
      addedPrices: opts.addedPrices,
    });
  }

  /**
   * The applied coupons that no longer apply to the cart as it is now (conditions, stacking,
   * and a minimum measured after the discounts applied before the coupon's turn; usage is the
   * store's business at reservation). Empty when all still apply. `customerId`: whose groups
   * count (default: the cart's user).
   */
  async failingCoupons(cart: StoredCart, now: number, customerId: string | undefined = cart.userId ?? undefined): Promise<CouponFailure[]> {
    if (cart.couponCodes.length === 0) return [];
    const exponent = minorUnitExponent(cart.currency) ?? 2;
    const found = await Promise.all(cart.couponCodes.map((code) => this.options.promotions.findByCode(code)));
    const lines = discountLinesOf(cart.lines, exponent);
    const context = await this.conditionContext(cart, lines, now, customerId, found.flatMap((p) => (p ? [p] : [])));
    const failures: CouponFailure[] = [];
    const passing: Candidate[] = [];
    found.forEach((promotion, i) => {
      const coupon = cart.couponCodes[i] as string;
      if (!promotion) {
        failures.push({ coupon, code: 'COUPON_NOT_FOUND', reason: 'the promotion no longer exists' });
        return;
      }
      const failure = checkConditions(promotion, context);
      if (failure) failures.push({ coupon, ...failure });
      else passing.push({ promotion, code: coupon });
    });
    const rejected = new Set<string>();
    for (const candidate of selectPromotions(passing, []).rejectedCoupons) {
      rejected.add(candidate.code ?? '');
      failures.push({ coupon: candidate.code ?? '', code: 'COUPON_NOT_COMBINABLE', reason: 'another applied coupon is exclusive' });
    }
    // A minimum after discounts depends on every promotion before the coupon, automatic ones
    // included, so only running them as pricing does can tell; skipped when no coupon has one.
    const combined = passing.filter((c) => !rejected.has(c.code ?? ''));
    if (combined.some((c) => measuredAfterDiscounts(c.promotion))) {
      const automatic = (await this.options.promotions.listAutomatic()).filter((p) => checkConditions(p, context) === null).map((promotion) => ({ promotion }));
      const { selected } = selectPromotions(combined, automatic);
      for (const index of applyPromotions(lines, selected, exponent, this.options.rounding).unmet) {
        const candidate = selected[index] as Candidate;
        if (candidate.code !== undefined) failures.push({ coupon: candidate.code, ...shortAfterDiscounts(candidate.promotion) });
      }
    }
    return failures;
  }

  /** The promotions of the codes; COUPON_NOT_FOUND for a code that has none. */
  async resolveCoupons(codes: readonly string[]): Promise<(Candidate & { promotion: Promotion; code: string })[]> {
    const found = await Promise.all(codes.map((code) => this.options.promotions.findByCode(code)));
    return found.map((promotion, i) => {
      const code = codes[i] as string;
      if (!promotion) throw new CommerceError('COUPON_NOT_FOUND', { code });
      return { promotion, code };
    });
  }

  /**
   * What the conditions of `promotions` read of the cart. The customer's groups are asked for
   * only when one of them names groups, so a shop without group promotions pays nothing.
   */
  async conditionContext(
    cart: StoredCart,
    lines: readonly DiscountLine[],
    now: number,
    customerId: string | undefined,
    promotions: readonly Promotion[],
  ): Promise<ConditionContext> {
    const subtotalMinor = lines.reduce((a, l) => a + l.unitMinor * BigInt(l.quantity), 0n);
    const wantsGroups = customerId !== undefined && this.options.customerGroups !== undefined && promotions.some((p) => p.customerGroups !== undefined);
    const groups = wantsGroups ? await this.options.customerGroups?.groupsOf(customerId) : undefined;
    return { currency: cart.currency, subtotalMinor, now, lines, ...(groups ? { groups } : {}) };
  }

  private rate(text: string): { text: string; fraction: Fraction } {
    let cached = this.rateCache.get(text);
    if (!cached) {
      const fraction = parseFraction(text);
      if (fraction.num > fraction.den) throw new CommerceError('INTERNAL', { rate: text, reason: `tax rate ${text} is above 1` });
      cached = { text, fraction };
      if (this.rateCache.size > 1000) this.rateCache.clear();
      this.rateCache.set(text, cached);
    }
    return cached;
  }
}

const NO_SHIPPING_TAX: ShippingTaxRule = { kind: 'none' };

/** Why a promotion whose minimum is measured after earlier discounts takes nothing. */
function shortAfterDiscounts(promotion: Promotion): ConditionFailure {
  const min = promotion.minSubtotal;
  return { code: 'COUPON_MINIMUM_NOT_MET', reason: `what is left after earlier discounts must reach ${min?.amount ?? ''} ${min?.currency ?? ''}` };
}

export function couponError(failure: ConditionFailure, code: string): CommerceError {
  return new CommerceError(failure.code, { code, reason: `${code}: ${failure.reason}` });
}
