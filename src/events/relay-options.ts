import type { Clock } from '../ports/clock.js';
import type { DomainEvent, EventLog } from '../ports/event-log.js';
import { CommerceError } from '../shared/errors.js';

/** A group's handler of one event type. The event is acknowledged only once it resolves. */
export type EventHandler = (event: DomainEvent) => Promise<void> | void;

/**
 * A group's handlers by event type (`order.placed`); `'*'` takes every type without its
 * own. An event no handler takes is settled without a call, so a group subscribes to what it
 * names and lets the rest pass.
 */
export type EventHandlers = Readonly<Record<string, EventHandler>>;

/** What went wrong where, for `onError`: nothing the relay does throws at the host. */
export interface RelayFailure {
  /** `handler`: a handler threw (it will be retried, or was dead-lettered); `log`: a call to an event log failed. */
  stage: 'handler' | 'log';
  error: unknown;
  event?: DomainEvent;
  /** Which run of the handler failed (stage `handler`). */
  attempt?: number;
  /** True when this failure dead-lettered the event. */
  deadLettered?: boolean;
}

/** How a group consumes: every member has a default. */
export interface SubscribeOptions {
  /** This consumer's name in the group; unique per process. Default: host, pid and a random suffix. */
  consumer?: string;
  /** An event held this long without settling (a dead or stalled consumer) goes to another consumer. Default 30 s. */
  visibilityTimeoutMs?: number;
  /** Runs of a handler before its event is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay before retry n: `baseMs * 2^(n-1)`, at most `maxMs`. Default 100 ms and 30 s. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** How long an idle consumer waits before asking the logs again. Default 10 ms. */
  pollMs?: number;
  /** Events one consumer holds at once (handlers run concurrently across aggregates). Default 128. */
  maxInFlight?: number;
  /** With a value, this consumer also trims events older than this that every group has settled. */
  retentionMs?: number;
  /** Paces reclaims and trims and dates dead letters. Default: the system clock. */
  clock?: Clock;
  /** Failures of handlers and logs; without one they are dropped. */
  onError?: (failure: RelayFailure) => void;
}

/** Everything `EventRelay` needs: the logs to read, the group and its handlers. */
export interface EventRelayOptions extends SubscribeOptions {
  /** Every event log of the deployment (one per backend that holds state). */
  logs: readonly EventLog[];
  group: string;
  handlers: EventHandlers;
}

export interface RelaySettings {
  visibilityTimeoutMs: number;
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  pollMs: number;
  maxInFlight: number;
  retentionMs: number | undefined;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new CommerceError('VALIDATION_FAILED', { option: name, reason: `${name} must be a positive integer` });
  return value;
}

/** The settings with their defaults, or VALIDATION_FAILED for a value that cannot work. */
export function relaySettings(options: EventRelayOptions): RelaySettings {
  if (typeof options.group !== 'string' || options.group.length === 0 || /[{}\s]/.test(options.group)) {
    throw new CommerceError('VALIDATION_FAILED', { option: 'group', reason: 'group must be a non-empty name without spaces or braces' });
  }
  if (options.logs.length === 0) throw new CommerceError('VALIDATION_FAILED', { option: 'logs', reason: 'no event log to read: the adapters record no durable events' });
  for (const [type, handler] of Object.entries(options.handlers)) {
    if (typeof handler !== 'function') throw new CommerceError('VALIDATION_FAILED', { option: 'handlers', reason: `the handler of '${type}' is not a function` });
  }
  return {
    visibilityTimeoutMs: positive('visibilityTimeoutMs', options.visibilityTimeoutMs, 30_000),
    maxAttempts: positive('maxAttempts', options.maxAttempts, 5),
    baseMs: positive('backoff.baseMs', options.backoff?.baseMs, 100),
    maxMs: positive('backoff.maxMs', options.backoff?.maxMs, 30_000),
    pollMs: positive('pollMs', options.pollMs, 10),
    maxInFlight: positive('maxInFlight', options.maxInFlight, 128),
    retentionMs: options.retentionMs === undefined ? undefined : positive('retentionMs', options.retentionMs, 0),
  };
}
