// The parent and child halves of the multi-process tests. A worker starts (tsx, client,
// services: a second or more), says it is ready and waits for the go, so the calls of every
// process overlap instead of the first finishing before the last one starts.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WorkerProcess<R> {
  /** Settles when the worker is connected and waiting for the go (or has died). */
  ready: Promise<void>;
  go(): void;
  /** The worker's report; rejects if it exits without one. */
  done: Promise<R>;
  /** Sends the worker a signal (SIGKILL for the crash tests). */
  kill(signal: NodeJS.Signals): void;
}

/** Forks `script` (a path relative to this folder) under tsx with `args`. */
export function forkWorker<R>(script: string, args: string[]): WorkerProcess<R> {
  const worker = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let report: R | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (message) => {
    if ((message as { ready?: boolean }).ready) markReady();
    else report = message as R;
  });
  const done = new Promise<R>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => (report !== undefined && code === 0 ? resolve(report) : reject(new Error(`${script} ${args.join(' ')} exited with ${code} and no report`))));
  });
  // A worker that dies before it is ready must fail the test, not hang it.
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => worker.send('go'), done, kill: (signal) => void worker.kill(signal) };
}

/** Starts every worker, waits until all are ready, releases them together, and collects the reports. */
export async function runTogether<R>(workers: WorkerProcess<R>[]): Promise<R[]> {
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.done));
}

/** In a worker: say ready, then wait for the parent's go. */
export async function readyThenWaitForGo(): Promise<void> {
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send?.({ ready: true });
  await go;
}

/** In a worker: send the report, then exit once it is delivered. */
export function reportAndExit(report: unknown): void {
  process.send?.(report, () => process.exit(0));
}
