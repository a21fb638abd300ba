import {
  awaitDone,
  dotRows,
  factorDiagonalBlock,
  gemmNT,
  gramRowBlock,
  inverseControlSize,
  invertRowBlock,
  runBlockedInverse,
  solveBelowBlock,
} from './blocked-cholesky.js';

/** Tile edge of the blocked inverse: a 64 x 64 tile of doubles is 32 KB, an L1 cache's worth. */
const BLOCK = 64;

const GATE_OPEN = 1;
const GATE_CLOSED = 2;

/** Starts one worker thread running `source` (CommonJS text) with `data`; the seam tests replace. */
export type WorkerSpawner = (source: string, data: InverseWorkerData) => InverseWorker;

/** What a worker of the inverse needs: the shared matrix, diagonal and control words. */
export interface InverseWorkerData {
  matrix: SharedArrayBuffer;
  diag: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** One Int32: 0 while workers start, then GATE_OPEN (work) or GATE_CLOSED (leave). */
  gate: SharedArrayBuffer;
  n: number;
  threads: number;
  block: number;
}

/** The part of `node:worker_threads`' Worker the inverse uses. */
export interface InverseWorker {
  on(event: 'message', listener: (message: { error?: string; first?: boolean }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

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
  runBlockedInverse(a, n, new Float64Array(n), new Int32Array(inverseControlSize(n, BLOCK)), 1, BLOCK);
}

/**
 * `invertInPlace` on up to `threads` worker threads (a must come from `allocateSymmetric`),
 * started here and ended before this settles. Where workers cannot start (no
 * `worker_threads`, a permission model that forbids them) it runs on the calling thread.
 * Answers how many threads did the work.
 */
export async function invertInPlaceOnThreads(a: Float64Array, n: number, threads: number, spawn?: WorkerSpawner): Promise<number> {
  if (threads <= 1 || n < 2 * BLOCK || !(a.buffer instanceof SharedArrayBuffer)) {
    invertInPlace(a, n);
    return 1;
  }
  const start = spawn ?? (await nodeSpawner());
  const data: InverseWorkerData = {
    matrix: a.buffer,
    diag: new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT),
    control: new SharedArrayBuffer(inverseControlSize(n, BLOCK) * Int32Array.BYTES_PER_ELEMENT),
    gate: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    n,
    threads,
    block: BLOCK,
  };
  // Workers wait at the gate until all have started, so a refused start leaves `a` untouched.
  const gate = new Int32Array(data.gate);
  const open = (state: number): void => {
    Atomics.store(gate, 0, state);
    Atomics.notify(gate, 0);
  };
  const workers: InverseWorker[] = [];
  try {
    while (start && workers.length < threads) workers.push(start(workerSource(), data));
  } catch {
    // Started workers are ended below; the calling thread does the work.
  }
  if (workers.length < threads) {
    open(GATE_CLOSED);
    await Promise.all(workers.map((w) => w.terminate()));
    invertInPlace(a, n);
    return 1;
  }
  open(GATE_OPEN);
  const control = new Int32Array(data.control);
  try {
    const outcomes = await Promise.allSettled(
      workers.map((w) =>
        finished(w).catch((error: unknown) => {
          // Wakes the others from their waits, so every worker ends.
          Atomics.store(control, 0, 1);
          throw error;
        }),
      ),
    );
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as WorkerFailure] : []));
    if (failures.length > 0) throw failures.find((f) => f.root) ?? failures[0]!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return threads;
}

/** A worker's error; `root` is false when it only stopped because another worker had failed. */
class WorkerFailure extends Error {
  constructor(
    message: string,
    readonly root: boolean,
  ) {
    super(message);
  }
}

function finished(worker: InverseWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m) => (m.error === undefined ? resolve() : reject(new WorkerFailure(m.error, m.first === true))));
    worker.on('error', (error) => reject(new WorkerFailure(error.message, true)));
    worker.on('exit', (code) => reject(new WorkerFailure(`inverse worker exited with code ${code} before finishing`, true)));
  });
}

async function nodeSpawner(): Promise<WorkerSpawner | undefined> {
  try {
    const { Worker } = await import('node:worker_threads');
    return (source, workerData) => {
      const worker = new Worker(source, { eval: true, workerData });
      // A host that exits mid-training is not kept alive by the inverse.
      worker.unref();
      return worker;
    };
  } catch {
    return undefined;
  }
}

let source: string | undefined;

/**
 * The worker's program: the kernels' own source text, then a call of the driver. Built from
 * the functions themselves, so the threads run exactly the code the single-thread path runs.
 */
function workerSource(): string {
  const kernels = [gemmNT, dotRows, awaitDone, factorDiagonalBlock, solveBelowBlock, invertRowBlock, gramRowBlock, runBlockedInverse];
  source ??= [
    "'use strict';",
    // Transpilers that keep function names (esbuild's keepNames, used by tsx) wrap
    // declarations in a __name helper the bundle defines; the worker gets a stand-in.
    'var __name = (target) => target;',
    ...kernels.map(String),
    "const { parentPort, workerData: d } = require('node:worker_threads');",
    'const control = new Int32Array(d.control);',
    'const gate = new Int32Array(d.gate);',
    'Atomics.wait(gate, 0, 0);',
    `if (Atomics.load(gate, 0) !== ${GATE_OPEN}) process.exit(0);`,
    'try {',
    `  ${runBlockedInverse.name}(new Float64Array(d.matrix), d.n, new Float64Array(d.diag), control, d.threads, d.block);`,
    '  parentPort.postMessage({});',
    '} catch (e) {',
    '  const first = Atomics.compareExchange(control, 0, 0, 1) === 0;',
    '  parentPort.postMessage({ error: e instanceof Error ? e.message : String(e), first });',
    '}',
  ].join('\n');
  return source;
}
