import type { AlgorithmContribution, AlgorithmName, RecommendationResult } from './types.js';

export const REASONS: Record<AlgorithmName, string> = {
  popularity: 'Popular with shoppers',
  trending: 'Trending right now',
  content: 'Similar in name and description to products you liked',
  itemCooccurrence: 'Often bought by shoppers who bought what you bought',
  userKnn: 'Shoppers with tastes like yours bought this',
  ease: 'Fits the pattern of your purchases',
};

/**
 * Mixes per-algorithm candidate lists. Raw scores live on unrelated scales (buyer counts,
 * cosines, regression weights), so each list is first divided by its own best score (max
 * normalisation: the top candidate of every algorithm counts 1), then weighted and summed.
 * Ties on the final score break by product id, so answers are deterministic.
 */
export function combineCandidates(
  lists: ReadonlyMap<AlgorithmName, readonly [string, number][]>,
  weights: Readonly<Record<AlgorithmName, number>>,
  limit: number,
): RecommendationResult[] {
  const merged = new Map<string, { score: number; contributions: AlgorithmContribution[] }>();
  for (const [algorithm, list] of lists) {
    const weight = weights[algorithm];
    const best = list[0]?.[1];
    if (!best || best <= 0 || weight <= 0) continue;
    for (const [productId, raw] of list) {
      const normalizedScore = raw / best;
      let entry = merged.get(productId);
      if (!entry) merged.set(productId, (entry = { score: 0, contributions: [] }));
      entry.score += weight * normalizedScore;
      entry.contributions.push({ algorithm, normalizedScore, weight });
    }
  }
  const ranked = [...merged].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
  return ranked.map(([productId, { score, contributions }]) => {
    contributions.sort((a, b) => b.weight * b.normalizedScore - a.weight * a.normalizedScore);
    const lead = contributions[0]!.algorithm;
    return { productId, score, reason: REASONS[lead], algorithm: lead, contributions };
  });
}
