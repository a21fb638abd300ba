import { Money } from './money.js';

/**
 * Interned Money values. Parsing a decimal into decimal.js is the dominant cost of a
 * reprice (four amounts per line), while a shop's
 * amounts repeat endlessly: the same unit prices, the same line totals on every read of
 * the same cart. Money is immutable, so one instance can be shared. Each table is
 * bounded: when full it is simply cleared (no LRU bookkeeping on the hot path).
 */
const LIMIT = 50_000;
const byMinor = new Map<string, Map<number | bigint, Money>>();
// Keyed by a number whenever the amount fits one exactly: V8 hashes a small integer far
// faster than a bigint. 1 and 1n are different keys, so the two kinds never collide.
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const byAmount = new Map<string, Map<string, Money>>();

/**
 * Keeps a Money just made. A currency's table is created only once a Money of it exists,
 * so input with bad currencies cannot grow the outer map.
 */
function remember<K>(tables: Map<string, Map<K, Money>>, currency: string, key: K, money: Money): Money {
  let table = tables.get(currency);
  if (!table) {
    table = new Map();
    tables.set(currency, table);
  }
  if (table.size >= LIMIT) table.clear();
  table.set(key, money);
  return money;
}

/** Money for integer minor units of the currency (exponent given to skip a lookup). */
export function moneyFromMinor(minor: bigint, currency: string, exponent: number): Money {
  const key = minor <= SAFE && minor >= -SAFE ? Number(minor) : minor;
  return byMinor.get(currency)?.get(key) ?? remember(byMinor, currency, key, Money.of(minorToDecimalString(minor, exponent), currency));
}

/** Money for a decimal string as stored. */
export function moneyOf(amount: string, currency: string): Money {
  return byAmount.get(currency)?.get(amount) ?? remember(byAmount, currency, amount, Money.of(amount, currency));
}

/** "12345" with exponent 2 -> "123.45", without floats. */
export function minorToDecimalString(minor: bigint, exponent: number): string {
  if (exponent === 0) return minor.toString();
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const cut = digits.length - exponent;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Empties the tables (benchmarks use it to measure a cold reprice). */
export function clearMoneyCache(): void {
  byMinor.clear();
  byAmount.clear();
}
