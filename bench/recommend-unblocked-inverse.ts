// The engine's SPD inverse before the blocked one (plain Cholesky, then L^-1 row by row, then
// M^T M by rank-1 updates; one thread), kept only as the in-run baseline of
// bench/recommend-ease.bench.ts. `a` is overwritten; answers the full inverse in a new array.
export function unblockedInverse(a: Float64Array, n: number): Float64Array {
  cholesky(a, n);
  invertLowerInPlace(a, n);
  return gramOfRows(a, n);
}

function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, len: number): number {
  // Four accumulators break the add dependency chain; the order change is harmless here.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ai + k]! * b[bi + k]!;
    s1 += a[ai + k + 1]! * b[bi + k + 1]!;
    s2 += a[ai + k + 2]! * b[bi + k + 2]!;
    s3 += a[ai + k + 3]! * b[bi + k + 3]!;
  }
  for (; k < len; k++) s0 += a[ai + k]! * b[bi + k]!;
  return s0 + s1 + s2 + s3;
}

function cholesky(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dot(a, rj, a, rj, j);
    if (!(d > 0)) throw new RangeError(`matrix is not positive definite at row ${j}`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, j)) * inv;
    }
  }
}

/** Replaces lower-triangular L by L^-1; row i of the inverse only needs rows < i of it. */
function invertLowerInPlace(a: Float64Array, n: number): void {
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    row.fill(0, 0, i + 1);
    row[i] = 1;
    for (let k = 0; k < i; k++) {
      const f = a[ri + k]!;
      if (f === 0) continue;
      const rk = k * n;
      for (let c = 0; c <= k; c++) row[c]! -= f * a[rk + c]!;
    }
    const inv = 1 / a[ri + i]!;
    for (let c = 0; c <= i; c++) a[ri + c] = row[c]! * inv;
    for (let c = i + 1; c < n; c++) a[ri + c] = 0;
  }
}

/** M^T M for lower-triangular M, accumulated one row of M at a time (rank-1 updates). */
function gramOfRows(m: Float64Array, n: number): Float64Array {
  const p = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let a = 0; a <= k; a++) {
      const f = m[rk + a]!;
      if (f === 0) continue;
      const ra = a * n;
      for (let b = 0; b <= a; b++) p[ra + b]! += f * m[rk + b]!;
    }
  }
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) p[b * n + a] = p[a * n + b]!;
  return p;
}
