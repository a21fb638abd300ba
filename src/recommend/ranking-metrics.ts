/**
 * Top-k ranking metrics: precision, recall, NDCG (ideal DCG over min(|relevant|, k) hits, the
 * Online Retail protocol's definition), hit and average precision. Training scores its
 * validation split with NDCG; the evaluation script reports them all.
 */

export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  hit: number;
  ap: number;
}

/** Metrics of one ranked list against the relevant set; NDCG's ideal uses min(|relevant|, k) hits. */
export function rankingMetrics(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): RankingMetrics {
  let hits = 0;
  let dcg = 0;
  let ap = 0;
  ranked.slice(0, k).forEach((id, rank) => {
    if (!relevant.has(id)) return;
    hits++;
    dcg += gainAt(rank);
    ap += hits / (rank + 1);
  });
  const ideal = Math.min(relevant.size, k);
  return { precision: hits / k, recall: hits / relevant.size, ndcg: dcg / idealDcg(relevant.size, k), hit: hits > 0 ? 1 : 0, ap: ap / ideal };
}

/** What a relevant product at 0-based `rank` adds to DCG. */
export function gainAt(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/** DCG of a perfect top k for `relevant` relevant products: min(relevant, k) hits first. */
export function idealDcg(relevant: number, k: number): number {
  let idcg = 0;
  for (let i = 0; i < Math.min(relevant, k); i++) idcg += gainAt(i);
  return idcg;
}
