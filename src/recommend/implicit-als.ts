import type { ScoreBuffer } from './score-buffer.js';
import { seededRandom } from './seeded-random.js';
import { rowCount, type SparseRows } from './sparse-rows.js';
import type { TrainingMatrix } from './training-matrix.js';
import type { IndexedHistory } from './user-history.js';

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008). Every shopper u and product i get f
 * factors, fitted so that x_u . y_i comes near 1 where u interacted with i and near 0
 * elsewhere, an interaction weighing 1 + alpha and a non-interaction 1, with an L2 penalty.
 * Each half-step refits every shopper's (then every product's) factors by a few
 * conjugate-gradient steps started from the last ones (Takacs, Pilaszy and Tikk 2011): a step
 * costs f^2 + 2f per interaction, never the f^3 of a direct solve, and the non-interactions
 * are never visited, since Y^T Y carries them for everyone at once. Memory is (users + items)
 * x f doubles while training and items x f floats after: it fits where an item x item matrix
 * does not. Only product factors are kept; a shopper's are refitted from their history at
 * query time, so new interactions count before the next training.
 */
export interface AlsModel {
  factors: number;
  alpha: number;
  regularization: number;
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

/** Conjugate-gradient steps per shopper when a query refits them from nothing (training warm-starts with 3). */
const FOLD_IN_STEPS = 8;
const TRAINING_STEPS = 3;

export function trainAls(m: TrainingMatrix, s: AlsSettings): AlsModel | undefined {
  const f = s.factors;
  const users = rowCount(m.userItems);
  const items = rowCount(m.itemUsers);
  if (f === 0 || s.iterations === 0 || users === 0) return undefined;
  const random = seededRandom(s.seed);
  const x = new Float64Array(users * f);
  const y = new Float64Array(items * f);
  for (let i = 0; i < items; i++) {
    if (m.itemUsers.offsets[i + 1]! > m.itemUsers.offsets[i]!) for (let k = 0; k < f; k++) y[i * f + k] = random() * 0.01;
  }
  const work = new ConjugateGradient(f);
  for (let it = 0; it < s.iterations; it++) {
    work.refitRows(m.userItems, y, gramOf(y, items, f, s.regularization), x, s.alpha, TRAINING_STEPS);
    work.refitRows(m.itemUsers, x, gramOf(x, users, f, s.regularization), y, s.alpha, TRAINING_STEPS);
  }
  return alsModel(Float32Array.from(y), f, s.alpha, s.regularization);
}

/** The model around stored product factors (training and snapshots build it the same way). */
export function alsModel(stored: Float32Array, factors: number, alpha: number, regularization: number): AlsModel {
  const itemFactors = Float64Array.from(stored);
  return { factors, alpha, regularization, itemFactors, gram: gramOf(itemFactors, itemFactors.length / factors, factors, regularization) };
}

/** V^T V + regularization I for `rows` rows of f factors. */
function gramOf(v: Float64Array, rows: number, f: number, regularization: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < rows; r++) {
    const o = r * f;
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
  return g;
}

/** Scores every product for a shopper: their factors refitted from `user`, dotted with each product's. */
export function scoreAls(model: AlsModel, user: IndexedHistory, work: ConjugateGradient, out: ScoreBuffer): void {
  const { factors: f, itemFactors } = model;
  const items = itemFactors.length / f;
  const known = user.items.filter((i) => i < items);
  if (known.length === 0) return;
  const x = work.foldIn(model, known);
  for (let i = 0; i < items; i++) {
    let s = 0;
    const o = i * f;
    for (let k = 0; k < f; k++) s += itemFactors[o + k]! * x[k]!;
    if (s > 0) out.add(i, s);
  }
}

/**
 * Solves (G + alpha sum over chosen j of y_j y_j^T) x = (1 + alpha) sum over chosen j of y_j
 * by conjugate gradients, for one row of factors at a time; keeps its vectors between rows.
 */
export class ConjugateGradient {
  private readonly r: Float64Array;
  private readonly p: Float64Array;
  private readonly ap: Float64Array;
  private readonly x: Float64Array;

  constructor(private readonly f: number) {
    this.r = new Float64Array(f);
    this.p = new Float64Array(f);
    this.ap = new Float64Array(f);
    this.x = new Float64Array(f);
  }

  /** Refits row u of `target` (u's chosen columns in `rows`) against the factors `other`, for every row. */
  refitRows(rows: SparseRows, other: Float64Array, gram: Float64Array, target: Float64Array, alpha: number, steps: number): void {
    const { f } = this;
    for (let u = 0; u < rowCount(rows); u++) {
      const chosen = rows.indices.subarray(rows.offsets[u], rows.offsets[u + 1]);
      if (chosen.length === 0) target.fill(0, u * f, (u + 1) * f);
      else this.solve(target, u * f, other, chosen, gram, alpha, steps);
    }
  }

  /** A shopper's factors from nothing, for the products they chose. The answer is this object's scratch. */
  foldIn(model: AlsModel, chosen: Int32Array): Float64Array {
    this.x.fill(0);
    this.solve(this.x, 0, model.itemFactors, chosen, model.gram, model.alpha, FOLD_IN_STEPS);
    return this.x;
  }

  private solve(x: Float64Array, xo: number, y: Float64Array, chosen: Int32Array, gram: Float64Array, alpha: number, steps: number): void {
    const { f, r, p, ap } = this;
    // r = b - A x = -G x + sum over chosen of (1 + alpha - alpha y.x) y
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += gram[a * f + b]! * x[xo + b]!;
      r[a] = -s;
    }
    for (let q = 0; q < chosen.length; q++) {
      const yo = chosen[q]! * f;
      let yx = 0;
      for (let k = 0; k < f; k++) yx += y[yo + k]! * x[xo + k]!;
      const c = 1 + alpha - alpha * yx;
      for (let k = 0; k < f; k++) r[k]! += c * y[yo + k]!;
    }
    p.set(r);
    let rs = dot(r, r, f);
    for (let step = 0; step < steps && rs > 1e-20; step++) {
      // ap = A p = G p + alpha sum over chosen of (y.p) y
      for (let a = 0; a < f; a++) {
        let s = 0;
        for (let b = 0; b < f; b++) s += gram[a * f + b]! * p[b]!;
        ap[a] = s;
      }
      for (let q = 0; q < chosen.length; q++) {
        const yo = chosen[q]! * f;
        let yp = 0;
        for (let k = 0; k < f; k++) yp += y[yo + k]! * p[k]!;
        yp *= alpha;
        for (let k = 0; k < f; k++) ap[k]! += yp * y[yo + k]!;
      }
      const move = rs / dot(p, ap, f);
      for (let k = 0; k < f; k++) {
        x[xo + k]! += move * p[k]!;
        r[k]! -= move * ap[k]!;
      }
      const next = dot(r, r, f);
      for (let k = 0; k < f; k++) p[k] = r[k]! + (next / rs) * p[k]!;
      rs = next;
    }
  }
}

function dot(a: Float64Array, b: Float64Array, f: number): number {
  let s = 0;
  for (let k = 0; k < f; k++) s += a[k]! * b[k]!;
  return s;
}
