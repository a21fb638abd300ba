/**
 * Store steps are safe to replay. A network drops answers: a client may send a step again
 * after its connection broke (ioredis does, at its defaults), an adapter may retry a step
 * whose answer it lost, a caller may resend. Each of these must leave the store as if the
 * step had run once, and answer what that one run answered.
 *
 * So every member of a store port that writes takes an optional `opId`:
 * - A step whose `opId` was already applied is not applied again. It answers what its first
 *   run answered (line edits of a cart answer the cart as stored now: see CartStore).
 * - A refused step wrote nothing and is not remembered: sent again, it is decided again, as a
 *   new call would be.
 * - A store remembers an applied `opId` for at least its replay window: on Redis
 *   `replayWindowMs` (default 10 minutes); in memory the last 10,000 per store.
 * - A network adapter makes up an `opId` for a step that carries none, so its own resends are
 *   safe whatever the caller does; a caller passes one only to make its own retries safe.
 *
 * Members that need no `opId` say why: they are idempotent (running twice leaves and answers
 * the same), or they are sweeps, where a repeat finds nothing more to take.
 */
export interface Replayable {
  /**
   * Names the step across resends; unique per step (a random UUID, say). A resend carries the
   * same input: another input under an opId already applied is never applied, and what it
   * answers is not specified.
   */
  opId?: string;
}
