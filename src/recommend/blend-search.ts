import { rankTable, type CandidateTable } from './hybrid.js';
import { gainAt, idealDcg } from './ranking-metrics.js';
import { ALGORITHMS, type AlgorithmName } from './types.js';

/** One validation shopper: every algorithm's candidates for them, and what they went on to choose. */
export interface ValidationCase {
  table: CandidateTable;
  relevant: ReadonlySet<string>;
}

export type Weights = Record<AlgorithmName, number>;

/** What the search found: the blend, its NDCG, and each algorithm's alone. */
export interface BlendChoice {
  weights: Weights;
  ndcg: number;
  alone: Record<AlgorithmName, number>;
}

/** Weights tried per algorithm; only ratios matter, and the search starts from the best one alone at 1. */
const GRID = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2];
/** A change must gain this much NDCG to be kept, so ties and rounding do not walk the weights around. */
const MIN_GAIN = 1e-4;
const MAX_PASSES = 3;

/** Mean NDCG@k of the blend over the cases. */
export function blendNdcg(cases: readonly ValidationCase[], weights: Weights, k: number): number {
  return meanNdcg(cases.map(prepared(k)), weights, k);
}

/** A case with what every trial of the search reads ready: which columns are relevant, its ideal DCG. */
interface PreparedCase {
  table: CandidateTable;
  hit: Uint8Array;
  idcg: number;
}

function prepared(k: number): (c: ValidationCase) => PreparedCase {
  return ({ table, relevant }) => ({ table, hit: Uint8Array.from(table.productIds, (id) => (relevant.has(id) ? 1 : 0)), idcg: idealDcg(relevant.size, k) });
}

function meanNdcg(cases: readonly PreparedCase[], weights: Weights, k: number): number {
  if (cases.length === 0) return 0;
  let sum = 0;
  for (const { table, hit, idcg } of cases) {
    let dcg = 0;
    rankTable(table, weights, k).forEach((column, rank) => (dcg += hit[column]! * gainAt(rank)));
    sum += dcg / idcg;
  }
  return sum / cases.length;
}

/**
 * Coordinate ascent over a grid of weights, from the best single algorithm: each pass tries
 * every weight for every algorithm in turn and keeps any change that gains. The answer is
 * never below the best algorithm alone on these cases, since that is where it starts.
 */
export function searchBlend(validation: readonly ValidationCase[], k: number): BlendChoice {
  const cases = validation.map(prepared(k));
  const oneHot = (a: AlgorithmName): Weights => Object.fromEntries(ALGORITHMS.map((b) => [b, b === a ? 1 : 0])) as Weights;
  const alone = Object.fromEntries(ALGORITHMS.map((a) => [a, meanNdcg(cases, oneHot(a), k)])) as Record<AlgorithmName, number>;
  const lead = ALGORITHMS.reduce((best, a) => (alone[a] > alone[best] ? a : best));
  let weights = oneHot(lead);
  let ndcg = alone[lead];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let gained = false;
    for (const a of ALGORITHMS) {
      for (const w of GRID) {
        if (w === weights[a]) continue;
        const trial = { ...weights, [a]: w };
        if (!ALGORITHMS.some((b) => trial[b] > 0)) continue;
        const score = meanNdcg(cases, trial, k);
        if (score > ndcg + MIN_GAIN) {
          weights = trial;
          ndcg = score;
          gained = true;
        }
      }
    }
    if (!gained) break;
  }
  return { weights, ndcg, alone };
}
