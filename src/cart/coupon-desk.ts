import type { Clock } from '../ports/clock.js';
import type { Promotion, PromotionStore } from '../ports/promotion-store.js';
import { minorUnitExponent } from '../shared/currencies.js';
import { CommerceError } from '../shared/errors.js';
import type { StoredCart } from '../ports/cart-store.js';
import { couponError, type CartPricer } from './cart-pricer.js';
import { discountLinesOf } from './cart-pricing.js';
import { checkConditions, measuredAfterDiscounts, selectPromotions } from './promotion-conditions.js';

/** Proof that one use of each applied promotion is reserved for an order being placed. */
export interface CouponHold {
  holdId: string;
  cartId: string;
  promotionIds: string[];
  codes: string[];
  customerId?: string;
}

/**
 * Coupon checks at apply time and usage counting at order time. Usage limits are
 * enforced by the store's atomic reserve; the check at apply time only gives early
 * feedback and can be overtaken, which the reservation then catches.
 */
export class CouponDesk {
  constructor(private readonly deps: { promotions: PromotionStore; pricer: CartPricer; clock: Clock }) {}

  save(promotion: Promotion): Promise<void> {
    return this.deps.promotions.save(promotion);
  }

  /** The promotion of `code` if it applies to the cart now, else the COUPON_* error. */
  async checkApplicable(cart: StoredCart, code: string, now: number, customerId: string | undefined): Promise<Promotion> {
    const promotion = await this.deps.promotions.findByCode(code);
    if (!promotion) throw new CommerceError('COUPON_NOT_FOUND', { code });
    const exponent = minorUnitExponent(cart.currency) ?? 2;
    const context = await this.deps.pricer.conditionContext(cart, discountLinesOf(cart.lines, exponent), now, customerId, [promotion]);
    const failure = checkConditions(promotion, context);
    if (failure) throw couponError(failure, code);
    const usage = await this.deps.promotions.getUsage(promotion.id, customerId, now);
    if (promotion.usageLimit !== undefined && usage.used >= promotion.usageLimit) {
      throw couponError({ code: 'COUPON_USAGE_LIMIT', reason: 'no uses left' }, code);
    }
    if (promotion.perCustomerLimit !== undefined && customerId !== undefined && usage.usedByCustomer >= promotion.perCustomerLimit) {
      throw couponError({ code: 'COUPON_USAGE_LIMIT', reason: 'the customer has used it up' }, code);
    }
    const applied = await this.deps.pricer.resolveCoupons(cart.couponCodes);
    const { rejectedCoupons } = selectPromotions([...applied, { promotion, code }], []);
    if (rejectedCoupons.length > 0) {
      const exclusive = !promotion.combinable ? 'it is exclusive' : 'an applied coupon is exclusive';
      throw couponError({ code: 'COUPON_NOT_COMBINABLE', reason: exclusive }, code);
    }
    // A minimum after discounts is measured on what the promotions before the coupon leave:
    // the pricer runs them on the cart as it would be with the coupon.
    if (measuredAfterDiscounts(promotion)) {
      const withCoupon = { ...cart, couponCodes: [...cart.couponCodes, code] };
      const failure = (await this.deps.pricer.failingCoupons(withCoupon, now, customerId)).find((f) => f.coupon === code);
      if (failure) throw couponError(failure, code);
    }
    return promotion;
  }

  /** Reserves one use of each applied promotion in one atomic store step. */
  async reserve(op: {
    cartId: string;
    holdId: string;
    applied: { promotionId: string; code: string | undefined }[];
    customerId: string | undefined;
    expiresAt?: number;
  }): Promise<CouponHold> {
    const promotionIds = op.applied.map((a) => a.promotionId);
    const result = await this.deps.promotions.reserveUsage({
      holdId: op.holdId,
      promotionIds,
      ...(op.customerId !== undefined ? { customerId: op.customerId } : {}),
      ...(op.expiresAt !== undefined ? { expiresAt: op.expiresAt } : {}),
      now: this.deps.clock.now(),
    });
    if (result.code !== 'ok') {
      const code = op.applied.find((a) => a.promotionId === result.promotionId)?.code ?? result.promotionId;
      if (result.code === 'not_found') throw new CommerceError('COUPON_NOT_FOUND', { code });
      throw couponError({ code: 'COUPON_USAGE_LIMIT', reason: result.scope === 'customer' ? 'the customer has used it up' : 'no uses left' }, code);
    }
    return {
      holdId: op.holdId,
      cartId: op.cartId,
      promotionIds,
      codes: op.applied.flatMap((a) => (a.code === undefined ? [] : [a.code])),
      ...(op.customerId !== undefined ? { customerId: op.customerId } : {}),
    };
  }

  async commit(hold: Pick<CouponHold, 'holdId'>): Promise<void> {
    const result = await this.deps.promotions.commitUsage(hold.holdId, { now: this.deps.clock.now() });
    if (result.code === 'not_found') throw new CommerceError('NOT_FOUND', { holdId: hold.holdId, reason: `no reserved coupon hold ${hold.holdId}` });
    if (result.code === 'limit_reached') {
      const code = result.promotionId;
      throw couponError({ code: 'COUPON_USAGE_LIMIT', reason: `the hold lapsed and ${result.scope === 'customer' ? 'the customer has used it up' : 'no uses are left'}` }, code);
    }
  }

  async release(holdId: string): Promise<void> {
    await this.deps.promotions.releaseUsage(holdId);
  }
}
