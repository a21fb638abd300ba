// Money's static constructors and parsers take whatever a host hands them (a parsed JSON
// body, a database row, a value from a plugin): they answer a Money, or refuse with a
// CommerceError that says why, and nothing else ever escapes them.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, CommerceError, Dec, Money, toDecimal } from '../../src/index.js';

/** A proxy whose every trap throws: reading, `instanceof`, `Array.isArray` on it all blow up. */
const trap = (target: object = {}): object => new Proxy(target, new Proxy({}, { get: () => () => { throw new Error('trap'); } }));
const revocable = Proxy.revocable({}, {});
revocable.revoke();
const boom = (): never => {
  throw new Error('boom');
};

const HOSTILE: readonly unknown[] = [
  undefined, null, true, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.1, 19.99, 2 ** 53, -(2 ** 53), 1e308,
  0n, 10n ** 39n, 10n ** 40n, -(10n ** 45n),
  '', ' ', '.', '+', '1e', '0x10', 'Infinity', 'NaN', '1_000', '١٢٣', '1e9999', '1e-9999', '1e99999', '1e1000000000', '9'.repeat(41), `0.${'0'.repeat(45)}1`, 'USD', 'usd', 'USD ',
  [], [1], ['1'], {}, { amount: '1', currency: 'USD' }, { amount: 1.5, currency: 'USD' }, { amount: '1' }, Object.create(null),
  { toString: boom }, { [Symbol.toPrimitive]: boom }, { valueOf: () => 1 }, { get amount() { return boom(); }, currency: 'USD' }, { amount: '1', get currency() { return boom(); } },
  Symbol('x'), () => 1, new Date(0), new String('USD'), new Number(1), new Map(), new Uint8Array(2),
  new Decimal('NaN'), new Decimal('Infinity'), new Decimal('1e50'), new Decimal('1.5'), new Dec('-2'),
  { toStringTag: '[object Decimal]', d: ['x'], e: 0, s: 1 }, { toStringTag: '[object Decimal]', toString: () => '12' }, { toStringTag: '[object Decimal]', toString: boom },
  trap(), trap([]), revocable.proxy,
  Money.of('1', 'USD'), [Money.of('1', 'USD'), Money.of('2', 'USD')], [Money.of('1', 'USD'), Money.of('1', 'EUR')], [Money.of('1', 'USD'), null], [trap(Money.of('1', 'USD'))],
];

/**
 * An input, handed over as a thunk: fast-check inspects the values it generates (for a
 * clone method, to print them), which a hostile proxy would not survive.
 */
interface Input {
  get: () => unknown;
  [fc.toStringMethod]: () => string;
}
const hostile = (v: unknown, i: number): Input => ({ get: () => v, [fc.toStringMethod]: () => `HOSTILE[${i}]` });
const plain = (v: unknown): Input => ({ get: () => v, [fc.toStringMethod]: () => fc.stringify(v) });

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true }).map(plain),
  fc.nat({ max: HOSTILE.length - 1 }).map((i) => hostile(HOSTILE[i], i)),
  fc.constantFrom(...CURRENCY_CODES).map(plain),
  fc.stringMatching(/^[+-]?\d{0,45}(\.\d{0,45})?([eE][+-]?\d{1,6})?$/).map(plain),
  fc.bigInt().map(plain),
  fc.double().map(plain),
);
const EXAMPLES: [Input, Input][] = HOSTILE.flatMap((v, i) => [
  [hostile(v, i), plain('USD')],
  [plain('1'), hostile(v, i)],
]);

/** Every static constructor and parser, fed two arbitrary arguments. */
const ENTRY_POINTS: Record<string, (a: unknown, b: unknown) => unknown> = {
  of: (a, b) => Money.of(a as never, b as never),
  fromMinor: (a, b) => Money.fromMinor(a as never, b as never),
  fromJSON: (a) => Money.fromJSON(a as never),
  'fromJSON({ amount, currency })': (a, b) => Money.fromJSON({ amount: a, currency: b } as never),
  zero: (a) => Money.zero(a as never),
  sum: (a, b) => Money.sum(a as never, b as never),
  toDecimal: (a) => toDecimal(a as never),
};

function outcome(run: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/** An answer must be usable: a finite Dec, or a Money whose JSON form reads back equal. */
function expectUsable(answer: unknown): void {
  if (answer instanceof Money) {
    expect(Money.fromJSON(answer.toJSON()).equals(answer)).toBe(true);
    expect(answer.amount.length).toBeLessThan(100);
  } else {
    expect(answer instanceof Dec && answer.isFinite()).toBe(true);
  }
}

describe('Money constructors and parsers throw only CommerceError, for any input', () => {
  it('the inputs of the issue: fromJSON(undefined), fromMinor([]), of({})', () => {
    const codes = [() => Money.fromJSON(undefined as never), () => Money.fromMinor([] as never, 'USD'), () => Money.of({} as never, 'USD'), () => Money.of({} as never, undefined as never)].map((run) => {
      const result = outcome(run);
      return 'error' in result && result.error instanceof CommerceError ? result.error.code : result;
    });
    expect(codes).toEqual(['INVALID_AMOUNT', 'INVALID_AMOUNT', 'INVALID_AMOUNT', 'INVALID_CURRENCY']);
  });

  it('refuses amounts that could not be printed or held exactly, without building them', () => {
    for (const amount of ['1e1000000000', '1e-1000000000', '1e40', `1${'0'.repeat(40)}`, '1e-41']) {
      const result = outcome(() => Money.of(amount, 'USD'));
      expect('error' in result && result.error instanceof CommerceError && result.error.code).toBe('INVALID_AMOUNT');
    }
    expect(Money.of(`${'9'.repeat(40)}`, 'USD').amount).toBe(`${'9'.repeat(40)}.00`);
    expect(Money.of('1e-40', 'USD').isPositive()).toBe(true);
  });

  it.each(Object.entries(ENTRY_POINTS))('%s', (name, run) => {
    const allowed = name === 'sum' ? ['INVALID_AMOUNT', 'INVALID_CURRENCY', 'CURRENCY_MISMATCH'] : ['INVALID_AMOUNT', 'INVALID_CURRENCY'];
    fc.assert(
      fc.property(input, input, (a, b) => {
        const result = outcome(() => run(a.get(), b.get()));
        if ('value' in result) {
          expectUsable(result.value);
          return;
        }
        // Checked by hand: a failing expect would try to print the hostile error's cause.
        const code = result.error instanceof CommerceError ? result.error.code : `not a CommerceError: ${Object.prototype.toString.call(result.error)}`;
        expect(allowed).toContain(code);
      }),
      { numRuns: 2000, examples: EXAMPLES },
    );
  });
});
