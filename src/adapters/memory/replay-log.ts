/** How many applied steps a memory store remembers (see ports/replay.ts). */
export const REMEMBERED_STEPS = 10_000;

/**
 * The answers of applied steps by `opId`, so a step sent again answers what it answered
 * first instead of running again (ports/replay.ts). Keeps copies: neither the first caller
 * nor a later one can change what is remembered. The oldest are forgotten beyond the limit.
 */
export class ReplayLog {
  private readonly answers = new Map<string, unknown>();

  constructor(private readonly limit: number = REMEMBERED_STEPS) {}

  /** A copy of the first answer of step `opId`, or undefined when it was never applied. */
  answered<T>(opId: string | undefined): T | undefined {
    if (opId === undefined || !this.answers.has(opId)) return undefined;
    return structuredClone(this.answers.get(opId)) as T;
  }

  /** Remembers the answer of an applied step (a copy) and hands `answer` back. */
  remember<T>(opId: string | undefined, answer: T): T {
    if (opId === undefined) return answer;
    this.answers.set(opId, structuredClone(answer));
    if (this.answers.size > this.limit) this.answers.delete(this.answers.keys().next().value as string);
    return answer;
  }
}
