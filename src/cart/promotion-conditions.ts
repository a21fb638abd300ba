import type { Promotion } from '../ports/promotion-store.js';
import type { CommerceErrorCode } from '../shared/error-codes.js';
import { minorUnitExponent } from '../shared/currencies.js';
import { toMinor } from './minor-units.js';

/** Why a promotion does not apply now, or null when its conditions hold. */
export interface ConditionFailure {
  code: CommerceErrorCode;
  reason: string;
}

/**
 * Checks the conditions that depend on the cart and the clock (not on usage, which the
 * store counts): start and end time, the currency of its amounts, the minimum subtotal
 * measured on the subtotal before any discount.
 */
export function checkConditions(
  promotion: Promotion,
  cart: { currency: string; subtotalMinor: bigint; now: number },
): ConditionFailure | null {
  if (promotion.startsAt !== undefined && cart.now < promotion.startsAt) {
    return { code: 'COUPON_NOT_STARTED', reason: `starts at ${new Date(promotion.startsAt).toISOString()}` };
  }
  if (promotion.endsAt !== undefined && cart.now >= promotion.endsAt) {
    return { code: 'COUPON_EXPIRED', reason: `ended at ${new Date(promotion.endsAt).toISOString()}` };
  }
  if ((promotion.kind === 'fixed_order' || promotion.kind === 'fixed_item') && promotion.amount.currency !== cart.currency) {
    return { code: 'COUPON_NOT_FOUND', reason: `no ${cart.currency} amount: the promotion is in ${promotion.amount.currency}` };
  }
  if (promotion.minSubtotal) {
    const { amount, currency } = promotion.minSubtotal;
    if (currency !== cart.currency) {
      return { code: 'COUPON_MINIMUM_NOT_MET', reason: `the minimum is set in ${currency}, the cart is in ${cart.currency}` };
    }
    const min = toMinor(amount, minorUnitExponent(currency) ?? 2);
    if (cart.subtotalMinor < min) {
      return { code: 'COUPON_MINIMUM_NOT_MET', reason: `the subtotal must reach ${amount} ${currency}` };
    }
  }
  return null;
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
 * ties) and the coupons that were left out.
 */
export function selectPromotions(coupons: Candidate[], automatic: Candidate[]): { selected: Candidate[]; rejectedCoupons: Candidate[] } {
  const byPriority = (a: Candidate, b: Candidate): number => b.promotion.priority - a.promotion.priority;
  const ordered = [...[...coupons].sort(byPriority), ...[...automatic].sort(byPriority)];
  const selected: Candidate[] = [];
  const rejectedCoupons: Candidate[] = [];
  for (const candidate of ordered) {
    const fits = selected.length === 0 || (candidate.promotion.combinable && selected.every((s) => s.promotion.combinable));
    if (fits) selected.push(candidate);
    else if (candidate.code !== undefined) rejectedCoupons.push(candidate);
  }
  const rank = (c: Candidate): number => (c.code !== undefined ? 0 : 1);
  selected.sort((a, b) => byPriority(a, b) || rank(a) - rank(b));
  return { selected, rejectedCoupons };
}
