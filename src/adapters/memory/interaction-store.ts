import type { InteractionStore, StoredInteraction, TimeRange } from '../../ports/interaction-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { ReplayLog } from './replay-log.js';

function copy(i: StoredInteraction): StoredInteraction {
  return { ...i };
}

/**
 * In-memory interaction log. Keeps one array sorted by time (appends out of order are
 * placed by binary search after equal times, so ties stay in append order) and one array per
 * user; every call is synchronous inside, and values are copied in and out.
 */
export class MemoryInteractionStore implements InteractionStore {
  private readonly byTime: StoredInteraction[] = [];
  private readonly byUser = new Map<string, StoredInteraction[]>();
  private readonly replays = new ReplayLog();

  async append(interaction: StoredInteraction, step: Replayable = {}): Promise<void> {
    assertWellFormed({ interaction, step }, 'InteractionStore.append');
    if (this.replays.answered<true>(step.opId)) return;
    this.insert(copy(interaction));
    this.replays.remember(step.opId, true);
  }

  async appendMany(interactions: readonly StoredInteraction[], step: Replayable = {}): Promise<void> {
    assertWellFormed({ interactions, step }, 'InteractionStore.appendMany');
    if (interactions.length === 0 || this.replays.answered<true>(step.opId)) return;
    // Copy everything first so a bad element cannot leave half the batch stored.
    this.appendCopies(interactions.map(copy));
    this.replays.remember(step.opId, true);
  }

  private appendCopies(copies: StoredInteraction[]): void {
    if (copies.length < 64) {
      for (const c of copies) this.insert(c);
      return;
    }
    // A big batch (a bulk import, often not in time order) is appended then stable-sorted:
    // O(n log n) instead of one splice per element, and ties keep append order.
    appendSorted(this.byTime, copies);
    const byUser = new Map<string, StoredInteraction[]>();
    for (const c of copies) {
      let list = byUser.get(c.userId);
      if (!list) byUser.set(c.userId, (list = []));
      list.push(c);
    }
    for (const [userId, list] of byUser) {
      let existing = this.byUser.get(userId);
      if (!existing) this.byUser.set(userId, (existing = []));
      appendSorted(existing, list);
    }
  }

  async listByUser(userId: string): Promise<StoredInteraction[]> {
    assertWellFormed(userId, 'InteractionStore.listByUser');
    return (this.byUser.get(userId) ?? []).map(copy);
  }

  async listByTimeRange(range: TimeRange): Promise<StoredInteraction[]> {
    const start = range.from === undefined ? 0 : this.search(range.from, false);
    const end = range.to === undefined ? this.byTime.length : this.search(range.to, false);
    const out: StoredInteraction[] = [];
    for (let i = start; i < end; i++) out.push(copy(this.byTime[i]!));
    return out;
  }

  async count(): Promise<number> {
    return this.byTime.length;
  }

  private insert(i: StoredInteraction): void {
    insertSorted(this.byTime, i, this.search(i.at, true));
    let list = this.byUser.get(i.userId);
    if (!list) this.byUser.set(i.userId, (list = []));
    let pos = list.length;
    while (pos > 0 && list[pos - 1]!.at > i.at) pos--;
    insertSorted(list, i, pos);
  }

  /**
   * Binary search on time: the first index with time >= `at`, or with `afterTies` the first
   * with time > `at` (where an append goes, so equal times keep append order).
   */
  private search(at: number, afterTies: boolean): number {
    let lo = 0;
    let hi = this.byTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.byTime[mid]!.at;
      if (t < at || (afterTies && t === at)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function insertSorted(list: StoredInteraction[], value: StoredInteraction, at: number): void {
  if (at === list.length) list.push(value);
  else list.splice(at, 0, value);
}

function appendSorted(list: StoredInteraction[], batch: readonly StoredInteraction[]): void {
  let ordered = true;
  let last = list.length > 0 ? list[list.length - 1]!.at : Number.NEGATIVE_INFINITY;
  for (const b of batch) {
    if (b.at < last) ordered = false;
    last = b.at;
    list.push(b);
  }
  if (!ordered) list.sort((x, y) => x.at - y.at);
}
