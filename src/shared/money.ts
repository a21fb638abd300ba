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

// The exponent is capped at four digits so that no string underflows to zero unnoticed;
// the range check below refuses what is out of range.
const DECIMAL_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$/;

// Amounts are held to 40 significant digits, so nothing of 1e40 or more is exact; and a
// number such as 1e1000000000 would take gigabytes to print. Nonzero amounts stay in
// 1e-40 <= |x| < 1e40 (decimal.js's `e` is the power of ten of the leading digit).
const MAX_EXPONENT = 39;
const MIN_EXPONENT = -40;

/**
 * Reads a decimal without ever going through a binary float: a JS number is accepted
 * only when it is a safe integer, since 19.99 as a float is 19.989999999999998...
 * Whatever it is given (any type, a hostile object), it answers a Dec or throws
 * `INVALID_AMOUNT`.
 */
export function toDecimal(value: DecimalInput, what = 'amount'): Dec {
  switch (typeof value) {
    case 'number':
      if (Number.isSafeInteger(value)) return new Dec(value);
      throw invalidAmount(value, `${what} ${value} is a JS number that is not a safe integer; pass a decimal string`);
    case 'string': {
      const trimmed = value.trim();
      if (DECIMAL_STRING.test(trimmed)) return inRange(new Dec(trimmed), value, what);
      throw invalidAmount(value, `${what} '${shown(value)}' is not a decimal string`);
    }
    case 'bigint':
      return inRange(new Dec(value.toString()), value, what);
    case 'object':
      return decimalFromObject(value, what);
    default:
      throw invalidAmount(value, `${what} is a ${typeof value}, not a decimal`);
  }
}

function decimalFromObject(value: object | null, what: string): Dec {
  let decimal: Dec | undefined;
  try {
    if (value instanceof Decimal) decimal = new Dec(value);
    // A Decimal of another copy of decimal.js is read through its text, so a look-alike
    // object cannot slip digits past the parser.
    else if (value !== null && Decimal.isDecimal(value)) decimal = new Dec(String(value.toString()));
  } catch {
    // A getter or proxy that throws, or text that does not parse: refused below.
  }
  if (decimal) return inRange(decimal, value, what);
  throw invalidAmount(value, `${what} is not a finite decimal`);
}

function inRange(decimal: Dec, value: unknown, what: string): Dec {
  if (decimal.isFinite() && (decimal.isZero() || (decimal.e <= MAX_EXPONENT && decimal.e >= MIN_EXPONENT))) return decimal;
  throw invalidAmount(value, `${what} is not finite or is outside 1e-40 to 1e40`);
}

function invalidAmount(value: unknown, reason: string): CommerceError {
  return new CommerceError('INVALID_AMOUNT', { value: shown(value), reason });
}

/** A value as error details can show it: never throws, never huge. */
function shown(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === undefined ? String(value) : value === null ? 'null' : typeof value;
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}

function exponentOf(currency: unknown): number {
  const exponent = typeof currency === 'string' ? minorUnitExponent(currency) : undefined;
  if (exponent === undefined) {
    throw new CommerceError('INVALID_CURRENCY', { currency: shown(currency), reason: `'${shown(currency)}' is not an active ISO 4217 code` });
  }
  return exponent;
}

/**
 * The largest amount, in minor units, a Money may be entered with: what a JS number counts
 * exactly. Gateways and stores count money in integer minor units, so a larger price is
 * refused where it is entered (the schemas), not when it is charged.
 */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

/**
 * Whether a decimal amount of `currency` is within MAX_MINOR_UNITS either way. Anything it
 * cannot read (not a decimal string, an unknown currency) answers true: reading it is the
 * other checks' business, and they say what is wrong with it.
 */
export function fitsMinorUnits(amount: unknown, currency: unknown): boolean {
  const exponent = typeof currency === 'string' ? minorUnitExponent(currency) : undefined;
  if (typeof amount !== 'string' || exponent === undefined || !DECIMAL_STRING.test(amount.trim())) return true;
  return new Dec(amount.trim()).abs().times(new Dec(10).pow(exponent)).lte(MAX_MINOR_UNITS);
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

  /**
   * `Money.of('19.99', 'USD')`. Numbers are accepted only as safe integers. Like every
   * static constructor here, it throws only `INVALID_AMOUNT` or `INVALID_CURRENCY`,
   * whatever it is given.
   */
  static of(amount: DecimalInput, currency: string): Money {
    const exponent = exponentOf(currency);
    return new Money(toDecimal(amount), currency, exponent);
  }

  /** `Money.fromMinor(1999, 'USD')` is 19.99 USD. */
  static fromMinor(minor: number | bigint | string, currency: string): Money {
    const exponent = exponentOf(currency);
    const units = toDecimal(minor, 'minor units');
    if (!units.isInteger()) throw invalidAmount(minor, 'minor units must be an integer');
    return new Money(units.div(new Dec(10).pow(exponent)), currency, exponent);
  }

  static zero(currency: string): Money {
    return new Money(new Dec(0), currency, exponentOf(currency));
  }

  static fromJSON(json: MoneyJSON): Money {
    let amount: unknown;
    let currency: unknown;
    try {
      ({ amount, currency } = json);
    } catch {
      // undefined, null, or an object whose getters throw.
      throw invalidAmount(json, 'not an { amount, currency } object');
    }
    return Money.of(amount as DecimalInput, currency as string);
  }

  /** The sum of a list; `currency` is needed only to sum an empty list. */
  static sum(items: readonly Money[], currency?: string): Money {
    try {
      if (!Array.isArray(items) || !items.every((m) => m instanceof Money)) throw invalidAmount(items, 'sum takes a list of Money');
      const first = items[0];
      if (!first) {
        if (currency === undefined) throw invalidAmount(items, 'an empty sum needs a currency');
        return Money.zero(currency);
      }
      return items.slice(1).reduce((acc, m) => acc.add(m), currency === undefined ? first : Money.zero(currency).add(first));
    } catch (error) {
      // A proxy posing as a list or as a Money throws what it likes.
      throw error instanceof CommerceError ? error : invalidAmount(items, 'sum takes a list of Money');
    }
  }

  /**
   * The amount as a decimal string, padded to the currency's minor unit ("6.20", never "6.2").
   * Kept once made: interned Money values are read again and again (every line of every
   * reprice), and printing a decimal is the costly part. A #private field, so equality checks
   * and copies never see it.
   */
  get amount(): string {
    this.#amount ??= this.value.decimalPlaces() < this.exponent ? this.value.toFixed(this.exponent) : this.value.toFixed();
    return this.#amount;
  }

  #amount: string | undefined;

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
    return { amount: this.amount, currency: this.currency };
  }

  toString(): string {
    return `${this.amount} ${this.currency}`;
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
