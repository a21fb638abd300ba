import type { EventDraft } from '../../ports/event-log.js';
import type { RedisKeys } from './keys.js';

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
