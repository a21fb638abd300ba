import type { BuyXGetYReward, PromotionTarget } from '../ports/promotion-store.js';
import type { RoundingMode } from '../shared/money.js';
import { divRound, minBig, parseFraction, toMinor } from './minor-units.js';

/** What the discount engine needs of a line, in minor units. */
export interface DiscountLine {
  productId: string;
  categories: readonly string[];
  quantity: number;
  unitMinor: bigint;
}

/**
 * What the promotions applied so far left of each line. Promotions that pick units (a
 * buy-X-get-Y's rewards, anything with `maxQuantity`) consume the units they discount: no
 * later promotion sees them, so no unit is given away twice and none goes below zero. The
 * units a buy-X-get-Y counted as bought are spent: later promotions may still discount them,
 * but they buy no second reward. Whole-line promotions consume nothing; they lower the value
 * of the units still open, and a later promotion sees those units at that lowered value.
 */
export interface LineState {
  /** Amount left on each line, all units. */
  remaining: bigint[];
  /** Units consumed by a unit-picking promotion. */
  consumed: number[];
  /** What is left of the consumed units' value (part of `remaining`). */
  consumedValue: bigint[];
  /** Units spent as a buy-X-get-Y's qualifiers. */
  spent: number[];
}

export function initialState(lines: readonly DiscountLine[]): LineState {
  return {
    remaining: lines.map((l) => l.unitMinor * BigInt(l.quantity)),
    consumed: lines.map(() => 0),
    consumedValue: lines.map(() => 0n),
    spent: lines.map(() => 0),
  };
}

export function matches(line: DiscountLine, target: PromotionTarget | undefined): boolean {
  if (!target || (target.productIds === undefined && target.categories === undefined)) return true;
  if (target.productIds?.includes(line.productId)) return true;
  return target.categories !== undefined && line.categories.some((c) => target.categories?.includes(c));
}

export function openUnits(state: LineState, i: number, line: DiscountLine): number {
  return line.quantity - (state.consumed[i] ?? 0);
}

export function openValue(state: LineState, i: number): bigint {
  return (state.remaining[i] ?? 0n) - (state.consumedValue[i] ?? 0n);
}

/**
 * The value of `units` of the line's open units: their even share of the open value, rounded
 * down so the units left keep at least theirs; all the open units take all of it.
 */
export function valueOfUnits(state: LineState, i: number, line: DiscountLine, units: number): bigint {
  const open = openUnits(state, i, line);
  if (units <= 0 || open <= 0) return 0n;
  const value = openValue(state, i);
  return units >= open ? value : (value * BigInt(units)) / BigInt(open);
}

/** Marks `units` open units of line i, worth `portion`, consumed with `discount` taken off them (by the caller, from `remaining`). */
export function consumeUnits(state: LineState, i: number, units: number, portion: bigint, discount: bigint): void {
  state.consumed[i] = (state.consumed[i] ?? 0) + units;
  state.consumedValue[i] = (state.consumedValue[i] ?? 0n) + portion - discount;
}

/** What a unit-level reward takes off `portion`, the value of `units` units. */
export function rewardOf(reward: BuyXGetYReward | undefined, portion: bigint, units: number, exponent: number, rounding: RoundingMode): bigint {
  if (!reward || reward.kind === 'free') return portion;
  if (reward.kind === 'percentage') {
    const { num, den } = parseFraction(reward.percent);
    return minBig(divRound(portion * num, den * 100n, rounding), portion);
  }
  return minBig(toMinor(reward.amount.amount, exponent) * BigInt(units), portion);
}

export interface BuyXGetY {
  buyQuantity: number;
  getQuantity: number;
  buyTarget: PromotionTarget | undefined;
  getTarget: PromotionTarget | undefined;
  reward: BuyXGetYReward | undefined;
  maxQuantity: number | undefined;
}

/**
 * Buy X get Y over the units no promotion consumed or spent yet. Every full group of X bought
 * and Y got rewards its Y units; the rewarded units are the cheapest open ones (ties: the
 * earlier line), so the shop gives away the least, and a unit both sides could take is a
 * reward only while enough units are left to buy every group. Answers the discount per line
 * and marks the units consumed and spent; the caller takes the discounts off `remaining`.
 */
export function applyBuyXGetY(p: BuyXGetY, lines: readonly DiscountLine[], state: LineState, exponent: number, rounding: RoundingMode): bigint[] {
  const out = lines.map(() => 0n);
  const X = p.buyQuantity;
  const Y = p.getQuantity;
  // Per line: units only the get side may take, only the buy side, and both.
  const getCap: number[] = [];
  const buyOnly: number[] = [];
  let getOnlyUnits = 0;
  let buyOnlyUnits = 0;
  let contestedUnits = 0;
  lines.forEach((line, i) => {
    // A spent unit may since have been consumed by a capped discount: count it once.
    const free = Math.max(0, line.quantity - (state.consumed[i] ?? 0) - (state.spent[i] ?? 0));
    const onGet = free > 0 && matches(line, p.getTarget);
    const onBuy = free > 0 && matches(line, p.buyTarget);
    const get = onGet ? Math.min(free, p.maxQuantity ?? free) : 0;
    getCap.push(get);
    buyOnly.push(onBuy ? free - get : 0);
    buyOnlyUnits += onBuy ? free - get : 0;
    if (onBuy) contestedUnits += get;
    else getOnlyUnits += get;
  });
  const groups = Math.min(
    Math.floor((getOnlyUnits + contestedUnits) / Y),
    Math.floor((buyOnlyUnits + contestedUnits) / X),
    Math.floor((getOnlyUnits + buyOnlyUnits + contestedUnits) / (X + Y)),
  );
  if (groups <= 0) return out;
  let need = groups * Y;
  let contestedLeft = contestedUnits - Math.max(0, groups * X - buyOnlyUnits);
  const taken = lines.map(() => 0);
  const byUnitValue = lines.map((_, i) => i).filter((i) => (getCap[i] ?? 0) > 0);
  byUnitValue.sort((a, b) => compareUnitValue(state, lines, a, b) || a - b);
  for (const i of byUnitValue) {
    if (need === 0) break;
    const contested = matches(lines[i] as DiscountLine, p.buyTarget);
    const take = Math.min(need, getCap[i] ?? 0, contested ? contestedLeft : Number.MAX_SAFE_INTEGER);
    if (take <= 0) continue;
    if (contested) contestedLeft -= take;
    need -= take;
    taken[i] = take;
  }
  // The rewards first (they read the open value before any unit of theirs is spent), then the
  // qualifiers: buy-only units first, then the contested ones nobody took as a reward.
  lines.forEach((line, i) => {
    const take = taken[i] ?? 0;
    if (take === 0) return;
    const portion = valueOfUnits(state, i, line, take);
    const discount = rewardOf(p.reward, portion, take, exponent, rounding);
    consumeUnits(state, i, take, portion, discount);
    out[i] = discount;
  });
  let toSpend = groups * X;
  for (const pass of [0, 1]) {
    lines.forEach((line, i) => {
      if (toSpend === 0) return;
      const room = pass === 0 ? (buyOnly[i] ?? 0) : matches(line, p.buyTarget) ? (getCap[i] ?? 0) - (taken[i] ?? 0) : 0;
      const spend = Math.min(toSpend, room);
      state.spent[i] = (state.spent[i] ?? 0) + spend;
      toSpend -= spend;
    });
  }
  return out;
}

/** Orders two lines by the value of one open unit (open value / open units), exactly. */
function compareUnitValue(state: LineState, lines: readonly DiscountLine[], a: number, b: number): number {
  const left = openValue(state, a) * BigInt(openUnits(state, b, lines[b] as DiscountLine));
  const right = openValue(state, b) * BigInt(openUnits(state, a, lines[a] as DiscountLine));
  return left === right ? 0 : left < right ? -1 : 1;
}
