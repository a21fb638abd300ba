import { dotRows, factorDiagonalBlock, gemmNT, gramRowBlock, inversePhases, invertRowBlock, runBlockedInverse, solveBelowBlock } from './blocked-cholesky.js';
import { awaitDone, phaseControlSize, threadPhases } from './thread-phases.js';
import { runOnWorkers, type SharedControl, type ThreadProgram, type WorkerSpawner } from './worker-threads.js';

/** Tile edge of the blocked inverse: a 64 x 64 tile of doubles is 32 KB, an L1 cache's worth. */
const BLOCK = 64;

/** What each worker of the inverse gets: the matrix and its diagonal scratch, shared. */
interface InverseData extends SharedControl {
  matrix: SharedArrayBuffer;
  diag: SharedArrayBuffer;
  n: number;
  threads: number;
  block: number;
}

const INVERSE: ThreadProgram = {
  functions: [gemmNT, dotRows, factorDiagonalBlock, solveBelowBlock, invertRowBlock, gramRowBlock, runBlockedInverse, awaitDone, threadPhases],
  call: `${runBlockedInverse.name}(new Float64Array(d.matrix), d.n, new Float64Array(d.diag), d.block, ${threadPhases.name}(control, d.threads))`,
};

/** An n x n matrix the inverse can work on in place: in shared memory when it may use threads. */
export function allocateSymmetric(n: number, threads: number): Float64Array {
  const bytes = n * n * Float64Array.BYTES_PER_ELEMENT;
  return threads > 1 && typeof SharedArrayBuffer === 'function' ? new Float64Array(new SharedArrayBuffer(bytes)) : new Float64Array(n * n);
}

/**
 * Replaces the lower triangle of the SPD matrix `a` (row-major n x n, lower triangle read)
 * by its inverse, on the calling thread. The strict upper triangle is used as scratch.
 * Throws a RangeError if `a` is not positive definite.
 */
export function invertInPlace(a: Float64Array, n: number): void {
  runBlockedInverse(a, n, new Float64Array(n), BLOCK, threadPhases(new Int32Array(phaseControlSize(inversePhases(n, BLOCK))), 1));
}

/**
 * `invertInPlace` on `threads` worker threads (`a` from `allocateSymmetric`), or on the
 * calling thread where workers cannot start or the matrix is too small to share. Answers how
 * many threads did the work; the result is the same bit for bit either way.
 */
export async function invertInPlaceOnThreads(a: Float64Array, n: number, threads: number, spawn?: WorkerSpawner): Promise<number> {
  if (threads > 1 && n >= 2 * BLOCK && a.buffer instanceof SharedArrayBuffer) {
    const data: InverseData = {
      matrix: a.buffer,
      diag: new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT),
      control: new SharedArrayBuffer(phaseControlSize(inversePhases(n, BLOCK)) * Int32Array.BYTES_PER_ELEMENT),
      n,
      threads,
      block: BLOCK,
    };
    if (await runOnWorkers(INVERSE, data, threads, spawn)) return threads;
  }
  invertInPlace(a, n);
  return 1;
}
