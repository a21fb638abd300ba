import type { CommerceError } from './errors.js';

/** A source of uniform numbers in [0, 1), injectable so tests can fix the jitter. */
export type RandomSource = () => number;

/** Uniform in [0, 1) from the platform CSPRNG (not Math.random, which lint refuses in src/). */
export const cryptoRandom: RandomSource = () => {
  const buffer = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buffer);
  return (buffer[0] as number) / 2 ** 32;
};

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Upper bound of the first backoff; it doubles after each conflict. */
  baseDelayMs: number;
  /** Ceiling of one backoff. */
  maxDelayMs: number;
  random: RandomSource;
  sleep: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The policy of the checkout, order and payment records: 20 attempts, 2..100 ms full jitter. */
export const RECORD_RETRY: RetryPolicy = { attempts: 20, baseDelayMs: 2, maxDelayMs: 100, random: cryptoRandom, sleep: defaultSleep };

/**
 * Runs a read-then-compare-and-set `step` until it stops answering "not done" (another
 * writer came first). Between tries it waits a "full jitter" backoff (uniform in
 * 0..min(max, base x 2^n)), so writers that collided do not collide again in lockstep.
 * Bounded: after the last attempt it throws `giveUp(attempts)` rather than spin. Used by every
 * versioned record (cart, checkout, order, payment); a cart's line edits are single store
 * steps that never conflict.
 */
export async function retryOnConflict<T>(
  policy: RetryPolicy,
  step: () => Promise<{ done: true; value: T } | { done: false }>,
  giveUp: (attempts: number) => CommerceError,
): Promise<T> {
  for (let attempt = 0; attempt < policy.attempts; attempt += 1) {
    const result = await step();
    if (result.done) return result.value;
    if (attempt + 1 < policy.attempts) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      await policy.sleep(Math.floor(policy.random() * ceiling));
    }
  }
  throw giveUp(policy.attempts);
}
