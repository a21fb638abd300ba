/**
 * Phases of work shared by threads through an Int32 `control` array: in each phase, whoever
 * runs claims the next task from a counter, and nobody goes past the phase until all its tasks
 * are done. Waiting on the work rather than on the other threads means a thread the OS has
 * parked (the machine is shared) holds the others up only while it holds a task.
 * `control[0]` is the abort flag: a thread that fails sets it and the others stop waiting.
 * Like every kernel run on worker threads, these functions refer only to their arguments, each
 * other and JS built-ins (the worker's program is their source text: worker-threads.ts).
 */

/** Int32 slots of `control` for `phases` phases: the abort flag, then a claim and a done counter each. */
export function phaseControlSize(phases: number): number {
  return 1 + 2 * phases;
}

/** Answers `each(tasks, work)`, which runs one phase's tasks on this thread's share and returns when all are done. */
export function threadPhases(control: Int32Array, threads: number): (tasks: number, work: (task: number) => void) => void {
  let phase = 0;
  return (tasks, work) => {
    const claim = 1 + 2 * phase++;
    for (let task = Atomics.add(control, claim, 1); task < tasks; task = Atomics.add(control, claim, 1)) {
      work(task);
      if (Atomics.add(control, claim + 1, 1) + 1 === tasks && threads > 1) Atomics.notify(control, claim + 1);
    }
    awaitDone(control, claim + 1, tasks);
  };
}

/** Waits until the done counter at `slot` reaches `tasks`, waking every 50 ms to see whether another thread gave up. */
export function awaitDone(control: Int32Array, slot: number, tasks: number): void {
  for (;;) {
    const done = Atomics.load(control, slot);
    if (done >= tasks) return;
    if (Atomics.load(control, 0) !== 0) throw new Error('another thread of this work failed');
    Atomics.wait(control, slot, done, 50);
  }
}
