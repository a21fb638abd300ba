import { CommerceError } from '../shared/errors.js';

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

/**
 * Runs a read-then-compare-and-set `step` until it stops answering `conflict`. Between
 * tries it waits a "full jitter" backoff (uniform in 0..min(max, base x 2^n)), so writers
 * that collided do not collide again in lockstep. Bounded: after the last attempt it gives
 * up with CART_CONFLICT rather than spin. Only whole-cart edits use this; line edits are
 * single store steps that never conflict.
 */
export async function retryOnConflict<T>(
  policy: RetryPolicy,
  cartId: string,
  step: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T> {
  for (let attempt = 0; attempt < policy.attempts; attempt += 1) {
    const result = await step();
    if (result.done) return result.value;
    if (attempt + 1 < policy.attempts) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      await policy.sleep(Math.floor(policy.random() * ceiling));
    }
  }
  throw new CommerceError('CART_CONFLICT', { cartId, attempts: policy.attempts, reason: `gave up after ${policy.attempts} attempts` });
}
