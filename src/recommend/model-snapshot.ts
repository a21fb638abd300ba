import { z } from 'zod';
import { CommerceError } from '../shared/errors.js';
import { PopularityCounters } from './popularity-counters.js';
import { sparseRowsFromJSON, sparseRowsToJSON, transpose, type SparseRows } from './sparse-rows.js';
import { easePositions } from './ease.js';
import { alsModel } from './implicit-als.js';
import type { TrainedModel } from './trained-model.js';
import { ALGORITHMS, UNTUNED_WEIGHTS, type RecommendProduct } from './types.js';

const rowsSchema = z.object({ offsets: z.array(z.number().int()), indices: z.array(z.number().int()), values: z.array(z.number()) });

/**
 * A trained model as plain JSON (so one process trains and many serve): sparse rows as arrays,
 * EASE weights and ALS factors as base64 of little-endian Float32 (a dense block would be
 * millions of numbers). `format` and `version` let `importModel` refuse snapshots it cannot
 * read; version 1 (before ALS) still reads, without ALS.
 */
export const modelSnapshotSchema = z.object({
  format: z.literal('commerce-kernel/recommend-model'),
  version: z.union([z.literal(1), z.literal(2)]),
  trainedAt: z.number(),
  products: z.array(
    z.object({ productId: z.string(), name: z.string(), description: z.string(), category: z.string().nullable(), brand: z.string().nullable(), tags: z.array(z.string()), priceBand: z.string().optional() }),
  ),
  counters: z.object({ anchor: z.number().nullable(), buyers: z.array(z.tuple([z.string(), z.number()])), trending: z.array(z.tuple([z.string(), z.number()])) }),
  itemIds: z.array(z.string()),
  userIds: z.array(z.string()),
  userItems: rowsSchema,
  cooccurrence: rowsSchema,
  textNeighbours: rowsSchema,
  similar: rowsSchema,
  ease: z.object({ items: z.array(z.number().int()), weights: z.string() }).nullable(),
  als: z
    .object({
      factors: z.number().int().positive(),
      alpha: z.number().nonnegative(),
      regularization: z.number().positive(),
      meanAffinity: z.number().positive(),
      itemFactors: z.string(),
    })
    .nullable()
    .default(null),
  boughtTogether: z.object({ pairs: rowsSchema, orders: z.array(z.number()) }),
  /** The blend train() chose (version 1 had none: the untuned blend). */
  weights: z.record(z.enum(ALGORITHMS), z.number().nonnegative().finite()).default(UNTUNED_WEIGHTS),
});
export type RecommendationModelSnapshot = z.infer<typeof modelSnapshotSchema>;

export function toSnapshot(model: TrainedModel, products: ReadonlyMap<string, RecommendProduct>, counters: PopularityCounters): RecommendationModelSnapshot {
  return {
    format: 'commerce-kernel/recommend-model',
    version: 2,
    trainedAt: model.trainedAt,
    products: [...products.values()].map((p) => ({ ...p, category: p.category ?? null, brand: p.brand ?? null, tags: [...p.tags] })),
    counters: counters.toJSON(),
    itemIds: [...model.itemIds],
    userIds: [...model.userIds],
    userItems: sparseRowsToJSON(model.userItems),
    cooccurrence: sparseRowsToJSON(model.cooccurrence),
    textNeighbours: sparseRowsToJSON(model.textNeighbours),
    similar: sparseRowsToJSON(model.similar),
    ease: model.ease ? { items: Array.from(model.ease.items), weights: float32ToBase64(model.ease.weights) } : null,
    als: model.als
      ? {
          factors: model.als.factors,
          alpha: model.als.alpha,
          regularization: model.als.regularization,
          meanAffinity: model.als.meanAffinity,
          itemFactors: float32ToBase64(Float32Array.from(model.als.itemFactors)),
        }
      : null,
    boughtTogether: { pairs: sparseRowsToJSON(model.boughtTogether.pairs), orders: Array.from(model.boughtTogether.orders) },
    weights: { ...model.weights },
  };
}

export interface RestoredModel {
  model: TrainedModel;
  products: Map<string, RecommendProduct>;
  counters: PopularityCounters;
}

/** Rebuilds a model from a snapshot; anything malformed or inconsistent is `MODEL_INCOMPATIBLE`. */
export function fromSnapshot(input: unknown, trendingHalfLifeDays: number): RestoredModel {
  const parsed = modelSnapshotSchema.safeParse(input);
  if (!parsed.success) throw new CommerceError('MODEL_INCOMPATIBLE', { reason: parsed.error.issues[0]?.message ?? 'not a model snapshot' });
  const s = parsed.data;
  const items = s.itemIds.length;
  const users = s.userIds.length;
  const rows = (json: z.infer<typeof rowsSchema>, count: number, cols: number, name: string): SparseRows => {
    const r = sparseRowsFromJSON(json);
    const ok =
      r.offsets.length === count + 1 &&
      r.offsets[0] === 0 &&
      r.offsets[count] === r.indices.length &&
      r.values.length === r.indices.length &&
      r.offsets.every((o, i) => i === 0 || o >= r.offsets[i - 1]!) &&
      r.indices.every((c) => c >= 0 && c < cols);
    if (!ok) throw new CommerceError('MODEL_INCOMPATIBLE', { reason: `${name} rows are inconsistent` });
    return r;
  };
  const userItems = rows(s.userItems, users, items, 'userItems');
  let ease: TrainedModel['ease'];
  if (s.ease) {
    const weights = float32FromBase64(s.ease.weights);
    const size = s.ease.items.length;
    if (weights?.length !== size * size || s.ease.items.some((i) => i < 0 || i >= items)) {
      throw new CommerceError('MODEL_INCOMPATIBLE', { reason: 'EASE weights do not match their items' });
    }
    ease = { items: Int32Array.from(s.ease.items), weights };
  }
  let als: TrainedModel['als'];
  if (s.als) {
    const factors = float32FromBase64(s.als.itemFactors);
    if (factors?.length !== items * s.als.factors) throw new CommerceError('MODEL_INCOMPATIBLE', { reason: 'ALS factors do not match the items' });
    const { itemFactors: _text, ...shape } = s.als;
    als = alsModel(factors, shape);
  }
  if (s.boughtTogether.orders.length !== items) throw new CommerceError('MODEL_INCOMPATIBLE', { reason: 'order counts do not match the items' });
  const model: TrainedModel = {
    trainedAt: s.trainedAt,
    itemIds: s.itemIds,
    itemIndex: new Map(s.itemIds.map((id, i) => [id, i])),
    userIds: s.userIds,
    userIndex: new Map(s.userIds.map((id, i) => [id, i])),
    userItems,
    itemUsers: transpose(userItems, items),
    textNeighbours: rows(s.textNeighbours, items, items, 'textNeighbours'),
    cooccurrence: rows(s.cooccurrence, items, items, 'cooccurrence'),
    ease,
    easePosition: ease ? easePositions(ease, items) : new Int32Array(0),
    als,
    boughtTogether: { pairs: rows(s.boughtTogether.pairs, items, items, 'boughtTogether'), orders: Float64Array.from(s.boughtTogether.orders) },
    similar: rows(s.similar, items, items, 'similar'),
    weights: s.weights,
  };
  const products = new Map<string, RecommendProduct>(
    s.products.map(({ priceBand, ...p }) => [p.productId, { ...p, category: p.category ?? undefined, brand: p.brand ?? undefined, ...(priceBand === undefined ? {} : { priceBand }) }]),
  );
  return { model, products, counters: PopularityCounters.fromJSON(s.counters, trendingHalfLifeDays) };
}

function float32ToBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** The floats of a base64 block, or undefined when its length is not a whole number of them. */
function float32FromBase64(text: string): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  const values = new Float32Array(bytes.length / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}
