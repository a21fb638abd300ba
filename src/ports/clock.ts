/**
 * Where every service reads the time. Domain code never calls `Date.now()`;
 * tests drive time with `ManualClock` from `commerce-kernel/testing`.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
