import type { EventDraft } from '../../ports/event-log.js';
import { shardOf, type RedisKeys } from './keys.js';

/**
 * How many shards the records that report events are spread over: orders, payments,
 * checkouts and products each live under the hash tag `{o<n>}` of their id's shard (the `o`
 * is for orders, which came first), next to that shard's event stream. Fixed for the life of
 * the data: changing it moves every such key. One scheme for every aggregate, so the event
 * log reads 16 streams however many kinds record into them.
 */
export const RECORD_SHARDS = 16;

/** The hash tag of the shard an aggregate id's keys and events live under. */
export function shardTagOf(id: string): string {
  return `o${shardOf(id, RECORD_SHARDS)}`;
}

/**
 * A caller's opId names a step of one record (ports/replay.ts). In its shard's operation key
 * space (`op:{o<n>}:...`) it is scoped by the record's id, as when each record had a tag of
 * its own; a step without one gets a random key (steps.ts).
 */
export function opIdOf(id: string, opId: string | undefined): string | undefined {
  return opId === undefined ? undefined : `${id}:${opId}`;
}

/** The hash tags of every record shard, in shard order. */
export const SHARD_TAGS: readonly string[] = Array.from({ length: RECORD_SHARDS }, (_, shard) => `o${shard}`);

/**
 * How a store's script records events (lua/lib/events.lua): the hash tag of the thing that
 * changed names the partition, a stream `evt:{tag}` and its sequence hash `evtseq:{tag}`,
 * both in the slot of the step's other keys (cluster-safe). `enabled` false (the
 * `recordEvents: false` option) records nothing: for hosts that subscribe to nothing.
 */
export class EventRecording {
  constructor(
    private readonly keys: RedisKeys,
    readonly enabled: boolean,
  ) {}

  /** The partition stream of a hash tag: also its name in deliveries. */
  stream(tag: string): string {
    return this.keys.key('evt', tag);
  }

  /** The two keys a recording script takes, after its own and before the operation key. */
  keysOf(tag: string): [string, string] {
    return [this.stream(tag), this.keys.key('evtseq', tag)];
  }

  /** The script arguments of the events: a count, then type, aggregate, time, schema version, payload. */
  argsOf(events: readonly EventDraft[] | undefined): (string | number)[] {
    if (!this.enabled || !events || events.length === 0) return [0];
    const args: (string | number)[] = [events.length];
    for (const e of events) args.push(e.type, e.aggregateId, e.time, e.schemaVersion, JSON.stringify(e.payload));
    return args;
  }
}
