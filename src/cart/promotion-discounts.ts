import type { Promotion, PromotionTarget } from '../ports/promotion-store.js';
import type { RoundingMode } from '../shared/money.js';
import { allocateMinor, divRound, minBig, parseFraction, toMinor } from './minor-units.js';

/** What the discount engine needs of a line, in minor units. */
export interface DiscountLine {
  productId: string;
  categories: readonly string[];
  quantity: number;
  unitMinor: bigint;
}

function matches(line: DiscountLine, target: PromotionTarget | undefined): boolean {
  if (!target || (target.productIds === undefined && target.categories === undefined)) return true;
  if (target.productIds?.includes(line.productId)) return true;
  return target.categories !== undefined && line.categories.some((c) => target.categories?.includes(c));
}

/**
 * Applies one promotion to what is left of each line after the promotions before it,
 * and answers the discount of each line. Every discount is capped by what is left, so a
 * line (and so the order) never goes negative. Order-level amounts (percentage of the
 * eligible lines, fixed off the order) are computed once and allocated over the lines
 * by largest remainder in proportion to what is left of each, so they sum exactly.
 */
export function lineDiscounts(
  promotion: Promotion,
  lines: readonly DiscountLine[],
  remaining: readonly bigint[],
  exponent: number,
  rounding: RoundingMode,
): bigint[] {
  const out = lines.map(() => 0n);
  switch (promotion.kind) {
    case 'percentage': {
      const eligible = weightsWhere(lines, remaining, (l) => matches(l, promotion.target));
      const base = eligible.reduce((a, w) => a + w, 0n);
      const { num, den } = parseFraction(promotion.percent);
      const amount = minBig(divRound(base * num, den * 100n, rounding), base);
      return allocateMinor(amount, eligible);
    }
    case 'fixed_order': {
      const all = weightsWhere(lines, remaining, () => true);
      const base = all.reduce((a, w) => a + w, 0n);
      return allocateMinor(minBig(toMinor(promotion.amount.amount, exponent), base), all);
    }
    case 'fixed_item': {
      const each = toMinor(promotion.amount.amount, exponent);
      lines.forEach((line, i) => {
        if (matches(line, promotion.target)) out[i] = minBig(each * BigInt(line.quantity), remaining[i] ?? 0n);
      });
      return out;
    }
    case 'buy_x_get_y':
      return buyXGetY(promotion.buyQuantity, promotion.getQuantity, promotion.target, lines, remaining);
    case 'free_shipping':
      return out;
  }
}

function weightsWhere(lines: readonly DiscountLine[], remaining: readonly bigint[], pick: (line: DiscountLine) => boolean): bigint[] {
  return lines.map((line, i) => (pick(line) ? (remaining[i] ?? 0n) : 0n));
}

/**
 * Buy X get Y: of the matching units, every full group of X + Y makes Y units free, and the
 * free units are the cheapest ones (ties: the earlier line), so the shop gives away the least.
 */
function buyXGetY(
  buy: number,
  get: number,
  target: PromotionTarget | undefined,
  lines: readonly DiscountLine[],
  remaining: readonly bigint[],
): bigint[] {
  const out = lines.map(() => 0n);
  const eligible = lines.map((line, i) => ({ line, i })).filter(({ line }) => matches(line, target));
  const units = eligible.reduce((a, { line }) => a + line.quantity, 0);
  let free = Math.floor(units / (buy + get)) * get;
  eligible.sort((a, b) => (a.line.unitMinor === b.line.unitMinor ? a.i - b.i : a.line.unitMinor < b.line.unitMinor ? -1 : 1));
  for (const { line, i } of eligible) {
    if (free === 0) break;
    const take = Math.min(free, line.quantity);
    free -= take;
    out[i] = minBig(line.unitMinor * BigInt(take), remaining[i] ?? 0n);
  }
  return out;
}
