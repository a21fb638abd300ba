import type { Clock } from '../ports/clock.js';

/** A clock that moves only when a test says so. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number | string = '2025-01-01T00:00:00.000Z') {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
    if (!Number.isFinite(this.current)) throw new RangeError(`ManualClock: bad start time ${String(start)}`);
  }

  now(): number {
    return this.current;
  }

  set(time: number | string): void {
    const next = typeof time === 'string' ? Date.parse(time) : time;
    if (!Number.isFinite(next)) throw new RangeError(`ManualClock: bad time ${String(time)}`);
    this.current = next;
  }

  /** Moves forward by `ms` milliseconds (or by { seconds, minutes, hours, days }). */
  advance(by: number | { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): void {
    const ms =
      typeof by === 'number'
        ? by
        : (by.ms ?? 0) + (by.seconds ?? 0) * 1e3 + (by.minutes ?? 0) * 6e4 + (by.hours ?? 0) * 3.6e6 + (by.days ?? 0) * 8.64e7;
    this.current += ms;
  }
}
