import { Decimal } from 'decimal.js';
import { CommerceError } from './errors.js';
import { minorUnitExponent } from './currencies.js';

/**
 * A private decimal.js constructor: 40 significant digits keeps every product of a
 * 15-digit amount and a 12-digit rate exact, and no host setting on the global
 * Decimal can change our arithmetic.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** How an amount is brought to the minor unit. Banker's rounding is the default. */
export type RoundingMode = 'half-even' | 'half-up' | 'half-down' | 'up' | 'down' | 'floor' | 'ceil';
export const DEFAULT_ROUNDING: RoundingMode = 'half-even';

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  'half-even': Decimal.ROUND_HALF_EVEN,
  'half-up': Decimal.ROUND_HALF_UP,
  'half-down': Decimal.ROUND_HALF_DOWN,
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
  floor: Decimal.ROUND_FLOOR,
  ceil: Decimal.ROUND_CEIL,
};

/** What may stand for a decimal quantity: a decimal string, a Decimal, or a safe integer. */
export type DecimalInput = string | number | bigint | Decimal;

const DECIMAL_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a decimal without ever going through a binary float: a JS number is accepted
 * only when it is a safe integer, since 19.99 as a float is 19.989999999999998...
 */
export function toDecimal(value: DecimalInput, what = 'amount'): Dec {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new CommerceError('INVALID_AMOUNT', { value, reason: `${what} ${value} is a JS number that is not a safe integer; pass a decimal string` });
    }
    return new Dec(value);
  }
  if (typeof value === 'bigint') return new Dec(value.toString());
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL_STRING.test(trimmed)) {
      throw new CommerceError('INVALID_AMOUNT', { value, reason: `${what} '${value}' is not a decimal string` });
    }
    return new Dec(trimmed);
  }
  if (Decimal.isDecimal(value) && value.isFinite()) return new Dec(value);
  throw new CommerceError('INVALID_AMOUNT', { value: String(value), reason: `${what} is not a finite decimal` });
}

function exponentOf(currency: string): number {
  const exponent = minorUnitExponent(currency);
  if (exponent === undefined) {
    throw new CommerceError('INVALID_CURRENCY', { currency, reason: `'${currency}' is not an active ISO 4217 code` });
  }
  return exponent;
}

/** A plain, JSON-safe form of Money: what crosses the API and sits in stores. */
export interface MoneyJSON {
  amount: string;
  currency: string;
}

/**
 * An exact amount of one currency. Arithmetic is exact (decimal, never float);
 * `round()` brings a result to the currency's minor unit with a declared mode;
 * `allocate()` splits by largest remainder so the parts always sum to the whole.
 */
export class Money {
  private constructor(
    private readonly value: Dec,
    readonly currency: string,
    /** Decimals of the currency's minor unit: JPY 0, USD 2, KWD 3. */
    readonly exponent: number,
  ) {}

  /** `Money.of('19.99', 'USD')`. Numbers are accepted only as safe integers. */
  static of(amount: DecimalInput, currency: string): Money {
    const exponent = exponentOf(currency);
    return new Money(toDecimal(amount), currency, exponent);
  }

  /** `Money.fromMinor(1999, 'USD')` is 19.99 USD. */
  static fromMinor(minor: number | bigint | string, currency: string): Money {
    const exponent = exponentOf(currency);
    if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
      throw new CommerceError('INVALID_AMOUNT', { value: minor, reason: 'minor units must be a safe integer' });
    }
    const units = typeof minor === 'string' ? toDecimal(minor, 'minor units') : new Dec(minor.toString());
    if (!units.isInteger()) throw new CommerceError('INVALID_AMOUNT', { value: String(minor), reason: 'minor units must be an integer' });
    return new Money(units.div(new Dec(10).pow(exponent)), currency, exponent);
  }

  static zero(currency: string): Money {
    return new Money(new Dec(0), currency, exponentOf(currency));
  }

  static fromJSON(json: MoneyJSON): Money {
    return Money.of(json.amount, json.currency);
  }

  /** The sum of a list; `currency` is needed only to sum an empty list. */
  static sum(items: readonly Money[], currency?: string): Money {
    const first = items[0];
    if (!first) {
      if (!currency) throw new CommerceError('INVALID_AMOUNT', { reason: 'an empty sum needs a currency' });
      return Money.zero(currency);
    }
    return items.slice(1).reduce((acc, m) => acc.add(m), currency ? Money.zero(currency).add(first) : first);
  }

  get amount(): string {
    return this.value.toFixed();
  }

  toDecimal(): Dec {
    return this.value;
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return this.with(this.value.plus(other.value));
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return this.with(this.value.minus(other.value));
  }

  /** Exact product by a quantity or a rate; round the result when it is a price. */
  multiply(factor: DecimalInput): Money {
    return this.with(this.value.times(toDecimal(factor, 'factor')));
  }

  negate(): Money {
    return this.with(this.value.negated());
  }

  abs(): Money {
    return this.with(this.value.abs());
  }

  /** Rounds to the minor unit of the currency. */
  round(mode: RoundingMode = DEFAULT_ROUNDING): Money {
    return this.with(this.value.toDecimalPlaces(this.exponent, DECIMAL_ROUNDING[mode]));
  }

  /** True when the amount has no more decimals than the minor unit. */
  isRounded(): boolean {
    return this.value.decimalPlaces() <= this.exponent;
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.value.equals(other.value);
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  min(other: Money): Money {
    return this.lessThanOrEqual(other) ? this : other;
  }

  max(other: Money): Money {
    return this.greaterThanOrEqual(other) ? this : other;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.greaterThan(0);
  }

  isNegative(): boolean {
    return this.value.lessThan(0);
  }

  /**
   * Integer minor units, as gateways want them. Refuses an amount that is not rounded
   * rather than rounding silently: the caller decides how a price is rounded.
   */
  toMinorUnits(): number {
    const units = this.minorUnits();
    if (!Number.isSafeInteger(units)) {
      throw new CommerceError('INVALID_AMOUNT', { amount: this.amount, reason: 'too large for integer minor units' });
    }
    return units;
  }

  /**
   * Splits a rounded amount by ratios with the largest-remainder method: each part gets
   * the floor of its exact share in minor units, then the leftover units go one each to
   * the parts with the largest remainders (earlier parts first on ties). The parts always
   * sum exactly to the whole; a negative whole is split as its absolute value, negated.
   */
  allocate(ratios: readonly DecimalInput[]): Money[] {
    if (ratios.length === 0) throw new CommerceError('INVALID_ALLOCATION', { reason: 'no ratios given' });
    const weights = ratios.map((r) => toDecimal(r, 'ratio'));
    if (weights.some((w) => w.isNegative())) {
      throw new CommerceError('INVALID_ALLOCATION', { reason: 'ratios must not be negative' });
    }
    const totalWeight = weights.reduce((a, w) => a.plus(w), new Dec(0));
    if (totalWeight.isZero()) throw new CommerceError('INVALID_ALLOCATION', { reason: 'ratios sum to zero' });

    const whole = this.minorUnits();
    const sign = whole < 0 ? -1 : 1;
    const units = new Dec(Math.abs(whole));
    const shares = weights.map((w) => units.times(w).div(totalWeight));
    const floors = shares.map((s) => s.floor());
    let leftover = units.minus(floors.reduce((a, f) => a.plus(f), new Dec(0))).toNumber();
    const byRemainder = shares
      .map((s, i) => ({ i, remainder: s.minus(floors[i] as Dec) }))
      .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
    const parts = floors.map((f) => f.toNumber());
    for (const { i } of byRemainder) {
      if (leftover <= 0) break;
      parts[i] = (parts[i] as number) + 1;
      leftover -= 1;
    }
    return parts.map((p) => Money.fromMinor(sign * p, this.currency));
  }

  /** Splits into `count` parts as equal as the minor unit allows. */
  split(count: number): Money[] {
    if (!Number.isSafeInteger(count) || count < 1) {
      throw new CommerceError('INVALID_ALLOCATION', { count, reason: 'count must be a positive integer' });
    }
    return this.allocate(Array.from({ length: count }, () => 1));
  }

  /** Localised text through Intl.NumberFormat, always with the currency's own decimals. */
  format(locale = 'en-US', options: Omit<Intl.NumberFormatOptions, 'style' | 'currency'> = {}): string {
    const formatter = new Intl.NumberFormat(locale, {
      minimumFractionDigits: this.exponent,
      maximumFractionDigits: Math.max(this.exponent, this.value.decimalPlaces()),
      ...options,
      style: 'currency',
      currency: this.currency,
    });
    // Intl accepts decimal strings exactly (no float on the way) since Node 19.
    return formatter.format(this.value.toFixed() as unknown as number);
  }

  toJSON(): MoneyJSON {
    return { amount: this.value.toFixed(), currency: this.currency };
  }

  toString(): string {
    return `${this.value.toFixed()} ${this.currency}`;
  }

  private minorUnits(): number {
    if (!this.isRounded()) {
      throw new CommerceError('AMOUNT_NOT_ROUNDED', {
        amount: this.amount,
        currency: this.currency,
        reason: `${this.amount} ${this.currency} has more than ${this.exponent} decimals; round() it first`,
      });
    }
    return this.value.times(new Dec(10).pow(this.exponent)).toNumber();
  }

  private with(value: Dec): Money {
    return new Money(value, this.currency, this.exponent);
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new CommerceError('CURRENCY_MISMATCH', {
        currencies: [this.currency, other.currency],
        reason: `${this.currency} and ${other.currency}`,
      });
    }
  }
}
