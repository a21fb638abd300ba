import type { TrainedModel } from './trained-model.js';
import type { BoughtTogetherResult, RecommendationResult, RecommendProduct } from './types.js';

type Catalogue = ReadonlyMap<string, RecommendProduct>;

/** Item `i`'s precomputed similar list, catalogue products only: a slice, so it costs microseconds. */
export function similarTo(model: TrainedModel, catalogue: Catalogue, i: number, limit: number): RecommendationResult[] {
  const base = catalogue.get(model.itemIds[i]!)?.name ?? model.itemIds[i]!;
  const out: RecommendationResult[] = [];
  const { similar, cooccurrence } = model;
  for (let p = similar.offsets[i]!; p < similar.offsets[i + 1]! && out.length < limit; p++) {
    const j = similar.indices[p]!;
    const productId = model.itemIds[j]!;
    if (!catalogue.has(productId)) continue;
    const together = rowHas(cooccurrence, i, j);
    out.push({
      productId,
      score: similar.values[p]!,
      reason: together ? `Shoppers who bought ${base} also bought this` : `Similar to ${base}`,
      algorithm: together ? 'itemCooccurrence' : 'content',
      contributions: [],
    });
  }
  return out;
}

/** Item `i`'s co-ordered products, catalogue products only. */
export function boughtWith(model: TrainedModel, catalogue: Catalogue, i: number, limit: number): BoughtTogetherResult[] {
  const { pairs, orders } = model.boughtTogether;
  const base = catalogue.get(model.itemIds[i]!)?.name ?? model.itemIds[i]!;
  const out: BoughtTogetherResult[] = [];
  for (let p = pairs.offsets[i]!; p < pairs.offsets[i + 1]! && out.length < limit; p++) {
    const productId = model.itemIds[pairs.indices[p]!]!;
    if (!catalogue.has(productId)) continue;
    const together = pairs.values[p]!;
    out.push({ productId, orders: together, confidence: together / orders[i]!, reason: `Often bought together with ${base}` });
  }
  return out;
}

/** Trending scores ranked, catalogue (and category) only, ties by product id. */
export function rankTrending(
  scores: ReadonlyMap<string, number>,
  catalogue: Catalogue,
  q: { category?: string | undefined; windowDays: number; limit: number },
): RecommendationResult[] {
  return [...scores]
    .filter(([id, s]) => s > 0 && catalogue.has(id) && (q.category === undefined || catalogue.get(id)!.category === q.category))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, q.limit)
    .map(([productId, score]) => ({ productId, score, reason: `Trending in the last ${q.windowDays} days`, algorithm: 'trending' as const, contributions: [] }));
}

function rowHas(rows: { offsets: Int32Array; indices: Int32Array }, r: number, c: number): boolean {
  for (let p = rows.offsets[r]!; p < rows.offsets[r + 1]!; p++) if (rows.indices[p] === c) return true;
  return false;
}
