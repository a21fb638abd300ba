import type { DeadLetter, Delivery, EventLog } from '../../ports/event-log.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { EventRecording } from './event-recording.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const joinScript = new LuaScript('events-join');
const receiveScript = new LuaScript('events-receive');
const reclaimScript = new LuaScript('events-reclaim');
const touchScript = new LuaScript('events-touch');
const settledScript = new LuaScript('events-settled');
const settleScript = new LuaScript('events-settle');
const deadLettersScript = new LuaScript('events-dead-letters');
const forgetScript = new LuaScript('events-forget');
const trimScript = new LuaScript('events-trim');

/**
 * The event log of the Redis adapters: a stream per hash tag that records events (the
 * stores' scripts XADD to it in the step of the change), read through Redis consumer groups.
 * Beside each stream, in its slot, each group keeps `evtdone:{tag}:<group>` (aggregate ->
 * last settled sequence) and `evtdead:{tag}:<group>` (event id -> dead letter).
 *
 * Reads never block (a script cannot): a consumer polls. On one server a poll is one script
 * over every partition, starting at a rotating one so none starves; on a cluster it is one
 * script per partition, in parallel, each asked for its share of the limit.
 */
export class RedisEventLog implements EventLog {
  private readonly tagOf = new Map<string, string>();
  private turn = 0;

  constructor(
    private readonly redis: RedisSteps,
    private readonly recording: EventRecording,
    private readonly tags: readonly string[],
  ) {
    for (const tag of tags) this.tagOf.set(recording.stream(tag), tag);
  }

  async join(group: string): Promise<void> {
    assertWellFormed(group, 'EventLog.join');
    await this.perSlot(this.tags, (tags) => this.redis.run(joinScript, tags.map((t) => this.recording.stream(t)), [group]));
  }

  receive(group: string, consumer: string, options: { limit: number }): Promise<Delivery[]> {
    return this.readAll(receiveScript, group, options.limit, [group, consumer]);
  }

  reclaim(group: string, consumer: string, options: { idleMs: number; limit: number }): Promise<Delivery[]> {
    return this.readAll(reclaimScript, group, options.limit, [group, consumer, options.idleMs]);
  }

  async touch(group: string, consumer: string, deliveries: readonly Delivery[]): Promise<void> {
    await Promise.all(
      [...byPartition(deliveries)].map(([partition, held]) => this.redis.run(touchScript, [partition], [group, consumer, ...held.map((d) => d.handle)])),
    );
  }

  async settledOf(group: string, deliveries: readonly Delivery[]): Promise<number[]> {
    const answer = deliveries.map(() => 0);
    await Promise.all(
      [...byPartition(deliveries)].map(async ([partition, held]) => {
        const settled = await this.redis.run<number[]>(settledScript, [this.groupKey('evtdone', partition, group)], held.map((d) => d.event.aggregateId));
        held.forEach((d, i) => (answer[deliveries.indexOf(d)] = settled[i] ?? 0));
      }),
    );
    return answer;
  }

  async settle(group: string, delivery: Delivery, deadLetter?: { error: string; attempts: number; time: number }): Promise<void> {
    const { partition, event } = delivery;
    const letter: DeadLetter | undefined = deadLetter ? { event, partition, ...deadLetter } : undefined;
    await this.redis.run(
      settleScript,
      [partition, this.groupKey('evtdone', partition, group), this.groupKey('evtdead', partition, group)],
      [group, delivery.handle, event.aggregateId, event.sequence, event.id, letter ? JSON.stringify(letter) : ''],
    );
  }

  async deadLetters(group: string, options: { limit: number }): Promise<DeadLetter[]> {
    const letters = (
      await this.perSlot(this.tags, (tags) => this.redis.read<DeadLetter[]>(deadLettersScript, tags.map((t) => this.groupKey('evtdead', this.recording.stream(t), group)), []))
    ).flat();
    letters.sort((a, b) => a.time - b.time || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
    return letters.slice(0, Math.max(0, options.limit));
  }

  async forgetDeadLetter(group: string, letter: Pick<DeadLetter, 'event' | 'partition'>): Promise<boolean> {
    return (await this.redis.run<number>(forgetScript, [this.groupKey('evtdead', letter.partition, group)], [letter.event.id])) === 1;
  }

  async trim(options: { retentionMs: number }): Promise<number> {
    const dropped = await Promise.all(this.tags.map((tag) => this.redis.run<number>(trimScript, [this.recording.stream(tag)], [options.retentionMs])));
    return dropped.reduce((a, b) => a + b, 0);
  }

  /**
   * A receive or reclaim over every partition: one call on one server; on a cluster one per
   * partition with its share of `limit` (never more in all: what a script hands out is in
   * flight to this consumer, so none may be dropped here). A limit below the partition count
   * asks that many partitions, the next ones on the following call.
   */
  private async readAll(script: LuaScript, group: string, limit: number, args: (string | number)[]): Promise<Delivery[]> {
    if (limit <= 0) return [];
    // Start at another partition each time, so a busy one does not starve the rest.
    const start = this.turn++ % this.tags.length;
    const tags = [...this.tags.slice(start), ...this.tags.slice(0, start)];
    const keysOf = (slot: readonly string[]) => slot.flatMap((t) => [this.recording.stream(t), this.groupKey('evtdone', this.recording.stream(t), group)]);
    if (this.redis.client.singleServer === true) return this.redis.run<Delivery[]>(script, keysOf(tags), [...args, limit]);
    const shares = tags.map((_, i) => Math.floor(limit / tags.length) + (i < limit % tags.length ? 1 : 0));
    const parts = await Promise.all(tags.map((tag, i) => ((shares[i] ?? 0) > 0 ? this.redis.run<Delivery[]>(script, keysOf([tag]), [...args, shares[i] ?? 0]) : Promise.resolve([]))));
    return parts.flat();
  }

  /** One call with every tag on a single server; one per tag, in parallel, on a cluster. */
  private perSlot<T>(tags: readonly string[], call: (tags: readonly string[]) => Promise<T>): Promise<T[]> {
    if (this.redis.client.singleServer === true) return Promise.all([call(tags)]);
    return Promise.all(tags.map((tag) => call([tag])));
  }

  private groupKey(kind: 'evtdone' | 'evtdead', partition: string, group: string): string {
    const tag = this.tagOf.get(partition);
    if (tag === undefined) throw new TypeError(`EventLog: '${partition}' is not a partition of this log`);
    return this.redis.keys.key(kind, tag, group);
  }
}

function byPartition(deliveries: readonly Delivery[]): Map<string, Delivery[]> {
  const groups = new Map<string, Delivery[]>();
  for (const d of deliveries) groups.set(d.partition, [...(groups.get(d.partition) ?? []), d]);
  return groups;
}
