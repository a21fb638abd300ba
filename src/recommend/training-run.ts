import type { StoredInteraction } from '../ports/interaction-store.js';
import { searchBlend, type ValidationCase, type Weights } from './blend-search.js';
import { candidateTable } from './hybrid.js';
import { PopularityCounters } from './popularity-counters.js';
import { Ranker } from './ranker.js';
import type { RecommendationSettings } from './settings.js';
import { trainModel, type TrainedModel } from './trained-model.js';
import { ALGORITHMS, UNTUNED_WEIGHTS, type AlgorithmName, type RecommendProduct } from './types.js';
import { loadPorterStemmer } from './text-terms.js';
import { summarizeHistory } from './user-history.js';
import { validationSplit, type ValidationSplit } from './validation-split.js';

const DAY_MS = 86_400_000;
/** The blend is chosen for the first page of results (the evaluation's k). */
const K = 10;
/** Fewer validation shoppers than this leave the choice to noise: the untuned blend is used. */
const MIN_VALIDATION_SHOPPERS = 50;

/** What `train()` did and found. Durations are milliseconds read from the engine's Clock. */
export interface TrainingReport {
  products: number;
  users: number;
  interactions: number;
  /** Products covered by EASE (its size limit is `easeMaxItems`). */
  easeItems: number;
  /** Products with interactions that EASE does not cover (beyond `easeMaxItems`), most buyers first. */
  easeUncovered: string[];
  /** Most worker threads EASE's inverse or ALS ran on (1: the calling thread only; 0: neither trained). */
  threads: number;
  /** `porter` when product text was stemmed (the optional `natural` is installed and `stemming` is on). */
  stemming: 'porter' | 'none';
  /** The blend queries use. */
  weights: Weights;
  /**
   * How it was chosen: `validated` on a split of the log, `fixed` by the `weights` setting,
   * `untuned` (every algorithm at 1) when the log holds too few shoppers to validate on.
   */
  tuning: 'validated' | 'fixed' | 'untuned';
  /** The validation split and NDCG@10 on it, when there was one. */
  validation?: {
    /** Interactions before it trained the validation model; its shoppers' later ones were the answers. */
    cutoff: number;
    fitInteractions: number;
    heldOutInteractions: number;
    shoppers: number;
    ndcg: Record<AlgorithmName | 'blend', number>;
  };
  /** Milliseconds per phase: the validation model, scoring its shoppers, the weight search, the final model. */
  phases: { validationFit: number; validationScoring: number; search: number; fit: number };
}

export interface TrainingResult {
  model: TrainedModel;
  counters: PopularityCounters;
  report: TrainingReport;
}

/**
 * `train()`'s work: unless the weights are fixed, fit every algorithm on the validation
 * split, score its shoppers as queries would, search the blend; then fit everything on the
 * whole log at `now`.
 */
export async function runTraining(
  log: readonly StoredInteraction[],
  products: ReadonlyMap<string, RecommendProduct>,
  settings: RecommendationSettings,
  now: number,
  clock: () => number,
): Promise<TrainingResult> {
  const phases = { validationFit: 0, validationScoring: 0, search: 0, fit: 0 };
  const lap = (phase: keyof typeof phases, since: number): number => {
    const at = clock();
    phases[phase] = at - since;
    return at;
  };
  let weights: Weights = settings.weights ?? UNTUNED_WEIGHTS;
  let tuning: TrainingReport['tuning'] = settings.weights ? 'fixed' : 'untuned';
  let validation: TrainingReport['validation'];
  const stem = settings.stemming ? await loadPorterStemmer() : undefined;
  let at = clock();
  const split = settings.weights
    ? undefined
    : validationSplit(log, (id) => products.has(id), {
        share: settings.validationShare,
        maxShoppers: settings.validationShoppers,
        minShoppers: MIN_VALIDATION_SHOPPERS,
        seed: settings.seed,
        affinityHalfLifeDays: settings.affinityHalfLifeDays,
      });
  if (split) {
    const { model } = await trainModel({ products, interactions: split.fit, now: split.cutoff, settings, weights: UNTUNED_WEIGHTS, stem });
    at = lap('validationFit', at);
    const cases = scoreShoppers(split, model, products, settings);
    at = lap('validationScoring', at);
    const choice = searchBlend(cases, K);
    at = lap('search', at);
    weights = choice.weights;
    tuning = 'validated';
    validation = {
      cutoff: split.cutoff,
      fitInteractions: split.fit.length,
      heldOutInteractions: split.heldOut,
      shoppers: split.shoppers.length,
      ndcg: { ...choice.alone, blend: choice.ndcg },
    };
  }
  const trained = await trainModel({ products, interactions: log, now, settings, weights, stem });
  lap('fit', at);
  const { model } = trained;
  const report: TrainingReport = {
    products: model.itemIds.length,
    users: model.userIds.length,
    interactions: log.length,
    easeItems: model.ease?.items.length ?? 0,
    easeUncovered: trained.easeUncovered,
    threads: trained.threads,
    stemming: stem ? 'porter' : 'none',
    weights,
    tuning,
    ...(validation ? { validation } : {}),
    phases,
  };
  return { model, counters: countersAt(log, now, settings), report };
}

/** Popularity over all time and trending over the window before `now`, from a log. */
export function countersAt(log: readonly StoredInteraction[], now: number, settings: RecommendationSettings): PopularityCounters {
  const counters = new PopularityCounters(settings.trendingHalfLifeDays);
  const recentFrom = now - settings.trendingWindowDays * DAY_MS;
  for (const i of log) counters.record(i, i.at >= recentFrom);
  return counters;
}

/** Every algorithm's candidates for each validation shopper, from the validation model, as a query at the cutoff gets them. */
function scoreShoppers(split: ValidationSplit, model: TrainedModel, products: ReadonlyMap<string, RecommendProduct>, settings: RecommendationSettings): ValidationCase[] {
  const ranker = new Ranker({ model, counters: countersAt(split.fit, split.cutoff, settings), products, settings, offered: split.offered });
  return split.shoppers.map(({ userId, history, relevant }) => {
    const { lists } = ranker.candidates(userId, summarizeHistory(history, split.cutoff, settings.affinityHalfLifeDays), ALGORITHMS, candidateDepth(K), {
      excludePurchased: true,
    });
    return { table: candidateTable(lists), relevant };
  });
}

/** How deep each algorithm's list is read for a page of `limit` results. */
export function candidateDepth(limit: number): number {
  return Math.max(50, limit * 4);
}
