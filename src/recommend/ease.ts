import type { ScoreBuffer } from './score-buffer.js';
import { allocateSymmetric, invertInPlaceOnThreads } from './spd-inverse.js';
import type { TrainingMatrix } from './training-matrix.js';
import type { IndexedHistory } from './user-history.js';

/**
 * EASE (Steck 2019): item-item weights B = I - P diag(1/diag(P)) with P = (X^T X + lambda I)^-1
 * on binary interactions X, diagonal forced to zero. The dense m x m inverse costs about
 * m^3/2 multiply-adds and 8 m^2 bytes (done in place, on worker threads when there are
 * cores: spd-inverse.ts); the weights keep 4 m^2 bytes as Float32. So EASE covers at most
 * `maxItems` products, those with most buyers (the size limit); the products beyond it get no
 * EASE score, and the other algorithms of the blend cover them.
 */
export interface EaseModel {
  /** Item index (in the training matrix) of each EASE row. */
  items: Int32Array;
  /** Row-major m x m: row a holds what owning item a adds to every other EASE item. */
  weights: Float32Array;
}

/** What training EASE gave: the model, the items with buyers it leaves out, the threads used. */
export interface EaseTraining {
  model: EaseModel | undefined;
  /** Items with at least one buyer beyond the size limit, most buyers first. */
  uncovered: number[];
  threads: number;
}

export async function trainEase(m: TrainingMatrix, lambda: number, maxItems: number, threads: number): Promise<EaseTraining> {
  const n = m.itemIds.length;
  const buyers: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const c = m.itemUsers.offsets[i + 1]! - m.itemUsers.offsets[i]!;
    if (c > 0) buyers.push([i, c]);
  }
  buyers.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const chosen = buyers.slice(0, maxItems).map(([i]) => i);
  const uncovered = buyers.slice(maxItems).map(([i]) => i);
  const size = chosen.length;
  if (size === 0) return { model: undefined, uncovered, threads: 0 };
  const position = new Int32Array(n).fill(-1);
  chosen.forEach((item, p) => (position[item] = p));

  const gram = allocateSymmetric(size, threads);
  const mine: number[] = [];
  for (let u = 0; u < m.userIds.length; u++) {
    mine.length = 0;
    for (let q = m.userItems.offsets[u]!; q < m.userItems.offsets[u + 1]!; q++) {
      const p = position[m.userItems.indices[q]!]!;
      if (p >= 0) mine.push(p);
    }
    // Lower triangle only: the inverse reads no more.
    for (const a of mine) for (const b of mine) if (b <= a) gram[a * size + b]!++;
  }
  for (let a = 0; a < size; a++) gram[a * size + a]! += lambda;
  const used = await invertInPlaceOnThreads(gram, size, threads);
  return { model: { items: Int32Array.from(chosen), weights: easeWeights(gram, size) }, uncovered, threads: used };
}

/** B[a][b] = -P[a][b] / P[b][b] off the diagonal, from P's lower triangle. */
function easeWeights(p: Float64Array, n: number): Float32Array {
  // Mirror the lower triangle tile by tile (a tile's rows and columns stay in cache), so the
  // pass below reads every row contiguously.
  const tile = 64;
  for (let x0 = 0; x0 < n; x0 += tile) {
    for (let y0 = 0; y0 <= x0; y0 += tile) {
      for (let x = x0; x < Math.min(n, x0 + tile); x++) {
        for (let y = y0; y < Math.min(x, y0 + tile); y++) p[y * n + x] = p[x * n + y]!;
      }
    }
  }
  const diagonal = new Float64Array(n);
  for (let b = 0; b < n; b++) diagonal[b] = p[b * n + b]!;
  const weights = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    const row = a * n;
    for (let b = 0; b < n; b++) if (a !== b) weights[row + b] = -p[row + b]! / diagonal[b]!;
  }
  return weights;
}

/** Sum of the EASE rows of the user's products (binary input, as trained). `acc` is scratch of EASE size. */
export function scoreEase(model: EaseModel, position: Int32Array, user: IndexedHistory, acc: Float64Array, out: ScoreBuffer): void {
  const size = model.items.length;
  const w = model.weights;
  const rows: number[] = [];
  for (const item of user.items) {
    const a = item < position.length ? position[item]! : -1;
    if (a >= 0) rows.push(a * size);
  }
  if (rows.length === 0) return;
  acc.fill(0, 0, size);
  // Four rows per pass over the accumulator: a quarter of its loads and stores.
  let r = 0;
  for (; r + 3 < rows.length; r += 4) {
    const [r0, r1, r2, r3] = [rows[r]!, rows[r + 1]!, rows[r + 2]!, rows[r + 3]!];
    for (let b = 0; b < size; b++) acc[b]! += w[r0 + b]! + w[r1 + b]! + (w[r2 + b]! + w[r3 + b]!);
  }
  for (; r < rows.length; r++) {
    const r0 = rows[r]!;
    for (let b = 0; b < size; b++) acc[b]! += w[r0 + b]!;
  }
  for (let b = 0; b < size; b++) if (acc[b]! > 0) out.add(model.items[b]!, acc[b]!);
}

/** Item index -> EASE row, -1 outside the model. */
export function easePositions(model: EaseModel, items: number): Int32Array {
  const position = new Int32Array(items).fill(-1);
  model.items.forEach((item, p) => (position[item] = p));
  return position;
}
