import type { Replayable } from './replay.js';

/**
 * Remembers operations by idempotency key so a retried or concurrent request is answered
 * once. Each member is one atomic step (a Redis adapter does each as one script). The writes
 * are safe to replay with their `opId` (ports/replay.ts): a claim sent again answers
 * `claimed`, not the in-progress record it made itself; a complete sent again answers true.
 * Every string must be well-formed Unicode (else VALIDATION_FAILED).
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for a request with `fingerprint`, atomically. If no live record exists,
   * stores an in-progress record owned by `owner` that lapses after `lockMs` (so a crashed
   * caller does not block the key forever) and answers `claimed`. Otherwise answers what
   * is there: `in_progress` or `completed` with the stored fingerprint (and result).
   */
  claim(input: { key: string; fingerprint: string; owner: string; lockMs: number } & Replayable): Promise<IdempotencyClaim>;

  /**
   * Stores the result of a claimed operation, kept for `ttlMs`. Only the owner of the live
   * claim may complete it; answers false if the claim was lost (lapsed and taken over).
   */
  complete(input: { key: string; owner: string; result: unknown; ttlMs: number } & Replayable): Promise<boolean>;

  /** Drops an in-progress claim held by `owner` so the operation may be tried again. */
  release(input: { key: string; owner: string } & Replayable): Promise<void>;

  /** The live record for `key`, if any. */
  get(key: string): Promise<IdempotencyRecord | null>;
}

/** A stored record; `result` is JSON-safe. */
export type IdempotencyRecord =
  | { state: 'in_progress'; fingerprint: string; owner: string; expiresAt: number }
  | { state: 'completed'; fingerprint: string; result: unknown; expiresAt: number };

export type IdempotencyClaim = { state: 'claimed' } | IdempotencyRecord;
