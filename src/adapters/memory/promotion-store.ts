import type { Promotion, PromotionStore, PromotionUsage } from '../../ports/promotion-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { ReplayLog } from './replay-log.js';

type ReserveResult = Awaited<ReturnType<PromotionStore['reserveUsage']>>;

interface Hold {
  promotionIds: string[];
  customerId: string | undefined;
  state: 'reserved' | 'committed';
}

function copy(promotion: Promotion): Promotion {
  return structuredClone(promotion);
}

/**
 * The in-memory PromotionStore. Codes are indexed upper-cased, so lookups are
 * case-insensitive. Usage counters include reserved uses, so a limit check and a
 * reservation happen in the same synchronous step and the last use goes to one hold only.
 */
export class MemoryPromotionStore implements PromotionStore {
  private readonly promotions = new Map<string, Promotion>();
  private readonly byCode = new Map<string, string>();
  private readonly used = new Map<string, number>();
  private readonly usedByCustomer = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
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

  async getUsage(promotionId: string, customerId?: string): Promise<PromotionUsage> {
    assertWellFormed({ promotionId, customerId }, 'PromotionStore.getUsage');
    return {
      used: this.used.get(promotionId) ?? 0,
      usedByCustomer: customerId === undefined ? 0 : (this.usedByCustomer.get(customerKey(promotionId, customerId)) ?? 0),
    };
  }

  async reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number } & Replayable): Promise<ReserveResult> {
    assertWellFormed(op, 'PromotionStore.reserveUsage');
    const first = this.replays.answered<ReserveResult>(op.opId);
    if (first !== undefined) return first;
    if (this.holds.has(op.holdId)) return { code: 'ok' };
    const ids = [...new Set(op.promotionIds)];
    // Check every limit first, then count: all or nothing.
    for (const id of ids) {
      const promotion = this.promotions.get(id);
      if (!promotion) return { code: 'not_found', promotionId: id };
      if (promotion.usageLimit !== undefined && (this.used.get(id) ?? 0) >= promotion.usageLimit) {
        return { code: 'limit_reached', promotionId: id, scope: 'overall' };
      }
      if (
        promotion.perCustomerLimit !== undefined &&
        op.customerId !== undefined &&
        (this.usedByCustomer.get(customerKey(id, op.customerId)) ?? 0) >= promotion.perCustomerLimit
      ) {
        return { code: 'limit_reached', promotionId: id, scope: 'customer' };
      }
    }
    for (const id of ids) this.count(id, op.customerId, 1);
    this.holds.set(op.holdId, { promotionIds: ids, customerId: op.customerId, state: 'reserved' });
    return this.replays.remember(op.opId, { code: 'ok' });
  }

  async commitUsage(holdId: string, step: Replayable = {}): Promise<{ code: 'ok' | 'not_found' }> {
    assertWellFormed({ holdId, step }, 'PromotionStore.commitUsage');
    const first = this.replays.answered<{ code: 'ok' }>(step.opId);
    if (first !== undefined) return first;
    const hold = this.holds.get(holdId);
    if (!hold) return { code: 'not_found' };
    hold.state = 'committed';
    return this.replays.remember(step.opId, { code: 'ok' });
  }

  async releaseUsage(holdId: string, step: Replayable = {}): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }> {
    assertWellFormed({ holdId, step }, 'PromotionStore.releaseUsage');
    const first = this.replays.answered<{ code: 'ok' }>(step.opId);
    if (first !== undefined) return first;
    const hold = this.holds.get(holdId);
    if (!hold) return { code: 'not_found' };
    if (hold.state === 'committed') return { code: 'already_committed' };
    for (const id of hold.promotionIds) this.count(id, hold.customerId, -1);
    // Forgetting the hold makes a second release answer not_found, which callers treat as done.
    this.holds.delete(holdId);
    return this.replays.remember(step.opId, { code: 'ok' });
  }

  private count(promotionId: string, customerId: string | undefined, delta: number): void {
    this.used.set(promotionId, (this.used.get(promotionId) ?? 0) + delta);
    if (customerId !== undefined) {
      const key = customerKey(promotionId, customerId);
      this.usedByCustomer.set(key, (this.usedByCustomer.get(key) ?? 0) + delta);
    }
  }
}

function customerKey(promotionId: string, customerId: string): string {
  return `${promotionId}\u0000${customerId}`;
}
