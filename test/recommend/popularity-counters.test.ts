import { describe, expect, it } from 'vitest';
import { PopularityCounters } from '../../src/recommend/popularity-counters.js';

const DAY = 86_400_000;

describe('PopularityCounters', () => {
  it('stays finite and ranks by recency across thousands of half-lives (anchor moves)', () => {
    const c = new PopularityCounters(7);
    const t0 = Date.parse('2000-01-01T00:00:00Z');
    c.record({ userId: 'a', productId: 'old', type: 'purchase', weight: 5, at: t0 });
    c.record({ userId: 'b', productId: 'mid', type: 'purchase', weight: 5, at: t0 + 3650 * DAY }); // 521 half-lives later
    c.record({ userId: 'c', productId: 'new', type: 'view', weight: 1, at: t0 + 7300 * DAY });
    c.record({ userId: 'd', productId: 'new', type: 'view', weight: 1, at: t0 + 7300 * DAY - 7 * DAY });
    const trending = c.byTrending();
    for (const [, s] of trending) expect(Number.isFinite(s)).toBe(true);
    // Anchored at the latest rebase: "new" = 1 + 1/2; "mid" = 5 / 2^521.4; "old" = 5 / 2^1042.9,
    // a subnormal double: tiny but still ordered, never Infinity or NaN.
    expect(trending.map(([id]) => id)).toEqual(['new', 'mid', 'old']);
    expect(trending[0]![1]).toBeCloseTo(1.5, 12);
    expect(trending[1]![1]).toBeLessThan(1e-150);
    expect(trending[2]![1]).toBeLessThan(1e-300);
    const json = c.toJSON();
    const restored = PopularityCounters.fromJSON(json, 7);
    expect(restored.byTrending()).toEqual(trending);
  });

  it('counts a shopper once per product for popularity, and ignores negative signals there', () => {
    const c = new PopularityCounters(7);
    c.record({ userId: 'a', productId: 'p', type: 'purchase', weight: 5, at: 1 });
    c.record({ userId: 'a', productId: 'p', type: 'purchase', weight: 5, at: 2 });
    c.record({ userId: 'b', productId: 'p', type: 'return', weight: -5, at: 3 });
    c.record({ userId: 'b', productId: 'q', type: 'view', weight: 1, at: 3 }, false);
    expect(c.byBuyers()).toEqual([
      ['p', 1],
      ['q', 1],
    ]);
    expect(c.byTrending().map(([id]) => id)).toEqual(['p']);
  });
});
