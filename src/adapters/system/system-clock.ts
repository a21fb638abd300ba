import type { Clock } from '../../ports/clock.js';

/** The real wall clock. The only place the library reads `Date.now()`. */
export const systemClock: Clock = {
  now: () => Date.now(),
};
