import type { StoredInteraction } from '../ports/interaction-store.js';
import { trainBoughtTogether, type BoughtTogetherModel } from './bought-together.js';
import { contentNeighbours, trainContent } from './content-tfidf.js';
import { easePositions, trainEase, type EaseModel } from './ease.js';
import { trainAls, type AlsModel } from './implicit-als.js';
import { trainCooccurrence } from './item-cooccurrence.js';
import { ScoreBuffer, TopK } from './score-buffer.js';
import type { RecommendationSettings } from './settings.js';
import { sparseRowsFrom, type SparseRows } from './sparse-rows.js';
import { buildTrainingMatrix, type TrainingMatrix } from './training-matrix.js';
import type { Stemmer } from './text-terms.js';
import type { AlgorithmName, RecommendProduct } from './types.js';

/** Everything `train()` builds; immutable once built, swapped in whole so queries never see half a model. */
export interface TrainedModel {
  trainedAt: number;
  itemIds: string[];
  itemIndex: Map<string, number>;
  userIds: string[];
  userIndex: Map<string, number>;
  userItems: SparseRows;
  itemUsers: SparseRows;
  /** Row per item: its `neighbours` nearest items by TF-IDF cosine. */
  textNeighbours: SparseRows;
  cooccurrence: SparseRows;
  ease: EaseModel | undefined;
  easePosition: Int32Array;
  als: AlsModel | undefined;
  boughtTogether: BoughtTogetherModel;
  /** Row per item: similar items (co-occurrence and content blended, each max-normalised). */
  similar: SparseRows;
  /** The blend queries use unless the engine's settings fix one. */
  weights: Record<AlgorithmName, number>;
}

/** A trained model and what its training found out along the way. */
export interface ModelTraining {
  model: TrainedModel;
  /** Products with buyers that EASE leaves out (beyond `easeMaxItems`), most buyers first. */
  easeUncovered: string[];
  /** Most threads EASE's inverse or ALS ran on (1: the calling thread only; 0: neither trained). */
  threads: number;
}

/** What one model is trained from. */
export interface ModelInputs {
  products: ReadonlyMap<string, RecommendProduct>;
  interactions: readonly StoredInteraction[];
  /** The instant the model is trained at (affinities decay up to it). */
  now: number;
  settings: RecommendationSettings;
  weights: Record<AlgorithmName, number>;
  /** Stems product text for the content model; none: whole words. */
  stem: Stemmer | undefined;
}

export async function trainModel({ products, interactions, now, settings, weights, stem }: ModelInputs): Promise<ModelTraining> {
  const matrix = buildTrainingMatrix([...products.keys()], interactions, now, settings.affinityHalfLifeDays);
  const content = trainContent(matrix.itemIds, products, stem);
  const cooccurrence = trainCooccurrence(matrix, settings.neighbours);
  const ease = settings.easeMaxItems > 0 ? await trainEase(matrix, settings.easeLambda, settings.easeMaxItems, settings.trainingThreads) : undefined;
  const als = await trainAls(
    matrix,
    { factors: settings.alsFactors, iterations: settings.alsIterations, regularization: settings.alsRegularization, alpha: settings.alsAlpha, seed: settings.seed },
    settings.trainingThreads,
  );
  const buffer = new ScoreBuffer(matrix.itemIds.length);
  const textNeighbours = contentNeighbours(content, settings.neighbours, buffer);
  const similar = blendSimilar(cooccurrence, textNeighbours, settings.neighbours);
  const model: TrainedModel = {
    trainedAt: now,
    ...pickMatrix(matrix),
    textNeighbours,
    cooccurrence,
    ease: ease?.model,
    easePosition: ease?.model ? easePositions(ease.model, matrix.itemIds.length) : new Int32Array(0),
    als: als.model,
    boughtTogether: trainBoughtTogether(interactions, matrix.itemIndex, settings.neighbours),
    similar,
    weights,
  };
  return { model, easeUncovered: (ease?.uncovered ?? []).map((i) => matrix.itemIds[i]!), threads: Math.max(ease?.threads ?? 0, als.threads) };
}

function pickMatrix(m: TrainingMatrix): Pick<TrainedModel, 'itemIds' | 'itemIndex' | 'userIds' | 'userIndex' | 'userItems' | 'itemUsers'> {
  return { itemIds: m.itemIds, itemIndex: m.itemIndex, userIds: m.userIds, userIndex: m.userIndex, userItems: m.userItems, itemUsers: m.itemUsers };
}

/**
 * Similar items: what the same shoppers bought (behaviour) blended equally with what reads
 * alike (content), each list divided by its own best score first, so a product with no sales
 * yet still gets text neighbours and a best-seller gets behavioural ones.
 */
export function blendSimilar(behaviour: SparseRows, text: SparseRows, k: number): SparseRows {
  const rows: [number, number][][] = [];
  const n = behaviour.offsets.length - 1;
  const acc = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    acc.clear();
    for (const rowsOf of [behaviour, text]) {
      const start = rowsOf.offsets[i]!;
      const end = rowsOf.offsets[i + 1]!;
      const best = end > start ? rowsOf.values[start]! : 0;
      for (let p = start; p < end; p++) {
        const j = rowsOf.indices[p]!;
        acc.set(j, (acc.get(j) ?? 0) + (0.5 * rowsOf.values[p]!) / best);
      }
    }
    const top = new TopK(k);
    for (const [j, s] of acc) top.offer(j, s);
    rows.push(top.sorted());
  }
  return sparseRowsFrom(rows);
}
