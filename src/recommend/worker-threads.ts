/**
 * Runs a kernel on worker threads that `train()` starts and ends: nothing runs in the
 * background before or after it. The workers' program is the source text of the kernel's own
 * functions, so threads run exactly the code the single-thread path runs, and the package
 * needs no separate worker file (which bundlers and the two module formats would each have to
 * find).
 */

/**
 * A kernel worker threads can run: the functions its source is made of, and the statement each
 * thread runs. A function may call only functions of its own file (test runners rewrite
 * imported names), so work that spans files is joined in `call`, by the functions' names.
 */
export interface ThreadProgram {
  functions: readonly ((...args: never[]) => unknown)[];
  /** JS run by each thread, with `d` (the data) and `control` (Int32 over `d.control`) in scope; throws to fail. */
  call: string;
}

/** What every program's data carries: the phase control words (thread-phases.ts), shared. */
export interface SharedControl {
  control: SharedArrayBuffer;
}

/** The part of `node:worker_threads`' Worker used here. */
export interface SpawnedWorker {
  on(event: 'message', listener: (message: { error?: string; first?: boolean }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

/** Starts one worker running `source` (CommonJS text) with `data`: the seam tests replace. */
export type WorkerSpawner = (source: string, data: unknown) => SpawnedWorker;

const GATE_OPEN = 1;
const GATE_CLOSED = 2;

/**
 * Runs `program.call` on `threads` workers and settles when all have ended. Answers
 * false, having run nothing, where workers cannot start (no `worker_threads`, a permission
 * model that forbids them): the caller then does the work on its own thread. A failure of
 * any worker stops the others and rejects with the first cause.
 */
export async function runOnWorkers(program: ThreadProgram, data: SharedControl, threads: number, spawn?: WorkerSpawner): Promise<boolean> {
  const start = spawn ?? (await nodeSpawner());
  // Workers wait at the gate until all have started, so a refused start leaves the data untouched.
  const gate = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const open = (state: number): void => {
    Atomics.store(gate, 0, state);
    Atomics.notify(gate, 0);
  };
  const workers: SpawnedWorker[] = [];
  try {
    while (start && workers.length < threads) workers.push(start(sourceOf(program), { ...data, gate: gate.buffer }));
  } catch {
    // Started ones are ended below; the caller does the work.
  }
  if (workers.length < threads) {
    open(GATE_CLOSED);
    await Promise.all(workers.map((w) => w.terminate()));
    return false;
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
  return true;
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

function finished(worker: SpawnedWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m) => (m.error === undefined ? resolve() : reject(new WorkerFailure(m.error, m.first === true))));
    worker.on('error', (error) => reject(new WorkerFailure(error.message, true)));
    worker.on('exit', (code) => reject(new WorkerFailure(`worker exited with code ${code} before finishing`, true)));
  });
}

async function nodeSpawner(): Promise<WorkerSpawner | undefined> {
  try {
    const { Worker } = await import('node:worker_threads');
    // Referenced like any handle: a host awaiting train() with nothing else to do must not
    // exit before the workers answer; they end with train() anyway.
    return (source, workerData) => new Worker(source, { eval: true, workerData });
  } catch {
    return undefined;
  }
}

const sources = new WeakMap<object, string>();

function sourceOf(program: ThreadProgram): string {
  let source = sources.get(program);
  if (source === undefined) {
    source = [
      "'use strict';",
      // Transpilers that keep function names (esbuild's keepNames, used by tsx) wrap
      // declarations in a __name helper the bundle defines; the worker gets a stand-in.
      'var __name = (target) => target;',
      ...program.functions.map(String),
      "const { parentPort, workerData: d } = require('node:worker_threads');",
      'const gate = new Int32Array(d.gate);',
      'Atomics.wait(gate, 0, 0);',
      `if (Atomics.load(gate, 0) !== ${GATE_OPEN}) process.exit(0);`,
      'const control = new Int32Array(d.control);',
      'try {',
      `  ${program.call};`,
      '  parentPort.postMessage({});',
      '} catch (e) {',
      '  const first = Atomics.compareExchange(control, 0, 0, 1) === 0;',
      '  parentPort.postMessage({ error: e instanceof Error ? e.message : String(e), first });',
      '}',
    ].join('\n');
    sources.set(program, source);
  }
  return source;
}
