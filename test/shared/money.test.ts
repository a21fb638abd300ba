import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, CommerceError, Dec, Money, minorUnitExponent, type RoundingMode } from '../../src/index.js';

const RUNS = { numRuns: 1000 };
const currency = fc.constantFrom(...CURRENCY_CODES);
const minor = fc.integer({ min: -1e12, max: 1e12 });
const ratios = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CommerceError ? error.code : 'NOT_A_COMMERCE_ERROR';
  }
  return undefined;
}

describe('Money construction', () => {
  it('reads decimal strings exactly', () => {
    expect(Money.of('19.99', 'USD').amount).toBe('19.99');
    expect(Money.of('0.1', 'USD').add(Money.of('0.2', 'USD')).amount).toBe('0.30');
  });

  it('reads minor units per currency exponent', () => {
    expect(Money.fromMinor(1999, 'USD').amount).toBe('19.99');
    expect(Money.fromMinor(1999, 'JPY').amount).toBe('1999');
    expect(Money.fromMinor(1999, 'KWD').amount).toBe('1.999');
    expect(Money.fromMinor('-5', 'BHD').amount).toBe('-0.005');
  });

  it('knows the minor units of the odd currencies', () => {
    expect(['JPY', 'KRW', 'CLP', 'VND'].map(minorUnitExponent)).toEqual([0, 0, 0, 0]);
    expect(['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD'].map(minorUnitExponent)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(['USD', 'EUR', 'GBP'].map(minorUnitExponent)).toEqual([2, 2, 2]);
    expect(minorUnitExponent('CLF')).toBe(4);
  });

  it('refuses an unknown currency', () => {
    expect(code(() => Money.of('1', 'XYZ'))).toBe('INVALID_CURRENCY');
    expect(code(() => Money.of('1', 'usd'))).toBe('INVALID_CURRENCY');
    expect(code(() => Money.zero(''))).toBe('INVALID_CURRENCY');
  });

  it('refuses a float, since a float cannot hold 19.99', () => {
    expect(code(() => Money.of(19.99, 'USD'))).toBe('INVALID_AMOUNT');
    expect(code(() => Money.of(Number.NaN, 'USD'))).toBe('INVALID_AMOUNT');
    expect(code(() => Money.of(Number.POSITIVE_INFINITY, 'USD'))).toBe('INVALID_AMOUNT');
    expect(code(() => Money.fromMinor(19.5, 'USD'))).toBe('INVALID_AMOUNT');
    expect(Money.of(20, 'USD').amount).toBe('20.00');
  });

  it('refuses strings that are not decimals', () => {
    for (const bad of ['', 'abc', '1,5', '1.2.3', '0x10', 'Infinity', 'NaN', '--1']) {
      expect(code(() => Money.of(bad, 'USD'))).toBe('INVALID_AMOUNT');
    }
    expect(code(() => Money.fromMinor('1.5', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('refuses to combine currencies', () => {
    const usd = Money.of('1', 'USD');
    const eur = Money.of('1', 'EUR');
    expect(code(() => usd.add(eur))).toBe('CURRENCY_MISMATCH');
    expect(code(() => usd.subtract(eur))).toBe('CURRENCY_MISMATCH');
    expect(code(() => usd.compare(eur))).toBe('CURRENCY_MISMATCH');
    expect(code(() => Money.sum([usd], 'EUR'))).toBe('CURRENCY_MISMATCH');
    expect(usd.equals(eur)).toBe(false);
  });

  it('refuses integer minor units of an unrounded amount', () => {
    expect(code(() => Money.of('0.125', 'USD').toMinorUnits())).toBe('AMOUNT_NOT_ROUNDED');
    expect(code(() => Money.of('0.125', 'USD').allocate([1, 1]))).toBe('AMOUNT_NOT_ROUNDED');
    expect(Money.of('0.125', 'USD').round().toMinorUnits()).toBe(12);
  });

  it('refuses bad allocation ratios', () => {
    const m = Money.of('10', 'USD');
    expect(code(() => m.allocate([]))).toBe('INVALID_ALLOCATION');
    expect(code(() => m.allocate([0, 0]))).toBe('INVALID_ALLOCATION');
    expect(code(() => m.allocate([1, -1]))).toBe('INVALID_ALLOCATION');
    expect(code(() => m.split(0))).toBe('INVALID_ALLOCATION');
  });
});

describe('Money arithmetic', () => {
  it('multiplies by quantity and rate exactly, rounding only when asked', () => {
    const price = Money.of('19.99', 'USD');
    expect(price.multiply(3).amount).toBe('59.97');
    expect(price.multiply('0.0825').amount).toBe('1.649175');
    expect(price.multiply('0.0825').round().amount).toBe('1.65');
  });

  it('rounds half-even by default and half-up when declared', () => {
    expect(Money.of('0.125', 'USD').round().amount).toBe('0.12');
    expect(Money.of('0.135', 'USD').round().amount).toBe('0.14');
    expect(Money.of('0.125', 'USD').round('half-up').amount).toBe('0.13');
    expect(Money.of('-0.125', 'USD').round('half-up').amount).toBe('-0.13');
    expect(Money.of('2.5', 'JPY').round().amount).toBe('2');
    expect(Money.of('1.0005', 'KWD').round().amount).toBe('1.000');
    expect(Money.of('1.0015', 'KWD').round().amount).toBe('1.002');
  });

  it('formats with the currency decimals', () => {
    expect(Money.of('1234.5', 'USD').format('en-US')).toBe('$1,234.50');
    expect(Money.of('1234', 'JPY').format('en-US')).toBe('¥1,234');
    expect(Money.of('1.5', 'KWD').format('en-US')).toMatch(/1\.500/);
  });

  it('splits a cent three ways without losing it', () => {
    expect(Money.of('0.10', 'USD').split(3).map((m) => m.amount)).toEqual(['0.04', '0.03', '0.03']);
    expect(Money.of('-0.10', 'USD').split(3).map((m) => m.amount)).toEqual(['-0.04', '-0.03', '-0.03']);
    expect(Money.of('0', 'USD').allocate([1, 2]).map((m) => m.amount)).toEqual(['0.00', '0.00']);
    expect(Money.of('100', 'JPY').allocate([1, 1, 1]).map((m) => m.amount)).toEqual(['34', '33', '33']);
  });
});

describe('Money properties', () => {
  it('allocation sums exactly to the whole, each part near its exact share', () => {
    fc.assert(
      fc.property(currency, minor, ratios, (cur, units, rs) => {
        const whole = Money.fromMinor(units, cur);
        const parts = whole.allocate(rs);
        expect(parts).toHaveLength(rs.length);
        expect(Money.sum(parts, cur).equals(whole)).toBe(true);
        const total = rs.reduce((a, b) => a + b, 0);
        parts.forEach((part, i) => {
          const exact = new Dec(units).times(rs[i] ?? 0).div(total);
          // Largest remainder never moves a part by a whole minor unit or more.
          expect(new Dec(part.toMinorUnits()).minus(exact).abs().lessThan(1)).toBe(true);
          if (rs[i] === 0) expect(part.isZero()).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('add then subtract is the identity', () => {
    fc.assert(
      fc.property(currency, minor, minor, (cur, a, b) => {
        const x = Money.fromMinor(a, cur);
        const y = Money.fromMinor(b, cur);
        expect(x.add(y).subtract(y).equals(x)).toBe(true);
        expect(x.add(y).equals(y.add(x))).toBe(true);
        expect(x.subtract(x).isZero()).toBe(true);
        expect(x.negate().negate().equals(x)).toBe(true);
      }),
      RUNS,
    );
  });

  it('minor units round trip', () => {
    fc.assert(
      fc.property(currency, minor, (cur, units) => {
        expect(Money.fromMinor(units, cur).toMinorUnits()).toBe(units);
        const m = Money.fromMinor(units, cur);
        expect(Money.of(m.amount, cur).equals(m)).toBe(true);
        expect(Money.fromJSON(JSON.parse(JSON.stringify(m)) as { amount: string; currency: string }).equals(m)).toBe(true);
      }),
      RUNS,
    );
  });

  it('rounding matches the declared mode at every exponent', () => {
    // Work in integer "sub-units" one decimal finer than the minor unit, so the expected
    // result can be computed with plain integer arithmetic and compared with decimal.js.
    const expectedRound = (sub: number, mode: RoundingMode): number => {
      const q = Math.trunc(sub / 10);
      const r = sub - q * 10; // same sign as sub
      const away = sub >= 0 ? 1 : -1;
      const absR = Math.abs(r);
      if (absR === 0) return q;
      switch (mode) {
        case 'half-even':
          return absR > 5 || (absR === 5 && Math.abs(q) % 2 === 1) ? q + away : q;
        case 'half-up':
          return absR >= 5 ? q + away : q;
        case 'half-down':
          return absR > 5 ? q + away : q;
        case 'up':
          return q + away;
        case 'down':
          return q;
        case 'floor':
          return sub >= 0 ? q : q - 1;
        case 'ceil':
          return sub >= 0 ? q + 1 : q;
      }
    };
    const mode = fc.constantFrom<RoundingMode>('half-even', 'half-up', 'half-down', 'up', 'down', 'floor', 'ceil');
    fc.assert(
      fc.property(fc.constantFrom('JPY', 'USD', 'KWD', 'CLF'), fc.integer({ min: -1e9, max: 1e9 }), mode, (cur, sub, m) => {
        const exponent = minorUnitExponent(cur) ?? 0;
        const amount = new Dec(sub).div(new Dec(10).pow(exponent + 1));
        const rounded = Money.of(amount.toFixed(), cur).round(m);
        expect(rounded.isRounded()).toBe(true);
        expect(rounded.toMinorUnits()).toBe(expectedRound(sub, m));
      }),
      RUNS,
    );
  });
});

describe('moneySchema (command inputs)', () => {
  it('takes the JSON form and a Money alike, and interns equal amounts', async () => {
    const { moneySchema } = await import('../../src/shared/schemas.js');
    const fromJson = moneySchema.parse({ amount: ' 19.99 ', currency: 'EUR' });
    expect(fromJson.equals(Money.of('19.99', 'EUR'))).toBe(true);
    expect(moneySchema.parse({ amount: '19.99', currency: 'EUR' })).toBe(fromJson);
    for (const money of [Money.of('-3.5', 'JPY'), Money.of('0.0000001', 'USD'), Money.of('90071992547409.91', 'EUR')]) {
      const parsed = moneySchema.parse(money);
      expect(parsed.equals(money) && parsed.amount === money.amount).toBe(true);
    }
  });

  it('refuses floats, unknown currencies and other objects', async () => {
    const { moneySchema } = await import('../../src/shared/schemas.js');
    for (const bad of [{ amount: 19.99, currency: 'EUR' }, { amount: '1.00', currency: 'XXY' }, { amount: '1e3', currency: 'EUR' }, 'EUR 1.00', null, { currency: 'EUR' }]) {
      expect(moneySchema.safeParse(bad).success).toBe(false);
    }
  });

  it('says "pass a decimal string" when handed a JS number for an amount or for the whole value', async () => {
    const { moneySchema } = await import('../../src/shared/schemas.js');
    for (const bad of [{ amount: 19.99, currency: 'EUR' }, 19.99, { amount: 20, currency: 'EUR' }]) {
      const result = moneySchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/pass a decimal string/);
    }
  });

  it('refuses an amount whose minor units do not fit a safe integer, as JSON or as Money', async () => {
    const { moneySchema } = await import('../../src/shared/schemas.js');
    expect(moneySchema.safeParse({ amount: '90071992547409.91', currency: 'USD' }).success).toBe(true);
    expect(moneySchema.safeParse({ amount: '-90071992547409.91', currency: 'USD' }).success).toBe(true);
    for (const bad of [{ amount: '90071992547409.92', currency: 'USD' }, { amount: '9007199254740992', currency: 'JPY' }, Money.of('1e30', 'EUR'), Money.of('-1e20', 'KWD')]) {
      const result = moneySchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['amount']);
    }
  });
});

describe('Money JSON', () => {
  it('pads the amount to the minor unit of its currency and keeps any finer digits', () => {
    expect(Money.of('6.2', 'USD').toJSON()).toEqual({ amount: '6.20', currency: 'USD' });
    expect(JSON.stringify(Money.of('6', 'KWD'))).toBe('{"amount":"6.000","currency":"KWD"}');
    expect(Money.of('6', 'JPY').toJSON().amount).toBe('6');
    expect(Money.of('6.125', 'USD').toJSON().amount).toBe('6.125');
    expect(Money.of('-0.5', 'EUR').toString()).toBe('-0.50 EUR');
  });
});
