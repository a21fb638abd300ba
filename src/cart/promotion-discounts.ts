import type { Promotion, PromotionTarget } from '../ports/promotion-store.js';
import type { RoundingMode } from '../shared/money.js';
import { allocateMinor, divRound, minBig, parseFraction, toMinor } from './minor-units.js';
import {
  applyBuyXGetY,
  consumeUnits,
  matches,
  openUnits,
  openValue,
  valueOfUnits,
  type DiscountLine,
  type LineState,
} from './promotion-units.js';

export type { DiscountLine } from './promotion-units.js';

/**
 * Applies one promotion to what the promotions before it left (`state`), and answers the
 * discount of each line; the caller takes them off `state.remaining`. Every discount is
 * capped by the open value of the line, so a line (and so the order) never goes negative.
 * Order-level amounts (a percentage of the eligible lines, a fixed amount off the order) are
 * computed once and allocated over the lines by largest remainder in proportion to what is
 * open on each, so they sum exactly. Shipping promotions take nothing off lines.
 */
export function lineDiscounts(promotion: Promotion, lines: readonly DiscountLine[], state: LineState, exponent: number, rounding: RoundingMode): bigint[] {
  const out = lines.map(() => 0n);
  switch (promotion.kind) {
    case 'percentage': {
      if (promotion.maxQuantity !== undefined) {
        const { num, den } = parseFraction(promotion.percent);
        return capped(lines, state, promotion.target, promotion.maxQuantity, (portion) => minBig(divRound(portion * num, den * 100n, rounding), portion));
      }
      const eligible = openWeights(lines, state, promotion.target);
      const base = eligible.reduce((a, w) => a + w, 0n);
      const { num, den } = parseFraction(promotion.percent);
      return allocateMinor(minBig(divRound(base * num, den * 100n, rounding), base), eligible);
    }
    case 'fixed_order': {
      const eligible = openWeights(lines, state, promotion.target);
      const base = eligible.reduce((a, w) => a + w, 0n);
      return allocateMinor(minBig(toMinor(promotion.amount.amount, exponent), base), eligible);
    }
    case 'fixed_item': {
      if (promotion.maxQuantity !== undefined) {
        const each = toMinor(promotion.amount.amount, exponent);
        return capped(lines, state, promotion.target, promotion.maxQuantity, (portion, units) => minBig(each * BigInt(units), portion));
      }
      const each = toMinor(promotion.amount.amount, exponent);
      lines.forEach((line, i) => {
        if (matches(line, promotion.target)) out[i] = minBig(each * BigInt(openUnits(state, i, line)), openValue(state, i));
      });
      return out;
    }
    case 'fixed_line': {
      const amount = toMinor(promotion.amount.amount, exponent);
      lines.forEach((line, i) => {
        if (matches(line, promotion.target)) out[i] = minBig(amount, openValue(state, i));
      });
      return out;
    }
    case 'buy_x_get_y':
      return applyBuyXGetY(
        {
          buyQuantity: promotion.buyQuantity,
          getQuantity: promotion.getQuantity,
          buyTarget: promotion.buyTarget ?? promotion.target,
          getTarget: promotion.getTarget ?? promotion.target,
          reward: promotion.reward,
          maxQuantity: promotion.maxQuantity,
        },
        lines,
        state,
        exponent,
        rounding,
      );
    case 'free_shipping':
    case 'shipping_amount':
    case 'shipping_percentage':
      return out;
  }
}

function openWeights(lines: readonly DiscountLine[], state: LineState, target: PromotionTarget | undefined): bigint[] {
  return lines.map((line, i) => (matches(line, target) ? openValue(state, i) : 0n));
}

/** Up to `maxQuantity` open units of each target line, discounted unit by unit and consumed. */
function capped(
  lines: readonly DiscountLine[],
  state: LineState,
  target: PromotionTarget | undefined,
  maxQuantity: number,
  discountOf: (portion: bigint, units: number) => bigint,
): bigint[] {
  return lines.map((line, i) => {
    if (!matches(line, target)) return 0n;
    const units = Math.min(maxQuantity, openUnits(state, i, line));
    if (units <= 0) return 0n;
    const portion = valueOfUnits(state, i, line, units);
    const discount = discountOf(portion, units);
    consumeUnits(state, i, units, portion, discount);
    return discount;
  });
}
