import type { Promotion } from '../ports/promotion-store.js';
import type { CommerceErrorCode } from '../shared/error-codes.js';
import { minorUnitExponent } from '../shared/currencies.js';
import { toMinor } from './minor-units.js';
import { matches, type DiscountLine } from './promotion-units.js';

/** Why a promotion does not apply now, or null when its conditions hold. */
export interface ConditionFailure {
  code: CommerceErrorCode;
  reason: string;
}

/** What the conditions read of the cart; `lines` and `groups` only when a promotion asks. */
export interface ConditionContext {
  currency: string;
  subtotalMinor: bigint;
  now: number;
  /** The cart's lines, for `minItems`. */
  lines?: readonly DiscountLine[];
  /** The groups the customer is in, for `customerGroups` (none: a guest, or no port). */
  groups?: readonly string[];
}

/**
 * Checks the conditions that depend on the cart, the customer and the clock (not on usage,
 * which the store counts): start and end time, the currency of its amounts, the item count,
 * the customer's groups, and a minimum subtotal measured before any discount. A minimum
 * measured after discounts depends on the promotions before it: `applyPromotions` checks it.
 */
export function checkConditions(promotion: Promotion, cart: ConditionContext): ConditionFailure | null {
  if (promotion.startsAt !== undefined && cart.now < promotion.startsAt) {
    return { code: 'COUPON_NOT_STARTED', reason: `starts at ${new Date(promotion.startsAt).toISOString()}` };
  }
  if (promotion.endsAt !== undefined && cart.now >= promotion.endsAt) {
    return { code: 'COUPON_EXPIRED', reason: `ended at ${new Date(promotion.endsAt).toISOString()}` };
  }
  const amountCurrency = currencyOf(promotion);
  if (amountCurrency !== undefined && amountCurrency !== cart.currency) {
    return { code: 'COUPON_NOT_FOUND', reason: `no ${cart.currency} amount: the promotion is in ${amountCurrency}` };
  }
  if (promotion.customerGroups && !promotion.customerGroups.some((g) => cart.groups?.includes(g))) {
    return { code: 'COUPON_NOT_ELIGIBLE', reason: `only for customers in ${promotion.customerGroups.join(', ')}` };
  }
  if (promotion.minItems) {
    const { quantity, target } = promotion.minItems;
    const units = (cart.lines ?? []).reduce((a, l) => a + (matches(l, target) ? l.quantity : 0), 0);
    if (units < quantity) return { code: 'COUPON_MINIMUM_NOT_MET', reason: `the cart must hold at least ${quantity} qualifying items` };
  }
  if (promotion.minSubtotal) {
    const { amount, currency } = promotion.minSubtotal;
    if (currency !== cart.currency) {
      return { code: 'COUPON_MINIMUM_NOT_MET', reason: `the minimum is set in ${currency}, the cart is in ${cart.currency}` };
    }
    const min = toMinor(amount, minorUnitExponent(currency) ?? 2);
    if (!measuredAfterDiscounts(promotion) && cart.subtotalMinor < min) {
      return { code: 'COUPON_MINIMUM_NOT_MET', reason: `the subtotal must reach ${amount} ${currency}` };
    }
  }
  return null;
}

/** Whether the promotion's minimum subtotal is measured on what earlier discounts leave. */
export function measuredAfterDiscounts(promotion: Promotion): boolean {
  return promotion.minSubtotal !== undefined && promotion.minSubtotalBasis === 'after_discounts';
}

/** The currency of the promotion's amounts, when it has any. */
function currencyOf(promotion: Promotion): string | undefined {
  switch (promotion.kind) {
    case 'fixed_order':
    case 'fixed_item':
    case 'fixed_line':
    case 'shipping_amount':
      return promotion.amount.currency;
    case 'buy_x_get_y':
      return promotion.reward?.kind === 'fixed' ? promotion.reward.amount.currency : undefined;
    default:
      return undefined;
  }
}

/** A promotion that passed its conditions, and whether the customer entered it. */
export interface Candidate {
  promotion: Promotion;
  /** The code as applied, for coupons. */
  code?: string;
}

/**
 * Stacking. Coupons (chosen by the customer) come first, in priority order, then the
 * automatic promotions; a candidate joins when nothing is selected yet, or when it and
 * everything selected are combinable, so an exclusive promotion always stands alone.
 * Answers the selection in application order (priority high to low, coupons first on
 * ties, then by id) and the coupons that were left out. Ties break on the id so the result
 * never depends on the order a store lists promotions in.
 */
export function selectPromotions(coupons: Candidate[], automatic: Candidate[]): { selected: Candidate[]; rejectedCoupons: Candidate[] } {
  const byId = (a: Candidate, b: Candidate): number => (a.promotion.id < b.promotion.id ? -1 : a.promotion.id > b.promotion.id ? 1 : 0);
  const byPriority = (a: Candidate, b: Candidate): number => b.promotion.priority - a.promotion.priority || byId(a, b);
  const ordered = [...[...coupons].sort(byPriority), ...[...automatic].sort(byPriority)];
  const selected: Candidate[] = [];
  const rejectedCoupons: Candidate[] = [];
  for (const candidate of ordered) {
    const fits = selected.length === 0 || (candidate.promotion.combinable && selected.every((s) => s.promotion.combinable));
    if (fits) selected.push(candidate);
    else if (candidate.code !== undefined) rejectedCoupons.push(candidate);
  }
  const rank = (c: Candidate): number => (c.code !== undefined ? 0 : 1);
  selected.sort((a, b) => b.promotion.priority - a.promotion.priority || rank(a) - rank(b) || byId(a, b));
  return { selected, rejectedCoupons };
}
