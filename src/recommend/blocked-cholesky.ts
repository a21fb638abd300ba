/**
 * The kernels of the symmetric positive definite inverse EASE needs, blocked so the hot loops
 * work on tiles that stay in cache, and written so that one thread or several run the same
 * code: each function refers only to its arguments, the other functions of this file and JS
 * built-ins, because the worker script is assembled from their source text
 * (worker-threads.ts). No module constants, no imports: the phases come in as an argument.
 *
 * The matrix is row-major n x n in one Float64Array; only its lower triangle is read.
 * Three stages, each about n^3/6 multiply-adds:
 *   1. Cholesky A = L L^T, left-looking by block column, into the lower triangle;
 *   2. V = L^-T (upper triangular) by block rows into the strict upper triangle, its
 *      diagonal into `diag`;
 *   3. P = A^-1 = V V^T by block rows into the lower triangle (diagonal included).
 * Every inner product is "row times row" (both operands contiguous), computed by `gemmNT`
 * four rows by four rows, so 16 sums share 8 loads.
 *
 * Work is cut into tasks that threads claim phase by phase (thread-phases.ts).
 */

/** C[r][s] += alpha * sum over k of X[r][k] * Y[s][k], for r < rows, s < cols, k < depth. */
export function gemmNT(
  c: Float64Array, co: number, cs: number,
  x: Float64Array, xo: number, xs: number,
  y: Float64Array, yo: number, ys: number,
  rows: number, cols: number, depth: number, alpha: number,
): void {
  // Depth in chunks of 256: the Y rows of one chunk (cols x 2 KB) stay in L2 while every
  // group of four X rows passes over them.
  for (let k0 = 0; k0 < depth; k0 += 256) {
    const kn = Math.min(256, depth - k0);
    let r = 0;
    for (; r + 3 < rows; r += 4) {
      const x0 = xo + r * xs + k0;
      const x1 = x0 + xs;
      const x2 = x1 + xs;
      const x3 = x2 + xs;
      let s = 0;
      for (; s + 3 < cols; s += 4) {
        const y0 = yo + s * ys + k0;
        const y1 = y0 + ys;
        const y2 = y1 + ys;
        const y3 = y2 + ys;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let k = 0; k < kn; k++) {
          const a0 = x[x0 + k]!, a1 = x[x1 + k]!, a2 = x[x2 + k]!, a3 = x[x3 + k]!;
          const b0 = y[y0 + k]!, b1 = y[y1 + k]!, b2 = y[y2 + k]!, b3 = y[y3 + k]!;
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        let o = co + r * cs + s;
        c[o]! += alpha * c00; c[o + 1]! += alpha * c01; c[o + 2]! += alpha * c02; c[o + 3]! += alpha * c03;
        o += cs;
        c[o]! += alpha * c10; c[o + 1]! += alpha * c11; c[o + 2]! += alpha * c12; c[o + 3]! += alpha * c13;
        o += cs;
        c[o]! += alpha * c20; c[o + 1]! += alpha * c21; c[o + 2]! += alpha * c22; c[o + 3]! += alpha * c23;
        o += cs;
        c[o]! += alpha * c30; c[o + 1]! += alpha * c31; c[o + 2]! += alpha * c32; c[o + 3]! += alpha * c33;
      }
      for (; s < cols; s++) {
        for (let q = 0; q < 4; q++) c[co + (r + q) * cs + s]! += alpha * dotRows(x, xo + (r + q) * xs + k0, y, yo + s * ys + k0, kn);
      }
    }
    for (; r < rows; r++) {
      for (let s = 0; s < cols; s++) c[co + r * cs + s]! += alpha * dotRows(x, xo + r * xs + k0, y, yo + s * ys + k0, kn);
    }
  }
}

/** sum over k < len of a[ai + k] * b[bi + k]. */
export function dotRows(a: Float64Array, ai: number, b: Float64Array, bi: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < len; k += 2) {
    s0 += a[ai + k]! * b[bi + k]!;
    s1 += a[ai + k + 1]! * b[bi + k + 1]!;
  }
  if (k < len) s0 += a[ai + k]! * b[bi + k]!;
  return s0 + s1;
}

/** Phases of `runBlockedInverse`: three per block column, then two. */
export function inversePhases(n: number, block: number): number {
  return 3 * Math.ceil(n / block) + 2;
}

/** Stage 1, diagonal block [j0, j1): plain Cholesky of the block, after the update from the columns before it. */
export function factorDiagonalBlock(a: Float64Array, n: number, j0: number, j1: number): void {
  for (let j = j0; j < j1; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dotRows(a, rj + j0, a, rj + j0, j - j0);
    if (!(d > 0)) throw new RangeError(`matrix is not positive definite at row ${j}`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < j1; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dotRows(a, ri + j0, a, rj + j0, j - j0)) / ljj;
    }
  }
}

/** Stage 1, rows [i0, i1) below the diagonal block [j0, j1): solves them against the block's L. */
export function solveBelowBlock(a: Float64Array, n: number, i0: number, i1: number, j0: number, j1: number): void {
  for (let i = i0; i < i1; i++) {
    const ri = i * n;
    for (let j = j0; j < j1; j++) {
      const rj = j * n;
      a[ri + j] = (a[ri + j]! - dotRows(a, ri + j0, a, rj + j0, j - j0)) / a[rj + j]!;
    }
  }
}

/**
 * Stage 2, row block [c0, c1) of V = L^-T. Row c of V solves sum over p in [c, i] of
 * V[c][p] L[i][p] = (c == i), so V[c][i] = -(sum over p in [c, i) of V[c][p] L[i][p]) / L[i][i].
 * The block's own triangle goes to `t` (block x block, zeros below the diagonal) so the
 * products with it can run as dense tiles.
 */
export function invertRowBlock(a: Float64Array, n: number, diag: Float64Array, c0: number, c1: number, block: number, t: Float64Array): void {
  const w = c1 - c0;
  t.fill(0);
  for (let c = c0; c < c1; c++) {
    const tc = (c - c0) * block - c0;
    const vcc = 1 / a[c * n + c]!;
    diag[c] = vcc;
    t[tc + c] = vcc;
    for (let i = c + 1; i < c1; i++) {
      const v = -dotRows(t, tc + c, a, i * n + c, i - c) / a[i * n + i]!;
      t[tc + i] = v;
      a[c * n + i] = v;
    }
  }
  for (let i0 = c1; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block);
    for (let c = c0; c < c1; c++) a.fill(0, c * n + i0, c * n + i1);
    gemmNT(a, c0 * n + i0, n, t, 0, block, a, i0 * n + c0, n, w, i1 - i0, w, 1);
    if (i0 > c1) gemmNT(a, c0 * n + i0, n, a, c0 * n + c1, n, a, i0 * n + c1, n, w, i1 - i0, i0 - c1, 1);
    for (let c = c0; c < c1; c++) {
      const rc = c * n;
      for (let i = i0; i < i1; i++) {
        const ri = i * n;
        a[rc + i] = -(a[rc + i]! + dotRows(a, rc + i0, a, ri + i0, i - i0)) / a[ri + i]!;
      }
    }
  }
}

/**
 * Stage 3, row block [r0, r1) of P = V V^T: P[x][y] = sum over k >= x of V[x][k] V[y][k] for
 * y <= x, written over L's lower triangle (no longer needed). Reads only V, which the block
 * rows of other threads do not overwrite: a block writes columns up to its own last row, and
 * reads other rows only at columns from its first row on.
 */
export function gramRowBlock(a: Float64Array, n: number, diag: Float64Array, r0: number, r1: number, block: number, t: Float64Array): void {
  const w = r1 - r0;
  t.fill(0);
  for (let x = r0; x < r1; x++) {
    const tx = (x - r0) * block - r0;
    t[tx + x] = diag[x]!;
    for (let k = x + 1; k < r1; k++) t[tx + k] = a[x * n + k]!;
  }
  for (let y0 = 0; y0 < r1; y0 += block) {
    const y1 = Math.min(r1, y0 + block);
    for (let x = r0; x < r1; x++) a.fill(0, x * n + y0, x * n + y1);
    if (y0 < r0) gemmNT(a, r0 * n + y0, n, t, 0, block, a, y0 * n + r0, n, w, y1 - y0, w, 1);
    else gemmNT(a, r0 * n + r0, n, t, 0, block, t, 0, block, w, w, w, 1);
    if (r1 < n) gemmNT(a, r0 * n + y0, n, a, r0 * n + r1, n, a, y0 * n + r1, n, w, y1 - y0, n - r1, 1);
  }
}

/**
 * Overwrites the lower triangle of SPD `a` with its inverse (P[x][y] at a[x * n + y], y <= x);
 * the strict upper triangle is left as scratch. Every thread calls this with the same
 * arguments, `each` running this thread's share of a phase (`threadPhases` over
 * `inversePhases(n, block)` phases).
 */
export function runBlockedInverse(a: Float64Array, n: number, diag: Float64Array, block: number, each: (tasks: number, work: (task: number) => void) => void): void {
  // Tasks of 64 rows: each reuses the block column it reads from L2 sixteen times.
  const rowsPerTask = 64;
  const blocks = Math.ceil(n / block);
  for (let jb = 0; jb < blocks; jb++) {
    const j0 = jb * block;
    const j1 = Math.min(n, j0 + block);
    each(Math.ceil((n - j0) / rowsPerTask), (task) => {
      const i0 = j0 + task * rowsPerTask;
      if (j0 > 0) gemmNT(a, i0 * n + j0, n, a, i0 * n, n, a, j0 * n, n, Math.min(rowsPerTask, n - i0), j1 - j0, j0, -1);
    });
    each(1, () => factorDiagonalBlock(a, n, j0, j1));
    each(Math.ceil((n - j1) / rowsPerTask), (task) => {
      const i0 = j1 + task * rowsPerTask;
      solveBelowBlock(a, n, i0, Math.min(n, i0 + rowsPerTask), j0, j1);
    });
  }
  const scratch = new Float64Array(block * block);
  each(blocks, (b) => invertRowBlock(a, n, diag, b * block, Math.min(n, (b + 1) * block), block, scratch));
  each(blocks, (b) => gramRowBlock(a, n, diag, b * block, Math.min(n, (b + 1) * block), block, scratch));
}
