import type { Promotion, PromotionStore, PromotionUsage } from '../../ports/promotion-store.js';

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

  save(promotion: Promotion): Promise<void> {
    const previous = this.promotions.get(promotion.id);
    if (previous?.code !== undefined) this.byCode.delete(previous.code.toUpperCase());
    this.promotions.set(promotion.id, copy(promotion));
    if (promotion.code !== undefined) this.byCode.set(promotion.code.toUpperCase(), promotion.id);
    return Promise.resolve();
  }

  get(promotionId: string): Promise<Promotion | null> {
    const found = this.promotions.get(promotionId);
    return Promise.resolve(found ? copy(found) : null);
  }

  findByCode(code: string): Promise<Promotion | null> {
    const id = this.byCode.get(code.toUpperCase());
    const found = id === undefined ? undefined : this.promotions.get(id);
    return Promise.resolve(found ? copy(found) : null);
  }

  listAutomatic(): Promise<Promotion[]> {
    return Promise.resolve([...this.promotions.values()].filter((p) => p.code === undefined).map(copy));
  }

  getUsage(promotionId: string, customerId?: string): Promise<PromotionUsage> {
    return Promise.resolve({
      used: this.used.get(promotionId) ?? 0,
      usedByCustomer: customerId === undefined ? 0 : (this.usedByCustomer.get(customerKey(promotionId, customerId)) ?? 0),
    });
  }

  reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number }): Promise<
    { code: 'ok' } | { code: 'limit_reached'; promotionId: string; scope: 'overall' | 'customer' } | { code: 'not_found'; promotionId: string }
  > {
    if (this.holds.has(op.holdId)) return Promise.resolve({ code: 'ok' });
    const ids = [...new Set(op.promotionIds)];
    // Check every limit first, then count: all or nothing.
    for (const id of ids) {
      const promotion = this.promotions.get(id);
      if (!promotion) return Promise.resolve({ code: 'not_found', promotionId: id });
      if (promotion.usageLimit !== undefined && (this.used.get(id) ?? 0) >= promotion.usageLimit) {
        return Promise.resolve({ code: 'limit_reached', promotionId: id, scope: 'overall' });
      }
      if (
        promotion.perCustomerLimit !== undefined &&
        op.customerId !== undefined &&
        (this.usedByCustomer.get(customerKey(id, op.customerId)) ?? 0) >= promotion.perCustomerLimit
      ) {
        return Promise.resolve({ code: 'limit_reached', promotionId: id, scope: 'customer' });
      }
    }
    for (const id of ids) this.count(id, op.customerId, 1);
    this.holds.set(op.holdId, { promotionIds: ids, customerId: op.customerId, state: 'reserved' });
    return Promise.resolve({ code: 'ok' });
  }

  commitUsage(holdId: string): Promise<{ code: 'ok' | 'not_found' }> {
    const hold = this.holds.get(holdId);
    if (!hold) return Promise.resolve({ code: 'not_found' });
    hold.state = 'committed';
    return Promise.resolve({ code: 'ok' });
  }

  releaseUsage(holdId: string): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }> {
    const hold = this.holds.get(holdId);
    if (!hold) return Promise.resolve({ code: 'not_found' });
    if (hold.state === 'committed') return Promise.resolve({ code: 'already_committed' });
    for (const id of hold.promotionIds) this.count(id, hold.customerId, -1);
    // Forgetting the hold makes a second release answer not_found, which callers treat as done.
    this.holds.delete(holdId);
    return Promise.resolve({ code: 'ok' });
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
