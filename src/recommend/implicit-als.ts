import type { ScoreBuffer } from './score-buffer.js';
import { seededRandom } from './seeded-random.js';
import { awaitDone, phaseControlSize, threadPhases } from './thread-phases.js';
import type { TrainingMatrix } from './training-matrix.js';
import type { IndexedHistory } from './user-history.js';
import { runOnWorkers, type ThreadProgram } from './worker-threads.js';

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008). Every shopper u and product i get f
 * factors, fitted so that x_u . y_i comes near 1 where u interacted with i and near 0
 * elsewhere, with an L2 penalty. A non-interaction weighs 1 and an interaction
 * 1 + alpha r, r its affinity (time-decayed interaction weight) over the mean affinity, so
 * recent and repeated choices count more and alpha means the same whatever the weights' scale.
 * Each half-step refits every shopper's (then every product's) factors by a few
 * conjugate-gradient steps started from the last ones (Takacs, Pilaszy and Tikk 2011): a step
 * costs f^2 plus 2f per interaction, never the f^3 of a direct solve, and the non-interactions
 * are never visited, since Y^T Y carries them for everyone at once. Rows are independent
 * within a half-step, so threads share them. Memory is (users + items) x f doubles while
 * training and items x f after: it fits where an item x item matrix does not. Only product
 * factors are kept; a shopper's are refitted from their history at query time, so new
 * interactions count before the next training.
 */
export interface AlsModel {
  factors: number;
  alpha: number;
  regularization: number;
  /** The mean affinity of the training interactions: a query's affinities are read over it. */
  meanAffinity: number;
  /**
   * Row per item of the training matrix, `factors` values each (an item nobody chose: zeros).
   * Float32 values held as doubles: snapshots store Float32, and every reader sees the same numbers.
   */
  itemFactors: Float64Array;
  /** Y^T Y + regularization I (factors x factors): what every shopper's system starts from. */
  gram: Float64Array;
}

export interface AlsSettings {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
  seed: number;
}

/** Conjugate-gradient steps per row and half-step in training (warm-started), and for a query's shopper (from zero). */
const TRAINING_STEPS = 3;
const FOLD_IN_STEPS = 8;
/** Shoppers below which threads cost more to start than they save. */
const MIN_USERS_FOR_THREADS = 1000;

const ALS: ThreadProgram = {
  functions: [gramOf, dotAt, cgSolve, refitRows, runAls, awaitDone, threadPhases],
  call:
    `${runAls.name}({ offsets: d.userOffsets, indices: d.userIndices, confidence: d.userConfidence }, ` +
    `{ offsets: d.itemOffsets, indices: d.itemIndices, confidence: d.itemConfidence }, new Float64Array(d.x), new Float64Array(d.y), ` +
    `d.factors, d.iterations, d.regularization, d.steps, ${threadPhases.name}(control, d.threads))`,
};

/** The model, and how many threads trained it. */
export interface AlsTraining {
  model: AlsModel | undefined;
  threads: number;
}

/** Trains on `threads` worker threads when there are enough shoppers (the same factors, bit for bit, as on one). */
export async function trainAls(m: TrainingMatrix, s: AlsSettings, threads: number): Promise<AlsTraining> {
  const f = s.factors;
  const users = m.userItems.offsets.length - 1;
  const items = m.itemUsers.offsets.length - 1;
  if (f === 0 || s.iterations === 0 || users === 0) return { model: undefined, threads: 0 };
  const shared = threads > 1 && users >= MIN_USERS_FOR_THREADS && typeof SharedArrayBuffer === 'function';
  const doubles = (count: number): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(count * 8)) : new Float64Array(count));
  const x = doubles(users * f);
  const y = doubles(items * f);
  const random = seededRandom(s.seed);
  for (let i = 0; i < items; i++) {
    if (m.itemUsers.offsets[i + 1]! > m.itemUsers.offsets[i]!) for (let k = 0; k < f; k++) y[i * f + k] = random() * 0.01;
  }
  const values = m.userItems.values;
  const meanAffinity = values.reduce((sum, v) => sum + v, 0) / values.length;
  // alpha r per interaction, in the order of each side's rows.
  const userRows: AlsRows = { offsets: m.userItems.offsets, indices: m.userItems.indices, confidence: values.map((v) => (s.alpha * v) / meanAffinity) };
  const itemRows: AlsRows = { offsets: m.itemUsers.offsets, indices: m.itemUsers.indices, confidence: m.itemUsers.values.map((v) => (s.alpha * v) / meanAffinity) };
  const phases = phaseControlSize(2 * s.iterations);
  // Each worker gets its own copy of the (read-only) interaction rows; the factors are shared.
  const data = {
    control: new SharedArrayBuffer(phases * Int32Array.BYTES_PER_ELEMENT),
    userOffsets: userRows.offsets,
    userIndices: userRows.indices,
    userConfidence: userRows.confidence,
    itemOffsets: itemRows.offsets,
    itemIndices: itemRows.indices,
    itemConfidence: itemRows.confidence,
    x: x.buffer,
    y: y.buffer,
    factors: f,
    iterations: s.iterations,
    regularization: s.regularization,
    steps: TRAINING_STEPS,
    threads,
  };
  const onWorkers = shared && (await runOnWorkers(ALS, data, threads));
  if (!onWorkers) runAls(userRows, itemRows, x, y, f, s.iterations, s.regularization, TRAINING_STEPS, threadPhases(new Int32Array(phases), 1));
  return { model: alsModel(Float32Array.from(y), { factors: f, alpha: s.alpha, regularization: s.regularization, meanAffinity }), threads: onWorkers ? threads : 1 };
}

/** One side's interactions: rows of chosen columns, each with its alpha r. */
export interface AlsRows {
  offsets: Int32Array;
  indices: Int32Array;
  confidence: Float64Array;
}

/** The model around stored product factors (training and snapshots build it the same way). */
export function alsModel(stored: Float32Array, s: Pick<AlsModel, 'factors' | 'alpha' | 'regularization' | 'meanAffinity'>): AlsModel {
  const itemFactors = Float64Array.from(stored);
  const gram = new Float64Array(s.factors * s.factors);
  gramOf(itemFactors, itemFactors.length / s.factors, s.factors, s.regularization, gram);
  return { ...s, itemFactors, gram };
}

/** A query's scratch: the shopper's factors and the solver's vectors. */
export class AlsScratch {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;

  constructor(f: number) {
    this.x = new Float64Array(f);
    this.r = new Float64Array(f);
    this.p = new Float64Array(f);
    this.ap = new Float64Array(f);
  }
}

/** A shopper's factors from nothing, for the products they chose with their affinities (answered in `scratch.x`). */
export function foldIn(model: AlsModel, chosen: Int32Array, affinity: Float64Array, scratch: AlsScratch): Float64Array {
  const { x, r, p, ap } = scratch;
  x.fill(0);
  const confidence = affinity.map((a) => (model.alpha * a) / model.meanAffinity);
  cgSolve(x, 0, model.itemFactors, chosen, confidence, 0, chosen.length, model.gram, model.factors, FOLD_IN_STEPS, r, p, ap);
  return x;
}

/** Scores every product for a shopper: their factors refitted from `user`, dotted with each product's. */
export function scoreAls(model: AlsModel, user: IndexedHistory, scratch: AlsScratch, out: ScoreBuffer): void {
  const { factors: f, itemFactors } = model;
  const items = itemFactors.length / f;
  const known = user.items.filter((i) => i < items);
  if (known.length === 0) return;
  const x = foldIn(model, known, user.affinity.filter((_, t) => user.items[t]! < items), scratch);
  // Four products at a time share each load of x: four independent sums in flight.
  let i = 0;
  for (; i + 3 < items; i += 4) {
    const o = i * f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < f; k++) {
      const xk = x[k]!;
      s0 += itemFactors[o + k]! * xk;
      s1 += itemFactors[o + f + k]! * xk;
      s2 += itemFactors[o + 2 * f + k]! * xk;
      s3 += itemFactors[o + 3 * f + k]! * xk;
    }
    if (s0 > 0) out.add(i, s0);
    if (s1 > 0) out.add(i + 1, s1);
    if (s2 > 0) out.add(i + 2, s2);
    if (s3 > 0) out.add(i + 3, s3);
  }
  for (; i < items; i++) {
    const s = dotAt(itemFactors, i * f, x, 0, f);
    if (s > 0) out.add(i, s);
  }
}

// The kernels: they refer only to each other and built-ins (worker-threads.ts).

/** Alternates refitting all shoppers, then all products, `iterations` times; two phases each. */
export function runAls(
  byUser: AlsRows, byItem: AlsRows, x: Float64Array, y: Float64Array, f: number, iterations: number, regularization: number, steps: number,
  each: (tasks: number, work: (task: number) => void) => void,
): void {
  const users = byUser.offsets.length - 1;
  const items = byItem.offsets.length - 1;
  const rows = 64;
  const gram = new Float64Array(f * f);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  for (let it = 0; it < iterations; it++) {
    // Every thread computes the small Gram matrix itself: the same numbers, no waiting.
    gramOf(y, items, f, regularization, gram);
    each(Math.ceil(users / rows), (t) => refitRows(byUser, y, gram, x, f, steps, t * rows, Math.min(users, (t + 1) * rows), r, p, ap));
    gramOf(x, users, f, regularization, gram);
    each(Math.ceil(items / rows), (t) => refitRows(byItem, x, gram, y, f, steps, t * rows, Math.min(items, (t + 1) * rows), r, p, ap));
  }
}

/** Rows [from, to) of `target`, each against the rows of `other` it chose. */
export function refitRows(
  rows: AlsRows, other: Float64Array, gram: Float64Array, target: Float64Array,
  f: number, steps: number, from: number, to: number, r: Float64Array, p: Float64Array, ap: Float64Array,
): void {
  const { offsets, indices, confidence } = rows;
  for (let u = from; u < to; u++) {
    if (offsets[u + 1] === offsets[u]) target.fill(0, u * f, (u + 1) * f);
    else cgSolve(target, u * f, other, indices, confidence, offsets[u]!, offsets[u + 1]!, gram, f, steps, r, p, ap);
  }
}

/** V^T V + regularization I for `rows` rows of f factors, into g (f x f). */
export function gramOf(v: Float64Array, rows: number, f: number, regularization: number, g: Float64Array): void {
  g.fill(0);
  for (let row = 0; row < rows; row++) {
    const o = row * f;
    for (let a = 0; a < f; a++) {
      const va = v[o + a]!;
      if (va === 0) continue;
      for (let b = 0; b <= a; b++) g[a * f + b]! += va * v[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    g[a * f + a]! += regularization;
    for (let b = 0; b < a; b++) g[b * f + a] = g[a * f + b]!;
  }
}

/**
 * `steps` conjugate-gradient steps on (G + sum of c_j y_j y_j^T) x = sum of (1 + c_j) y_j for
 * j = chosen[q], c_j = confidence[q] (alpha r), q in [start, end), from the x at x[xo..xo + f).
 */
export function cgSolve(
  x: Float64Array, xo: number, y: Float64Array, chosen: Int32Array, confidence: Float64Array, start: number, end: number,
  gram: Float64Array, f: number, steps: number, r: Float64Array, p: Float64Array, ap: Float64Array,
): void {
  // r = b - A x = -G x + sum over chosen of (1 + c - c y.x) y
  for (let a = 0; a < f; a++) r[a] = -dotAt(gram, a * f, x, xo, f);
  for (let q = start; q < end; q++) {
    const yo = chosen[q]! * f;
    const cq = confidence[q]!;
    const c = 1 + cq - cq * dotAt(y, yo, x, xo, f);
    for (let k = 0; k < f; k++) r[k]! += c * y[yo + k]!;
  }
  p.set(r);
  let rs = dotAt(r, 0, r, 0, f);
  for (let step = 0; step < steps && rs > 1e-20; step++) {
    // ap = A p = G p + sum over chosen of c (y.p) y
    for (let a = 0; a < f; a++) ap[a] = dotAt(gram, a * f, p, 0, f);
    for (let q = start; q < end; q++) {
      const yo = chosen[q]! * f;
      const yp = confidence[q]! * dotAt(y, yo, p, 0, f);
      for (let k = 0; k < f; k++) ap[k]! += yp * y[yo + k]!;
    }
    const move = rs / dotAt(p, 0, ap, 0, f);
    let next = 0;
    for (let k = 0; k < f; k++) {
      x[xo + k]! += move * p[k]!;
      r[k]! -= move * ap[k]!;
      next += r[k]! * r[k]!;
    }
    for (let k = 0; k < f; k++) p[k] = r[k]! + (next / rs) * p[k]!;
    rs = next;
  }
}

/** sum over k < f of a[ao + k] * b[bo + k], in four running sums so the adds do not wait on each other. */
export function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < f; k += 4) {
    s0 += a[ao + k]! * b[bo + k]!;
    s1 += a[ao + k + 1]! * b[bo + k + 1]!;
    s2 += a[ao + k + 2]! * b[bo + k + 2]!;
    s3 += a[ao + k + 3]! * b[bo + k + 3]!;
  }
  for (; k < f; k++) s0 += a[ao + k]! * b[bo + k]!;
  return s0 + s1 + (s2 + s3);
}
