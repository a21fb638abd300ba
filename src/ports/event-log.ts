/**
 * Durable domain events: the log a store step writes its events to, in the same atomic step
 * as the change they report, and the consumer-group cursor `EventRelay` (src/events/) reads
 * them through. One log per backend: a mixed deployment has a log per backend that holds
 * state, and the relay reads every one of them.
 *
 * A log is split into partitions (a Redis stream per hash tag, a PostgreSQL outbox table, one
 * list in memory); every event of one aggregate sits in one partition, in sequence order.
 */

/** A JSON value: what an event payload may hold (amounts as decimal strings, times as epoch ms). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An event as a service hands it to a store step; the step numbers it. */
export interface EventDraft {
  /** What happened, e.g. `order.placed`. */
  type: string;
  /** The id of the thing that changed (an order id, a payment id). */
  aggregateId: string;
  /** When it happened (epoch ms, from the service's clock). */
  time: number;
  /** The version of this type's payload shape: a consumer refuses one it does not know. */
  schemaVersion: number;
  /** JSON-safe details; what the in-process bus carries for the same type. */
  payload: JsonValue;
}

/** An event as recorded: numbered within its aggregate. */
export interface DomainEvent extends EventDraft {
  /** `<aggregateId>:<sequence>`: unique and the same on every delivery. */
  id: string;
  /** 1, 2, 3, ... per aggregate, without gaps: the order a group handles them in. */
  sequence: number;
}

/**
 * What a store step that records takes beside its `opId` (ports/replay.ts): the events the
 * change makes true. They are written in the same atomic step as the change or not at all;
 * a replayed step records nothing again.
 */
export interface RecordsEvents {
  events?: readonly EventDraft[];
}

/** An event handed to one consumer of a group, until it is settled or reclaimed. */
export interface Delivery {
  event: DomainEvent;
  /** The partition the event sits in (a stream key, a table name): pass it back as is. */
  partition: string;
  /** The log's handle on this event in its partition (a stream entry id, a row id). */
  handle: string;
  /** The group's last settled sequence of this aggregate when the event was handed out. */
  settled: number;
}

/** An event a group gave up on after `maxAttempts`: kept until replayed or forgotten. */
export interface DeadLetter {
  event: DomainEvent;
  partition: string;
  /** The last handler error's message. */
  error: string;
  /** How many times the handler ran. */
  attempts: number;
  /** When it was dead-lettered (epoch ms). */
  time: number;
}

/**
 * The consumer side of an event log. Groups are independent cursors: every group sees every
 * event. Within a group an event is in flight to one consumer at a time; it stays in flight
 * until `settle`, or until it has been idle longer than a consumer's visibility timeout and
 * another consumer `reclaim`s it. Every member is safe to send twice.
 */
export interface EventLog {
  /** Creates the group's cursor where missing, at the oldest retained event. Idempotent. */
  join(group: string): Promise<void>;

  /**
   * Up to `limit` events the group has not yet been handed, oldest first per partition, now
   * in flight to `consumer`. Answers at once (empty when there is nothing new).
   */
  receive(group: string, consumer: string, options: { limit: number }): Promise<Delivery[]>;

  /**
   * Up to `limit` events in flight to any consumer of the group for longer than `idleMs`,
   * now in flight to `consumer` with their idle time restarted.
   */
  reclaim(group: string, consumer: string, options: { idleMs: number; limit: number }): Promise<Delivery[]>;

  /** Restarts the idle time of deliveries `consumer` still holds (those it lost are skipped). */
  touch(group: string, consumer: string, deliveries: readonly Delivery[]): Promise<void>;

  /** The group's last settled sequence of each delivery's aggregate, in the order given. */
  settledOf(group: string, deliveries: readonly Delivery[]): Promise<number[]>;

  /**
   * Ends the delivery: the group's settled sequence of the aggregate moves up to the event's
   * (never down), and with `deadLetter` the event joins the group's dead letters, in one step.
   */
  settle(group: string, delivery: Delivery, deadLetter?: { error: string; attempts: number; time: number }): Promise<void>;

  /** The group's dead letters, oldest first, at most `limit`. */
  deadLetters(group: string, options: { limit: number }): Promise<DeadLetter[]>;

  /** Drops a dead letter (after it was replayed). Answers whether it was there. */
  forgetDeadLetter(group: string, letter: Pick<DeadLetter, 'event' | 'partition'>): Promise<boolean>;

  /**
   * Drops events recorded more than `retentionMs` ago that every group has settled (or been
   * handed and settled); answers how many went.
   */
  trim(options: { retentionMs: number }): Promise<number>;
}
