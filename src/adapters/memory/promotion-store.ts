import type { CommitUsageResult, Promotion, PromotionStore, PromotionUsage, ReserveUsageResult } from '../../ports/promotion-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { ReplayLog } from './replay-log.js';

type ReserveResult = ReserveUsageResult;

interface Hold {
  promotionIds: string[];
  customerId: string | undefined;
  state: 'reserved' | 'committed';
  /** A reserved hold with an expiry is counted through `lapsing`, not the counters. */
  expiresAt?: number | undefined;
}

function copy(promotion: Promotion): Promotion {
  return structuredClone(promotion);
}

/**
 * The in-memory PromotionStore. Codes are indexed upper-cased, so lookups are
 * case-insensitive. Usage counters include committed uses and reserved uses that never
 * lapse; a reserved hold with an expiry counts through `lapsing` (hold id -> expiry, per
 * promotion and per promotion and customer) only while it has not lapsed, so an abandoned
 * hold stops counting at its expiry without anyone releasing it. A limit check and a
 * reservation happen in the same synchronous step and the last use goes to one hold only.
 */
export class MemoryPromotionStore implements PromotionStore {
  private readonly promotions = new Map<string, Promotion>();
  private readonly byCode = new Map<string, string>();
  private readonly used = new Map<string, number>();
  private readonly usedByCustomer = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  private readonly lapsing = new Map<string, Map<string, number>>();
  private readonly replays = new ReplayLog();

  async save(promotion: Promotion): Promise<void> {
    assertWellFormed(promotion, 'PromotionStore.save');
    const previous = this.promotions.get(promotion.id);
    if (previous?.code !== undefined) this.byCode.delete(previous.code.toUpperCase());
    this.promotions.set(promotion.id, copy(promotion));
    if (promotion.code !== undefined) this.byCode.set(promotion.code.toUpperCase(), promotion.id);
  }

  async get(promotionId: string): Promise<Promotion | null> {
    assertWellFormed(promotionId, 'PromotionStore.get');
    const found = this.promotions.get(promotionId);
    return found ? copy(found) : null;
  }

  async findByCode(code: string): Promise<Promotion | null> {
    assertWellFormed(code, 'PromotionStore.findByCode');
    const id = this.byCode.get(code.toUpperCase());
    const found = id === undefined ? undefined : this.promotions.get(id);
    return found ? copy(found) : null;
  }

  async listAutomatic(): Promise<Promotion[]> {
    return [...this.promotions.values()].filter((p) => p.code === undefined).map(copy);
  }

  async getUsage(promotionId: string, customerId?: string, now?: number): Promise<PromotionUsage> {
    assertWellFormed({ promotionId, customerId }, 'PromotionStore.getUsage');
    return {
      used: this.usedOverall(promotionId, now),
      usedByCustomer: customerId === undefined ? 0 : this.usedBy(promotionId, customerId, now),
    };
  }

  async reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number; expiresAt?: number } & Replayable): Promise<ReserveResult> {
    assertWellFormed(op, 'PromotionStore.reserveUsage');
    const first = this.replays.answered<ReserveResult>(op.opId);
    if (first !== undefined) return first;
    const existing = this.holds.get(op.holdId);
    if (existing && !lapsed(existing, op.now)) return { code: 'ok' };
    if (existing) this.forget(op.holdId, existing);
    const ids = [...new Set(op.promotionIds)];
    const refused = this.limitReached(ids, op.customerId, op.now);
    if (refused) return refused;
    const hold: Hold = { promotionIds: ids, customerId: op.customerId, state: 'reserved', expiresAt: op.expiresAt };
    this.take(op.holdId, hold);
    this.holds.set(op.holdId, hold);
    return this.replays.remember(op.opId, { code: 'ok' });
  }

  async commitUsage(holdId: string, step: Replayable & { now?: number } = {}): Promise<CommitUsageResult> {
    assertWellFormed({ holdId, step }, 'PromotionStore.commitUsage');
    const first = this.replays.answered<CommitUsageResult>(step.opId);
    if (first !== undefined) return first;
    const hold = this.holds.get(holdId);
    if (!hold) return { code: 'not_found' };
    if (hold.state === 'committed') return this.replays.remember(step.opId, { code: 'ok' });
    if (lapsed(hold, step.now)) {
      // Its uses stopped counting when it lapsed: count them again as a new reservation would.
      const refused = this.limitReached(hold.promotionIds, hold.customerId, step.now ?? 0);
      if (refused?.code === 'limit_reached') return refused;
    }
    // A hold that can lapse moves into the counters, where committed uses stay for good.
    if (hold.expiresAt !== undefined) {
      this.drop(holdId, hold);
      this.counters(hold.promotionIds, hold.customerId, 1);
    }
    this.holds.set(holdId, { promotionIds: hold.promotionIds, customerId: hold.customerId, state: 'committed' });
    return this.replays.remember(step.opId, { code: 'ok' });
  }

  async releaseUsage(holdId: string, step: Replayable = {}): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }> {
    assertWellFormed({ holdId, step }, 'PromotionStore.releaseUsage');
    const first = this.replays.answered<{ code: 'ok' }>(step.opId);
    if (first !== undefined) return first;
    const hold = this.holds.get(holdId);
    if (!hold) return { code: 'not_found' };
    if (hold.state === 'committed') return { code: 'already_committed' };
    // Forgetting the hold makes a second release answer not_found, which callers treat as done.
    this.forget(holdId, hold);
    return this.replays.remember(step.opId, { code: 'ok' });
  }

  /** The first limit the hold would pass, checked for every promotion before anything counts. */
  private limitReached(ids: string[], customerId: string | undefined, now: number): ReserveResult | undefined {
    for (const id of ids) {
      const promotion = this.promotions.get(id);
      if (!promotion) return { code: 'not_found', promotionId: id };
      if (promotion.usageLimit !== undefined && this.usedOverall(id, now) >= promotion.usageLimit) {
        return { code: 'limit_reached', promotionId: id, scope: 'overall' };
      }
      if (promotion.perCustomerLimit !== undefined && customerId !== undefined && this.usedBy(id, customerId, now) >= promotion.perCustomerLimit) {
        return { code: 'limit_reached', promotionId: id, scope: 'customer' };
      }
    }
    return undefined;
  }

  private usedOverall(promotionId: string, now: number | undefined): number {
    return (this.used.get(promotionId) ?? 0) + this.live(promotionId, now);
  }

  private usedBy(promotionId: string, customerId: string, now: number | undefined): number {
    const key = customerKey(promotionId, customerId);
    return (this.usedByCustomer.get(key) ?? 0) + this.live(key, now);
  }

  /** Holds with an expiry still counting at `now` under one counter key (all of them without `now`). */
  private live(key: string, now: number | undefined): number {
    const holds = this.lapsing.get(key);
    if (!holds) return 0;
    if (now === undefined) return holds.size;
    let count = 0;
    for (const [holdId, expiresAt] of holds) {
      if (expiresAt > now) count += 1;
      // A lapsed hold never counts again here; a commit that revives it counts it in the counters.
      else holds.delete(holdId);
    }
    return count;
  }

  /** Counts a new reserved hold: in the counters, or while it lasts when it can lapse. */
  private take(holdId: string, hold: Hold): void {
    if (hold.expiresAt === undefined) return this.counters(hold.promotionIds, hold.customerId, 1);
    for (const key of this.keysOf(hold)) {
      let holds = this.lapsing.get(key);
      if (!holds) this.lapsing.set(key, (holds = new Map<string, number>()));
      holds.set(holdId, hold.expiresAt);
    }
  }

  /** Stops counting a reserved hold that can lapse (lapsed or not). */
  private drop(holdId: string, hold: Hold): void {
    for (const key of this.keysOf(hold)) {
      const holds = this.lapsing.get(key);
      holds?.delete(holdId);
      if (holds?.size === 0) this.lapsing.delete(key);
    }
  }

  /** Gives a reserved hold's uses back and forgets it. */
  private forget(holdId: string, hold: Hold): void {
    if (hold.expiresAt === undefined) this.counters(hold.promotionIds, hold.customerId, -1);
    else this.drop(holdId, hold);
    this.holds.delete(holdId);
  }

  private keysOf(hold: Hold): string[] {
    const customerId = hold.customerId;
    return [...hold.promotionIds, ...(customerId === undefined ? [] : hold.promotionIds.map((id) => customerKey(id, customerId)))];
  }

  private counters(promotionIds: string[], customerId: string | undefined, delta: number): void {
    for (const promotionId of promotionIds) {
      this.used.set(promotionId, (this.used.get(promotionId) ?? 0) + delta);
      if (customerId !== undefined) {
        const key = customerKey(promotionId, customerId);
        this.usedByCustomer.set(key, (this.usedByCustomer.get(key) ?? 0) + delta);
      }
    }
  }
}

/** A reserved hold past its expiry at `now` (never without an expiry, or without `now`). */
function lapsed(hold: Hold, now: number | undefined): boolean {
  return hold.state === 'reserved' && hold.expiresAt !== undefined && now !== undefined && hold.expiresAt <= now;
}

function customerKey(promotionId: string, customerId: string): string {
  return `${promotionId}\u0000${customerId}`;
}
