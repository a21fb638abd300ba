import type { InteractionStore, StoredInteraction, TimeRange } from '../../ports/interaction-store.js';

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

  append(interaction: StoredInteraction): Promise<void> {
    this.insert(copy(interaction));
    return Promise.resolve();
  }

  appendMany(interactions: readonly StoredInteraction[]): Promise<void> {
    // Copy everything first so a bad element cannot leave half the batch stored.
    const copies = interactions.map(copy);
    for (const c of copies) this.insert(c);
    return Promise.resolve();
  }

  listByUser(userId: string): Promise<StoredInteraction[]> {
    return Promise.resolve((this.byUser.get(userId) ?? []).map(copy));
  }

  listByTimeRange(range: TimeRange): Promise<StoredInteraction[]> {
    const start = range.from === undefined ? 0 : this.upperBound(range.from - 1);
    const end = range.to === undefined ? this.byTime.length : this.upperBound(range.to - 1);
    const out: StoredInteraction[] = [];
    for (let i = start; i < end; i++) out.push(copy(this.byTime[i]!));
    return Promise.resolve(out);
  }

  count(): Promise<number> {
    return Promise.resolve(this.byTime.length);
  }

  private insert(i: StoredInteraction): void {
    insertSorted(this.byTime, i, this.upperBound(i.at));
    let list = this.byUser.get(i.userId);
    if (!list) this.byUser.set(i.userId, (list = []));
    let pos = list.length;
    while (pos > 0 && list[pos - 1]!.at > i.at) pos--;
    insertSorted(list, i, pos);
  }

  /** First index whose time is greater than `at` (integer times, so `at - 1` gives a lower bound). */
  private upperBound(at: number): number {
    let lo = 0;
    let hi = this.byTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byTime[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function insertSorted(list: StoredInteraction[], value: StoredInteraction, at: number): void {
  if (at === list.length) list.push(value);
  else list.splice(at, 0, value);
}
