import { createHash } from 'node:crypto';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { CommerceError, commerceErrors } from './errors.js';

export interface IdempotencySettings {
  /** How long a claim holds before another caller may take over (crash safety). Default 30 s. */
  lockMs?: number;
  /** How long a completed result is remembered. Default 24 h. */
  ttlMs?: number;
  /** How long a concurrent caller waits for the first one to finish. Default 30 s. */
  waitMs?: number;
  /** How often a waiting caller in another process looks again. Default 25 ms. */
  pollMs?: number;
}

export interface RunOptions<T> {
  /** Turns the result into the JSON-safe value that is stored. Default: as is. */
  encode?: (result: T) => unknown;
  /** Turns a stored value back into a result. Default: as is. */
  decode?: (stored: unknown) => T;
}

export interface IdempotentOutcome<T> {
  result: T;
  /** True when the result was stored by an earlier (or concurrent) call with the same key. */
  replayed: boolean;
}

/**
 * A stable digest of a request: keys sorted at every level, so `{a, b}` and `{b, a}` match,
 * and any value with a `toJSON` (Money) is compared by its JSON form.
 */
export function requestFingerprint(request: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (value && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
      return canonical((value as { toJSON(): unknown }).toJSON());
    }
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(request)) ?? 'undefined').digest('hex');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an operation at most once per idempotency key, across processes sharing the store.
 * The same key with the same request gets the stored result; with another request it is
 * `IDEMPOTENCY_CONFLICT`. Concurrent callers in this process share one promise; callers in
 * other processes poll the store until the first finishes. A failed operation releases its
 * claim, so it may be tried again.
 */
export class IdempotentRunner {
  private readonly store: IdempotencyStore;
  private readonly ids: IdGenerator;
  private readonly settings: Required<IdempotencySettings>;
  private readonly inFlight = new Map<string, { fingerprint: string; promise: Promise<IdempotentOutcome<unknown>> }>();

  constructor(options: { store: IdempotencyStore; ids: IdGenerator } & IdempotencySettings) {
    this.store = options.store;
    this.ids = options.ids;
    this.settings = {
      lockMs: options.lockMs ?? 30_000,
      ttlMs: options.ttlMs ?? 86_400_000,
      waitMs: options.waitMs ?? 30_000,
      pollMs: options.pollMs ?? 25,
    };
  }

  async run<T>(key: string, request: unknown, operation: () => Promise<T>, options: RunOptions<T> = {}): Promise<IdempotentOutcome<T>> {
    const fingerprint = requestFingerprint(request);
    const local = this.inFlight.get(key);
    if (local) {
      if (local.fingerprint !== fingerprint) throw conflict(key);
      const shared = await local.promise;
      return { result: shared.result as T, replayed: true };
    }
    const promise = this.claimAndRun(key, fingerprint, operation, options);
    this.inFlight.set(key, { fingerprint, promise });
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async claimAndRun<T>(key: string, fingerprint: string, operation: () => Promise<T>, options: RunOptions<T>): Promise<IdempotentOutcome<T>> {
    const decode = options.decode ?? ((stored: unknown) => stored as T);
    const owner = this.ids.next('idem');
    const polls = Math.max(1, Math.ceil(this.settings.waitMs / this.settings.pollMs));
    for (let attempt = 0; attempt <= polls; attempt++) {
      const claim = await commerceErrors(() => this.store.claim({ key, fingerprint, owner, lockMs: this.settings.lockMs }), 'STORE_UNAVAILABLE');
      if (claim.state !== 'claimed' && claim.fingerprint !== fingerprint) throw conflict(key);
      if (claim.state === 'completed') return { result: decode(claim.result), replayed: true };
      if (claim.state === 'claimed') return { result: await this.execute(key, owner, operation, options), replayed: false };
      await sleep(this.settings.pollMs);
    }
    throw new CommerceError('IDEMPOTENCY_IN_PROGRESS', { key, reason: `still running after ${this.settings.waitMs} ms` });
  }

  private async execute<T>(key: string, owner: string, operation: () => Promise<T>, options: RunOptions<T>): Promise<T> {
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      await this.store.release({ key, owner }).catch(() => undefined);
      throw error;
    }
    const stored = options.encode ? options.encode(result) : result;
    await commerceErrors(() => this.store.complete({ key, owner, result: stored, ttlMs: this.settings.ttlMs }), 'STORE_UNAVAILABLE');
    return result;
  }

}

function conflict(key: string): CommerceError {
  return new CommerceError('IDEMPOTENCY_CONFLICT', { key, reason: `key '${key}' was used with a different request` });
}
