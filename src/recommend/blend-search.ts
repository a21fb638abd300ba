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
  return mean(caseNdcgs(cases, weights, k));
}

function caseNdcgs(cases: readonly PreparedCase[], weights: Weights, k: number): number[] {
  return cases.map(({ table, hit, idcg }) => {
    let dcg = 0;
    rankTable(table, weights, k).forEach((column, rank) => (dcg += hit[column]! * gainAt(rank)));
    return dcg / idcg;
  });
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Mean of a - b over paired values, and its standard error. */
function pairedDifference(a: readonly number[], b: readonly number[]): { mean: number; standardError: number } {
  const d = a.map((x, i) => x - b[i]!);
  const m = mean(d);
  const variance = d.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, d.length - 1);
  return { mean: m, standardError: Math.sqrt(variance / Math.max(1, d.length)) };
}

/**
 * Algorithms by what they cost a query, most first: the order in which the search tries to do
 * without one (user-based CF reads every co-buyer's history; EASE and ALS touch every product).
 */
const COSTLIEST_FIRST: readonly AlgorithmName[] = ['userKnn', 'ease', 'als', 'content', 'itemCooccurrence', 'trending', 'popularity'];

/**
 * Coordinate ascent over a grid of weights, from the best single algorithm: each pass tries
 * every weight for every algorithm in turn and keeps any change that gains; then algorithms
 * that add less than the split's noise are dropped. The answer is never below the best
 * algorithm alone on these cases.
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
  // One-standard-error rule: an algorithm whose removal costs less than the noise of this
  // split (the standard error of the paired difference) is left out, so queries do not pay for
  // a gain the split cannot show; never below the best algorithm alone.
  let perCase = caseNdcgs(cases, weights, k);
  for (const a of COSTLIEST_FIRST) {
    const trial = { ...weights, [a]: 0 };
    if (weights[a] === 0 || !ALGORITHMS.some((b) => trial[b] > 0)) continue;
    const without = caseNdcgs(cases, trial, k);
    const loss = pairedDifference(perCase, without);
    if (loss.mean <= loss.standardError && mean(without) >= alone[lead]) {
      weights = trial;
      perCase = without;
      ndcg = mean(without);
    }
  }
  return { weights, ndcg, alone };
}
