import type { StoredInteraction } from '../ports/interaction-store.js';

const DAY_MS = 86_400_000;

/**
 * Popularity (distinct shoppers with a positive signal) and trending (interaction weights
 * decaying with a half-life, summed per product), kept live: `record` is O(1) so
 * `addInteraction` updates both at once, and `train()` rebuilds them exactly from the log.
 *
 * Trending sums are stored relative to a fixed anchor time (w * 2^((at - anchor)/halfLife)),
 * so recording never rescales every product; reading divides by 2^((now - anchor)/halfLife),
 * which is the same for all products and so leaves rankings alone.
 */
export class PopularityCounters {
  readonly buyers = new Map<string, number>();
  readonly trending = new Map<string, number>();
  private readonly pairs = new Set<string>();
  private anchor: number | undefined;
  private sortedBuyers: [string, number][] | undefined;
  private sortedTrending: [string, number][] | undefined;

  constructor(private readonly halfLifeDays: number) {}

  /** Counts one interaction; `trending: false` counts it for popularity only (outside the trending window). */
  record(i: StoredInteraction, trending = true): void {
    if (i.weight > 0) {
      const key = `${i.userId}\u0000${i.productId}`;
      if (!this.pairs.has(key)) {
        this.pairs.add(key);
        this.buyers.set(i.productId, (this.buyers.get(i.productId) ?? 0) + 1);
        this.sortedBuyers = undefined;
      }
    }
    if (!trending) return;
    this.anchor ??= i.at;
    let exponent = (i.at - this.anchor) / (this.halfLifeDays * DAY_MS);
    if (exponent > 500) {
      // Far from the anchor: move it so the stored sums stay finite.
      this.rebase(i.at);
      exponent = 0;
    }
    this.trending.set(i.productId, (this.trending.get(i.productId) ?? 0) + i.weight * 2 ** exponent);
    this.sortedTrending = undefined;
  }

  /** Products by distinct shoppers, most first. */
  byBuyers(): [string, number][] {
    return (this.sortedBuyers ??= sortDescending(this.buyers));
  }

  /** Products by decayed recent weight, most first (positive only). */
  byTrending(): [string, number][] {
    return (this.sortedTrending ??= sortDescending(this.trending));
  }

  toJSON(): PopularityCountersJSON {
    return { anchor: this.anchor ?? null, buyers: [...this.buyers], trending: [...this.trending] };
  }

  static fromJSON(json: PopularityCountersJSON, halfLifeDays: number): PopularityCounters {
    const c = new PopularityCounters(halfLifeDays);
    if (json.anchor !== null) c.anchor = json.anchor;
    for (const [id, n] of json.buyers) c.buyers.set(id, n);
    for (const [id, s] of json.trending) c.trending.set(id, s);
    return c;
  }

  private rebase(anchor: number): void {
    const factor = 2 ** (((this.anchor ?? anchor) - anchor) / (this.halfLifeDays * DAY_MS));
    for (const [id, s] of this.trending) this.trending.set(id, s * factor);
    this.anchor = anchor;
  }
}

export interface PopularityCountersJSON {
  anchor: number | null;
  buyers: [string, number][];
  trending: [string, number][];
}

function sortDescending(m: Map<string, number>): [string, number][] {
  return [...m].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Trending over an explicit window, as `getTrendingProducts` answers it: exp decay from `now`. */
export function trendingScores(interactions: readonly StoredInteraction[], now: number, halfLifeDays: number): Map<string, number> {
  const rate = Math.LN2 / (halfLifeDays * DAY_MS);
  const scores = new Map<string, number>();
  for (const i of interactions) scores.set(i.productId, (scores.get(i.productId) ?? 0) + i.weight * Math.exp(-rate * Math.max(0, now - i.at)));
  return scores;
}
