import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock } from '../adapters/system/system-clock.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetter, Delivery, EventLog } from '../ports/event-log.js';
import { relaySettings, type EventHandler, type EventHandlers, type EventRelayOptions, type RelayFailure, type RelaySettings } from './relay-options.js';

/** The longest pause between two looks at whether an event's predecessor is settled. */
const TURN_POLL_MAX_MS = 50;

/** What `replayDeadLetters` did. */
export interface ReplayReport {
  replayed: number;
  failed: number;
}

/**
 * One consumer of a group: reads the event logs of the deployment, runs the group's handlers
 * and settles each event once its handler resolved (at least once per group, across
 * processes). Started by `start()` (or `shop.subscribe`), stopped by `stop()`, which lets the
 * handlers already running finish.
 *
 * Order: the events of one aggregate sit in one partition, numbered without gaps, and the
 * log keeps the group's last settled number of each aggregate. A consumer runs an event only
 * once its predecessor is settled (by any consumer): its own earlier events of the aggregate
 * run first on a local lane, another consumer's are waited for. An event whose number is
 * already settled was handled before (a redelivery) and is settled without a call.
 */
export class EventRelay {
  readonly group: string;
  readonly consumer: string;
  private readonly logs: readonly EventLog[];
  private readonly handlers: EventHandlers;
  private readonly settings: RelaySettings;
  private readonly onError: (failure: RelayFailure) => void;
  /** The tail of each aggregate's local lane. */
  private readonly lanes = new Map<string, Promise<void>>();
  /** Events this consumer holds, so a reclaim of its own slow event does not run it twice here. */
  private readonly held = new Set<string>();
  private running: Promise<void> | undefined;
  private stopping = false;
  /** The naps in progress, which `stop()` cuts short. */
  private readonly naps = new Set<() => void>();
  private readonly clock: Clock;

  constructor(options: EventRelayOptions) {
    this.settings = relaySettings(options);
    this.logs = [...options.logs];
    this.group = options.group;
    this.handlers = { ...options.handlers };
    this.consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.onError = options.onError ?? (() => undefined);
    this.clock = options.clock ?? systemClock;
  }

  /** Joins the group on every log and starts consuming. Resolves once joined. */
  async start(): Promise<this> {
    if (this.running) return this;
    for (const log of this.logs) await log.join(this.group);
    this.stopping = false;
    this.running = this.loop();
    return this;
  }

  /**
   * Stops asking for events and waits for the handlers already running to finish and settle.
   * Events held but not started (waiting their turn or a retry) stay in flight and go to
   * another consumer after the visibility timeout.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.naps]) wake();
    await this.running;
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
    this.running = undefined;
  }

  /** The group's dead letters on every log, oldest first per log. */
  async deadLetters(options: { limit?: number } = {}): Promise<DeadLetter[]> {
    const limit = options.limit ?? 100;
    const letters: DeadLetter[] = [];
    for (const log of this.logs) letters.push(...(await log.deadLetters(this.group, { limit: limit - letters.length })));
    return letters;
  }

  /**
   * Runs this group's handler once on each dead letter (those `filter` keeps); one that
   * resolves is forgotten, one that throws stays, reported to `onError`.
   */
  async replayDeadLetters(options: { limit?: number; filter?: (letter: DeadLetter) => boolean } = {}): Promise<ReplayReport> {
    const report: ReplayReport = { replayed: 0, failed: 0 };
    for (const log of this.logs) {
      for (const letter of await log.deadLetters(this.group, { limit: options.limit ?? 100 })) {
        if (options.filter && !options.filter(letter)) continue;
        try {
          await this.handlerOf(letter.event.type)?.(letter.event);
          await log.forgetDeadLetter(this.group, letter);
          report.replayed += 1;
        } catch (error) {
          this.onError({ stage: 'handler', error, event: letter.event });
          report.failed += 1;
        }
      }
    }
    return report;
  }

  private async loop(): Promise<void> {
    const { pollMs, visibilityTimeoutMs, retentionMs } = this.settings;
    const reclaimEveryMs = Math.max(pollMs, Math.floor(visibilityTimeoutMs / 4));
    let lastReclaim = -Infinity;
    let lastTrim = -Infinity;
    while (!this.stopping) {
      let received = 0;
      for (const log of this.logs) {
        const room = this.settings.maxInFlight - this.held.size;
        if (room <= 0 || this.stopping) break;
        received += this.accept(log, await this.logCall(() => log.receive(this.group, this.consumer, { limit: room }), []));
      }
      if (this.clock.now() - lastReclaim >= reclaimEveryMs) {
        lastReclaim = this.clock.now();
        for (const log of this.logs) {
          const room = this.settings.maxInFlight - this.held.size;
          if (room <= 0 || this.stopping) break;
          received += this.accept(log, await this.logCall(() => log.reclaim(this.group, this.consumer, { idleMs: visibilityTimeoutMs, limit: room }), []));
        }
      }
      if (retentionMs !== undefined && this.clock.now() - lastTrim >= Math.max(1000, Math.floor(retentionMs / 10))) {
        lastTrim = this.clock.now();
        for (const log of this.logs) await this.logCall(() => log.trim({ retentionMs }), 0);
      }
      if (received === 0) await this.nap(pollMs);
    }
  }

  /** Puts each delivery on its aggregate's lane; answers how many were new to this consumer. */
  private accept(log: EventLog, deliveries: readonly Delivery[]): number {
    let accepted = 0;
    for (const delivery of deliveries) {
      const key = `${delivery.partition}\u0000${delivery.handle}`;
      if (this.held.has(key)) continue;
      this.held.add(key);
      accepted += 1;
      const lane = `${delivery.partition}\u0000${delivery.event.aggregateId}`;
      const tail = (this.lanes.get(lane) ?? Promise.resolve())
        .then(() => this.process(log, delivery))
        .catch((error: unknown) => this.onError({ stage: 'log', error, event: delivery.event }))
        .finally(() => {
          this.held.delete(key);
          if (this.lanes.get(lane) === tail) this.lanes.delete(lane);
        });
      this.lanes.set(lane, tail);
    }
    return accepted;
  }

  private async process(log: EventLog, delivery: Delivery): Promise<void> {
    const turn = await this.awaitTurn(log, delivery);
    if (turn === 'leave') return;
    const handler = this.handlerOf(delivery.event.type);
    if (turn === 'handled' || !handler) return this.settle(log, delivery);
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(delivery.event);
      } catch (error) {
        const deadLettered = attempt >= this.settings.maxAttempts;
        this.onError({ stage: 'handler', error, event: delivery.event, attempt, deadLettered });
        if (deadLettered) return this.settle(log, delivery, { error: messageOf(error), attempts: attempt, time: this.clock.now() });
        const delay = Math.min(this.settings.maxMs, this.settings.baseMs * 2 ** (attempt - 1));
        if (!(await this.holdFor(log, delivery, delay))) return;
        continue;
      }
      return this.settle(log, delivery);
    }
  }

  /**
   * Waits until the event's predecessor is settled: `run` it then, `handled` when it was
   * settled already, `leave` it in flight (for another consumer) when stopping or after a
   * visibility timeout of waiting.
   */
  private async awaitTurn(log: EventLog, delivery: Delivery): Promise<'run' | 'handled' | 'leave'> {
    const wanted = delivery.event.sequence - 1;
    let settled = delivery.settled;
    let pause = 1;
    let waited = 0;
    let sinceTouch = 0;
    while (settled < wanted) {
      if (this.stopping || waited >= this.settings.visibilityTimeoutMs) return 'leave';
      await sleep(pause);
      waited += pause;
      sinceTouch += pause;
      pause = Math.min(pause * 2, TURN_POLL_MAX_MS);
      if (sinceTouch * 3 >= this.settings.visibilityTimeoutMs) {
        sinceTouch = 0;
        await this.logCall(() => log.touch(this.group, this.consumer, [delivery]), undefined);
      }
      [settled = settled] = await this.logCall(() => log.settledOf(this.group, [delivery]), [settled]);
    }
    return settled > wanted ? 'handled' : 'run';
  }

  /** Waits `ms` before a retry, keeping the event from being reclaimed meanwhile; false when stopping. */
  private async holdFor(log: EventLog, delivery: Delivery, ms: number): Promise<boolean> {
    const step = Math.max(1, Math.floor(this.settings.visibilityTimeoutMs / 3));
    for (let left = ms; left > 0; left -= step) {
      if (this.stopping) return false;
      await this.logCall(() => log.touch(this.group, this.consumer, [delivery]), undefined);
      await this.nap(Math.min(step, left));
    }
    if (this.stopping) return false;
    await this.logCall(() => log.touch(this.group, this.consumer, [delivery]), undefined);
    return true;
  }

  private async settle(log: EventLog, delivery: Delivery, deadLetter?: { error: string; attempts: number; time: number }): Promise<void> {
    // A settle that fails leaves the event in flight: it is delivered again (at least once).
    await this.logCall(() => log.settle(this.group, delivery, deadLetter), undefined);
  }

  private handlerOf(type: string): EventHandler | undefined {
    return Object.hasOwn(this.handlers, type) ? this.handlers[type] : this.handlers['*'];
  }

  private async logCall<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.onError({ stage: 'log', error });
      return fallback;
    }
  }

  /** A pause that `stop()` cuts short. */
  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.naps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.naps.add(done);
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
