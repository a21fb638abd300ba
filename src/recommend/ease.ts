import type { ScoreBuffer } from './score-buffer.js';
import { invertSymmetricPositiveDefinite } from './spd-inverse.js';
import type { TrainingMatrix } from './training-matrix.js';
import type { IndexedHistory } from './user-history.js';

/**
 * EASE (Steck 2019): item-item weights B = I - P diag(1/diag(P)) with P = (X^T X + lambda I)^-1
 * on binary purchases X, diagonal forced to zero. A dense m x m inverse costs about m^3/2
 * multiply-adds and 8 m^2 bytes twice: measured here at about 7 s for m = 2000 and 13 s for
 * m = 2500 on one core, 37 s projected for 3542. So EASE covers only the `maxItems` products
 * with most buyers (the size limit); products outside it get no EASE score and the hybrid
 * covers them with item co-occurrence (the fallback). Weights are kept as Float32 (m^2 x 4 bytes).
 */
export interface EaseModel {
  /** Item index (in the training matrix) of each EASE row. */
  items: Int32Array;
  /** Row-major m x m: row a holds what owning item a adds to every other EASE item. */
  weights: Float32Array;
}

export function trainEase(m: TrainingMatrix, lambda: number, maxItems: number): EaseModel | undefined {
  const n = m.itemIds.length;
  const buyers: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const c = m.itemUsers.offsets[i + 1]! - m.itemUsers.offsets[i]!;
    if (c > 0) buyers.push([i, c]);
  }
  if (buyers.length === 0) return undefined;
  buyers.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const chosen = buyers.slice(0, maxItems).map(([i]) => i);
  const size = chosen.length;
  const position = new Int32Array(n).fill(-1);
  chosen.forEach((item, p) => (position[item] = p));

  const gram = new Float64Array(size * size);
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
  const inverse = invertSymmetricPositiveDefinite(gram, size);
  const weights = new Float32Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      if (a !== b) weights[a * size + b] = -inverse[a * size + b]! / inverse[b * size + b]!;
    }
  }
  return { items: Int32Array.from(chosen), weights };
}

/** Sum of the EASE rows of the user's products (binary input, as trained). `acc` is scratch of EASE size. */
export function scoreEase(model: EaseModel, position: Int32Array, user: IndexedHistory, acc: Float64Array, out: ScoreBuffer): void {
  const size = model.items.length;
  let rows = 0;
  acc.fill(0, 0, size);
  for (const item of user.items) {
    const a = item < position.length ? position[item]! : -1;
    if (a < 0) continue;
    rows++;
    const row = model.weights.subarray(a * size, (a + 1) * size);
    for (let b = 0; b < size; b++) acc[b]! += row[b]!;
  }
  if (rows === 0) return;
  for (let b = 0; b < size; b++) if (acc[b]! > 0) out.add(model.items[b]!, acc[b]!);
}

/** Item index -> EASE row, -1 outside the model. */
export function easePositions(model: EaseModel, items: number): Int32Array {
  const position = new Int32Array(items).fill(-1);
  model.items.forEach((item, p) => (position[item] = p));
  return position;
}
