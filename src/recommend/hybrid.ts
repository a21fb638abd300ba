import type { AlgorithmContribution, AlgorithmName, RecommendationResult } from './types.js';

export const REASONS: Record<AlgorithmName, string> = {
  popularity: 'Popular with shoppers',
  trending: 'Trending right now',
  content: 'Similar in name and description to products you liked',
  itemCooccurrence: 'Often bought by shoppers who bought what you bought',
  userKnn: 'Shoppers with tastes like yours bought this',
  ease: 'Fits the pattern of your purchases',
  als: 'Matches the tastes your purchases show',
};

/**
 * Candidate lists as a table. Raw scores live on unrelated scales (buyer counts, cosines,
 * regression weights), so each list is divided by its own best score (max normalisation: the
 * top candidate of every algorithm counts 1). A blend is then a weighted sum down a column,
 * which lets training try hundreds of weightings on the same lists.
 */
export interface CandidateTable {
  productIds: string[];
  algorithms: AlgorithmName[];
  /** normalized[a * productIds.length + c]: algorithm a's score of candidate c over its best (0: not listed). */
  normalized: Float64Array;
}

export function candidateTable(lists: ReadonlyMap<AlgorithmName, readonly [string, number][]>): CandidateTable {
  const column = new Map<string, number>();
  for (const list of lists.values()) for (const [id] of list) if (!column.has(id)) column.set(id, column.size);
  const width = column.size;
  const algorithms = [...lists.keys()];
  const normalized = new Float64Array(algorithms.length * width);
  algorithms.forEach((a, row) => {
    const list = lists.get(a)!;
    const best = list[0]?.[1];
    if (!best || best <= 0) return;
    for (const [id, raw] of list) normalized[row * width + column.get(id)!] = raw / best;
  });
  return { productIds: [...column.keys()], algorithms, normalized };
}

/**
 * Columns of the best `limit` candidates under `weights`, best first: only candidates some
 * positively weighted algorithm lists, ties broken by product id so answers are deterministic.
 */
export function rankTable(table: CandidateTable, weights: Readonly<Record<AlgorithmName, number>>, limit: number): number[] {
  const { productIds, algorithms, normalized } = table;
  const width = productIds.length;
  const top: number[] = [];
  const scores: number[] = [];
  const before = (s: number, c: number, at: number): boolean => s > scores[at]! || (s === scores[at] && productIds[c]! < productIds[top[at]!]!);
  const w = algorithms.map((a) => weights[a]);
  for (let c = 0; c < width; c++) {
    let s = 0;
    for (let a = 0; a < w.length; a++) if (w[a]! > 0) s += w[a]! * normalized[a * width + c]!;
    if (!(s > 0)) continue;
    if (top.length === limit) {
      if (!before(s, c, limit - 1)) continue;
      top.pop();
      scores.pop();
    }
    let at = top.length;
    while (at > 0 && before(s, c, at - 1)) at--;
    top.splice(at, 0, c);
    scores.splice(at, 0, s);
  }
  return top;
}

/** The best `limit` products of a weighted blend of candidate lists, each explained. */
export function combineCandidates(
  lists: ReadonlyMap<AlgorithmName, readonly [string, number][]>,
  weights: Readonly<Record<AlgorithmName, number>>,
  limit: number,
): RecommendationResult[] {
  const table = candidateTable(lists);
  const width = table.productIds.length;
  return rankTable(table, weights, limit).map((c) => {
    const contributions: AlgorithmContribution[] = [];
    let score = 0;
    table.algorithms.forEach((algorithm, a) => {
      const weight = weights[algorithm];
      const normalizedScore = table.normalized[a * width + c]!;
      if (weight <= 0 || normalizedScore === 0) return;
      score += weight * normalizedScore;
      contributions.push({ algorithm, normalizedScore, weight });
    });
    contributions.sort((x, y) => y.weight * y.normalizedScore - x.weight * x.normalizedScore);
    const lead = contributions[0]!.algorithm;
    return { productId: table.productIds[c]!, score, reason: REASONS[lead], algorithm: lead, contributions };
  });
}
