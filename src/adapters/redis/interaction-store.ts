import type { InteractionStore, StoredInteraction, TimeRange } from '../../ports/interaction-store.js';
import type { Replayable } from '../../ports/replay.js';
import { CommerceError } from '../../shared/errors.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const appendScript = new LuaScript('interactions-append');
const listScript = new LuaScript('interactions-list');
const countScript = new LuaScript('interactions-count');

/**
 * The whole log shares one hash tag, `{interactions}`, so an append writes the time index and
 * every user index in one script, all or none, even on a cluster. The price: on a cluster all
 * interaction traffic goes to one slot, i.e. one node's single thread (see docs/redis.md).
 */
const TAG = 'interactions';

/**
 * The interaction log on Redis: a sorted set by time over the whole log plus one sorted set
 * per user, both holding `<sequence>|<json>` members, so each read is one ZRANGEBYSCORE. An
 * append is one script with its operation key (`op:{interactions}:<opId>`), so one sent
 * again appends nothing more.
 */
export class RedisInteractionStore implements InteractionStore {
  constructor(
    private readonly redis: RedisSteps,
    /** Interactions per read script (each page is one short script, ~a few ms). */
    private readonly pageSize = 2000,
  ) {}

  async append(interaction: StoredInteraction, step: Replayable = {}): Promise<void> {
    assertWellFormed({ interaction, step }, 'InteractionStore.append');
    await this.write([interaction], step);
  }

  async appendMany(interactions: readonly StoredInteraction[], step: Replayable = {}): Promise<void> {
    assertWellFormed({ interactions, step }, 'InteractionStore.appendMany');
    await this.write(interactions, step);
  }

  private async write(interactions: readonly StoredInteraction[], step: Replayable): Promise<void> {
    if (interactions.length === 0) return;
    const keys = [this.redis.keys.key('rec', TAG, 'seq'), this.timeKey()];
    const userSlot = new Map<string, number>();
    const args: string[] = [];
    for (const i of interactions) {
      // Checked here as well as in the script: 'NaN' or 'Infinity' must never reach ZADD.
      if (!Number.isFinite(i.at)) throw new CommerceError('VALIDATION_FAILED', { reason: 'interaction time must be a finite number' });
      let slot = userSlot.get(i.userId);
      if (slot === undefined) {
        keys.push(this.userKey(i.userId));
        slot = keys.length; // Lua's KEYS is 1-based
        userSlot.set(i.userId, slot);
      }
      args.push(String(i.at), JSON.stringify(encode(i)), String(slot));
    }
    await this.redis.write(appendScript, TAG, step.opId, keys, args);
  }

  async listByUser(userId: string): Promise<StoredInteraction[]> {
    assertWellFormed(userId, 'InteractionStore.listByUser');
    return this.readPages(this.userKey(userId), '-inf', '+inf');
  }

  listByTimeRange(range: TimeRange): Promise<StoredInteraction[]> {
    const min = range.from === undefined ? '-inf' : String(range.from);
    const max = range.to === undefined ? '+inf' : `(${String(range.to)}`;
    return this.readPages(this.timeKey(), min, max);
  }

  /**
   * Reads a range page by page, so reading a large log (training reads all of it) never blocks
   * Redis for long in one script. Pages split between distinct times, so nothing is read twice;
   * an append made during the read is seen if its time lies after the page being read.
   */
  private async readPages(key: string, from: string, to: string): Promise<StoredInteraction[]> {
    const all: StoredInteraction[] = [];
    let min = from;
    for (;;) {
      const page = await this.redis.read<{ items: StoredInteraction[]; next: string | null }>(listScript, [key], [min, to, this.pageSize]);
      for (const item of page.items) all.push(item);
      if (page.next === null) return all;
      min = `(${page.next}`;
    }
  }

  count(): Promise<number> {
    return this.redis.read(countScript, [this.timeKey()], []);
  }

  private timeKey(): string {
    return this.redis.keys.key('rec', TAG, 'time');
  }

  private userKey(userId: string): string {
    return this.redis.keys.key('rec', TAG, 'user', userId);
  }
}

/** Only the port's fields, in a fixed order, optional ones only when present. */
function encode(i: StoredInteraction): StoredInteraction {
  const out: StoredInteraction = { userId: i.userId, productId: i.productId, type: i.type, weight: i.weight, at: i.at };
  if (i.sessionId !== undefined) out.sessionId = i.sessionId;
  if (i.orderId !== undefined) out.orderId = i.orderId;
  return out;
}
