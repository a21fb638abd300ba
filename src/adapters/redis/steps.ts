import { randomUUID } from 'node:crypto';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { answerLost, type LuaScript } from './script.js';

/**
 * How long to wait before each resend of a call whose answer was lost. Every step is safe to
 * run twice (reads change nothing; writes carry an operation key), so a call that failed on
 * the way is sent again: node-redis fails the commands in flight when its connection drops
 * and queues new ones until it is back, so one resend usually lands. ioredis resends by
 * itself and fails a call only once it has given up.
 */
const RESEND_DELAYS_MS = [50, 250];

/** How long Redis remembers an applied step by default (see RedisAdaptersOptions.replayWindowMs). */
export const DEFAULT_REPLAY_WINDOW_MS = 10 * 60_000;

/**
 * Runs the stores' steps on the host's client. A step that writes is made safe to replay
 * (ports/replay.ts): its operation key `op:{tag}:<opId>`, in the slot of the step's other
 * keys, goes LAST in KEYS and the replay window (ms) LAST in ARGV. The script
 * (lua/lib/replay.lua) answers the recorded answer when that key exists, and records its
 * answer there when it writes. The opId is the caller's, or a new one per call: either way a
 * resend of the same call (by ioredis, or by `run` below) carries the same key.
 */
export class RedisSteps {
  constructor(
    readonly client: RedisScriptClient,
    readonly keys: RedisKeys,
    readonly replayWindowMs: number = DEFAULT_REPLAY_WINDOW_MS,
  ) {
    if (!Number.isSafeInteger(replayWindowMs) || replayWindowMs < 1000) throw new TypeError('redisAdapters: replayWindowMs must be an integer of at least 1000 ms');
  }

  /** A step that only reads. */
  read<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    return this.run<T>(script, keys, args);
  }

  /** A step that writes, in the slot of `tag`, made safe to replay with its operation key. */
  write<T>(script: LuaScript, tag: string, opId: string | undefined, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    return this.run<T>(script, [...keys, this.opKey(tag, opId)], [...args, this.replayWindowMs]);
  }

  /**
   * Runs a script that is safe to run twice, sending it again while its answer is lost
   * (RESEND_DELAYS_MS); still failing, it is STORE_UNAVAILABLE.
   */
  async run<T>(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await script.run<T>(this.client, keys, args);
      } catch (error) {
        const delay = RESEND_DELAYS_MS[attempt];
        if (delay === undefined || !answerLost(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** The operation key of a step in the slot of `tag` (batching scripts pass one per step). */
  opKey(tag: string, opId: string | undefined): string {
    return this.keys.key('op', tag, opId ?? randomUUID());
  }
}
