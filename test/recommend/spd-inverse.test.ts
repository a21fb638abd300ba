import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { inversePhases, runBlockedInverse } from '../../src/recommend/blocked-cholesky.js';
import { phaseControlSize, threadPhases } from '../../src/recommend/thread-phases.js';
import { allocateSymmetric, invertInPlace, invertInPlaceOnThreads } from '../../src/recommend/spd-inverse.js';
import type { SpawnedWorker, WorkerSpawner } from '../../src/recommend/worker-threads.js';

/** X^T X + lambda I for 0/1 rows X, as EASE builds it (lower triangle only, like EASE). */
function gram(a: Float64Array, n: number, rows: readonly (readonly number[])[], lambda: number): Float64Array {
  for (const row of rows) for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j]! += row[i % row.length]! * row[j % row.length]!;
  for (let i = 0; i < n; i++) a[i * n + i]! += lambda;
  return a;
}

/** Deterministic pseudo-random baskets over n items (about 3% density), for matrices too big to draw. */
function baskets(n: number, seed: number): number[][] {
  let s = seed;
  const next = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: 2 * n }, () => Array.from({ length: n }, () => (next() < 0.03 ? 1 : 0)));
}

const lower = (p: Float64Array, n: number, i: number, j: number): number => (i >= j ? p[i * n + j]! : p[j * n + i]!);

/** Largest |(A P - I)[i][j]| with A and P both read from their lower triangles. */
function residual(a: Float64Array, p: Float64Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += lower(a, n, i, k) * lower(p, n, k, j);
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe('blocked SPD inverse', () => {
  it('A times its inverse is the identity, for every size against every tile edge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 23, maxLength: 23 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (n, block, rows, lambda) => {
          const a = gram(new Float64Array(n * n), n, rows, lambda);
          const p = a.slice();
          runBlockedInverse(p, n, new Float64Array(n), block, threadPhases(new Int32Array(phaseControlSize(inversePhases(n, block))), 1));
          expect(residual(a, p, n)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('at 64-wide tiles (the production edge), a 150 x 150 Gram matrix is inverted to 1e-10', () => {
    const n = 150;
    const a = gram(new Float64Array(n * n), n, baskets(n, 7), 5);
    const p = a.slice();
    invertInPlace(p, n);
    expect(residual(a, p, n)).toBeLessThan(1e-10);
  });

  it('refuses a matrix that is not positive definite', () => {
    const a = new Float64Array([1, 0, 2, 1]); // [[1, 2], [2, 1]]: eigenvalues 3 and -1
    expect(() => invertInPlace(a, 2)).toThrow(RangeError);
  });
});

describe('the inverse on worker threads', () => {
  const n = 200;
  const input = (threads: number): Float64Array => gram(allocateSymmetric(n, threads), n, baskets(n, 3), 10);

  it('gives bit for bit what one thread gives, says it used two, and has ended them when it answers', async () => {
    const alone = input(1);
    invertInPlace(alone, n);
    const shared = input(2);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    let running = 0;
    const counting: WorkerSpawner = (source, data) => {
      const w = new Worker(source, { eval: true, workerData: data });
      running++;
      w.on('exit', () => running--);
      return w;
    };
    expect(await invertInPlaceOnThreads(shared, n, 2, counting)).toBe(2);
    expect(running).toBe(0);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(shared[i * n + j]).toBe(alone[i * n + j]);
  });

  it('runs on the calling thread when workers cannot start, with the same answer', async () => {
    const alone = input(1);
    invertInPlace(alone, n);
    const started: SpawnedWorker[] = [];
    const refusing: WorkerSpawner = (source, data) => {
      if (started.length === 1) throw new Error('ERR_ACCESS_DENIED: worker threads not permitted');
      const w = new Worker(source, { eval: true, workerData: data });
      started.push(w);
      return w;
    };
    const shared = input(2);
    expect(await invertInPlaceOnThreads(shared, n, 2, refusing)).toBe(1);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(shared[i * n + j]).toBe(alone[i * n + j]);
  });

  it('a worker that fails fails the inverse, and every worker is ended', async () => {
    const exited: number[] = [];
    let spawned = 0;
    const failing: WorkerSpawner = (source, data) => {
      const broken = spawned++ === 1 ? source.replace(/try \{/, "try { throw new Error('out of memory');") : source;
      const w = new Worker(broken, { eval: true, workerData: data });
      w.on('exit', (code) => exited.push(code));
      return w;
    };
    await expect(invertInPlaceOnThreads(input(2), n, 2, failing)).rejects.toThrow('out of memory');
    expect(exited).toHaveLength(2);
  });

  it('a matrix that is not positive definite is refused on threads too', async () => {
    const a = input(2);
    a[5 * n + 5] = -1e9;
    await expect(invertInPlaceOnThreads(a, n, 2)).rejects.toThrow('not positive definite at row 5');
  });
});
