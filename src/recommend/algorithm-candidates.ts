import { scoreEase } from './ease.js';
import { scoreAls, type AlsScratch } from './implicit-als.js';
import { scoreNeighbours } from './item-cooccurrence.js';
import type { PopularityCounters } from './popularity-counters.js';
import type { ScoreBuffer } from './score-buffer.js';
import type { TrainedModel } from './trained-model.js';
import type { AlgorithmName } from './types.js';
import type { IndexedHistory } from './user-history.js';
import { scoreUserKnn } from './user-knn.js';

/** What one query hands to each algorithm. */
export interface CandidateQuery {
  model: TrainedModel | undefined;
  counters: PopularityCounters;
  /** The shopper's history on the model's items (undefined before any training). */
  history: IndexedHistory | undefined;
  /** The shopper's row in the trained matrix, so user-based CF does not pick them as their own neighbour. */
  self: number | undefined;
  /** Whether a product may be shown (catalogue, category, purchased filter). */
  allow: (productId: string) => boolean;
  /** The same test by the model's item index (cheap: scored lists touch thousands of items). */
  allowItem: (item: number) => boolean;
  itemBuffer: ScoreBuffer | undefined;
  userBuffer: ScoreBuffer | undefined;
  similarUsers: number;
  easeScratch: Float64Array;
  alsWork: AlsScratch | undefined;
}

/** One algorithm's best `k` allowed products with its raw scores, best first; empty when it has nothing to say. */
export function candidatesFor(algorithm: AlgorithmName, q: CandidateQuery, k: number): [string, number][] {
  if (algorithm === 'popularity') return firstAllowed(q.counters.byBuyers(), q.allow, k);
  if (algorithm === 'trending') return firstAllowed(q.counters.byTrending(), q.allow, k);
  const { model, history, itemBuffer: out } = q;
  if (!model || !history || !out || history.items.length === 0) return [];
  switch (algorithm) {
    case 'content':
      // By linearity, the shopper's TF-IDF profile scores an item with the affinity-weighted
      // sum of its cosines to their products; the nearest `neighbours` of each product carry it.
      scoreNeighbours(model.textNeighbours, history, out);
      break;
    case 'itemCooccurrence':
      scoreNeighbours(model.cooccurrence, history, out);
      break;
    case 'userKnn':
      if (q.userBuffer) scoreUserKnn(model, history, q.self, q.similarUsers, q.userBuffer, out);
      break;
    case 'ease':
      if (model.ease) scoreEase(model.ease, model.easePosition, history, q.easeScratch, out);
      break;
    case 'als':
      if (model.als && q.alsWork) scoreAls(model.als, history, q.alsWork, out);
      break;
  }
  return out.takeTop(k, q.allowItem).map(([i, s]) => [model.itemIds[i]!, s]);
}

function firstAllowed(sorted: readonly [string, number][], allow: (id: string) => boolean, k: number): [string, number][] {
  const out: [string, number][] = [];
  for (const entry of sorted) {
    if (out.length >= k) break;
    if (allow(entry[0])) out.push(entry);
  }
  return out;
}
