import type { StoredInteraction } from '../ports/interaction-store.js';

/** One user's interactions folded per product: what every algorithm reads about a shopper. */
export interface UserHistory {
  /** Products with a positive net signal (in first-seen order), with their time-decayed affinity. */
  positive: { productId: string; affinity: number }[];
  /** Products bought more times than returned. */
  purchased: Set<string>;
}

const DAY_MS = 86_400_000;

/**
 * Folds a user's interactions. Affinity of a product is the sum of its interaction weights,
 * each halved every `halfLifeDays` of age at `now` (SAR-style decay: recent taste counts more);
 * a product whose undecayed net weight is not positive (e.g. bought then returned) is dropped.
 */
export function summarizeHistory(interactions: readonly StoredInteraction[], now: number, halfLifeDays: number): UserHistory {
  const net = new Map<string, { weight: number; decayed: number; bought: number }>();
  const rate = Math.LN2 / (halfLifeDays * DAY_MS);
  // Lines of one order share a timestamp: reuse the decay factor instead of one exp per line.
  let lastAt = Number.NaN;
  let factor = 1;
  for (const i of interactions) {
    if (i.at !== lastAt) {
      lastAt = i.at;
      // Future-dated events (clock skew) count as "now" rather than growing without bound.
      factor = Math.exp(-rate * Math.max(0, now - i.at));
    }
    let entry = net.get(i.productId);
    if (!entry) net.set(i.productId, (entry = { weight: 0, decayed: 0, bought: 0 }));
    entry.weight += i.weight;
    entry.decayed += i.weight * factor;
    if (i.type === 'purchase') entry.bought++;
    else if (i.type === 'return') entry.bought--;
  }
  const positive: { productId: string; affinity: number }[] = [];
  const purchased = new Set<string>();
  for (const [productId, e] of net) {
    if (e.bought > 0) purchased.add(productId);
    // Decayed sums of mixed-sign weights can dip below zero; a positive net keeps a floor.
    if (e.weight > 0) positive.push({ productId, affinity: Math.max(e.decayed, 1e-9) });
  }
  return { positive, purchased };
}

/** A history mapped onto a trained model's item indices (unknown products dropped). */
export interface IndexedHistory {
  items: Int32Array;
  affinity: Float64Array;
}

/**
 * Keeps at most `limit` known products, the most affine first: a query's cost grows with the
 * history it reads, and the oldest, weakest signals of a heavy buyer change little.
 */
export function indexHistory(history: UserHistory, itemIndex: ReadonlyMap<string, number>, limit: number): IndexedHistory {
  const items: number[] = [];
  const affinity: number[] = [];
  // Only a heavy history pays for a sort; the sort is stable, so ties keep first-seen order.
  const chosen = history.positive.length <= limit ? history.positive : [...history.positive].sort((a, b) => b.affinity - a.affinity);
  for (const p of chosen) {
    if (items.length >= limit) break;
    const i = itemIndex.get(p.productId);
    if (i === undefined) continue;
    items.push(i);
    affinity.push(p.affinity);
  }
  return { items: Int32Array.from(items), affinity: Float64Array.from(affinity) };
}
