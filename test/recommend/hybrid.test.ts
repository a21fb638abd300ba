import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateTable, combineCandidates, rankTable } from '../../src/recommend/hybrid.js';
import { ALGORITHMS, type AlgorithmName } from '../../src/recommend/index.js';

const PRODUCTS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** Sorted lists as candidatesFor gives them: distinct products, positive scores, best first. */
const list = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PRODUCTS), fc.constantFrom(0.5, 1, 2, 3, 7)), { selector: ([id]) => id, maxLength: 8 })
  .map((l) => l.sort((x, y) => y[1] - x[1]) as [string, number][]);
const lists = fc.dictionary(fc.constantFrom(...ALGORITHMS), list).map((d) => new Map(Object.entries(d) as [AlgorithmName, [string, number][]][]));
const weights = fc.record(Object.fromEntries(ALGORITHMS.map((a) => [a, fc.constantFrom(0, 0.1, 0.5, 1)])) as Record<AlgorithmName, fc.Arbitrary<number>>);

describe('blending candidate lists', () => {
  it('ranks as a sort of the weighted max-normalised sums would: positive only, ties by product id, limit kept', () => {
    fc.assert(
      fc.property(lists, weights, fc.integer({ min: 1, max: 10 }), (l, w, limit) => {
        const sums = new Map<string, number>();
        for (const [a, entries] of l) {
          const best = entries[0]?.[1] ?? 0;
          for (const [id, raw] of entries) if (w[a] > 0) sums.set(id, (sums.get(id) ?? 0) + w[a] * (raw / best));
        }
        const expected = [...sums]
          .filter(([, s]) => s > 0)
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .slice(0, limit)
          .map(([id]) => id);
        const table = candidateTable(l);
        expect(rankTable(table, w, limit).map((c) => table.productIds[c])).toEqual(expected);
        expect(combineCandidates(l, w, limit).map((r) => r.productId)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
