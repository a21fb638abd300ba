import type { Promotion, PromotionStore, PromotionUsage } from '../../ports/promotion-store.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const saveScript = new LuaScript('promotion-save');
const getScript = new LuaScript('promotion-get');
const findByCodeScript = new LuaScript('promotion-find-by-code');
const listAutomaticScript = new LuaScript('promotion-list-automatic');
const usageScript = new LuaScript('promotion-usage');
const reserveScript = new LuaScript('promotion-reserve');
const commitScript = new LuaScript('promotion-commit');
const releaseScript = new LuaScript('promotion-release');

/**
 * Every key of this store carries the one hash tag `promotions`. A reservation checks and
 * counts several promotions all or nothing in one script, which on a cluster needs all
 * their counters in one slot; definitions and holds share it too, since the reserve
 * script reads the limits from the definitions. Consequence: all promotion traffic of a
 * store goes to one cluster node. Usage is reserved once per order, and definitions are
 * few and small, so this is not the hot path (line edits are, and they never touch it).
 */
const TAG = 'promotions';

type ReserveResult = Awaited<ReturnType<PromotionStore['reserveUsage']>>;

/** The PromotionStore on Redis: definitions, code index and usage counters in one slot. */
export class RedisPromotionStore implements PromotionStore {
  private readonly defsKey: string;
  private readonly codesKey: string;
  private readonly codeOfKey: string;
  private readonly automaticKey: string;
  private readonly usedKey: string;
  private readonly usedByCustomerKey: string;

  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
  ) {
    this.defsKey = keys.key('promo', TAG, 'defs');
    this.codesKey = keys.key('promo', TAG, 'codes');
    this.codeOfKey = keys.key('promo', TAG, 'code-of');
    this.automaticKey = keys.key('promo', TAG, 'automatic');
    this.usedKey = keys.key('promo', TAG, 'used');
    this.usedByCustomerKey = keys.key('promo', TAG, 'used-by-customer');
  }

  async save(promotion: Promotion): Promise<void> {
    const hasCode = promotion.code !== undefined;
    await saveScript.run(
      this.client,
      [this.defsKey, this.codesKey, this.codeOfKey, this.automaticKey],
      [promotion.id, JSON.stringify(promotion), hasCode ? '1' : '0', promotion.code?.toUpperCase() ?? ''],
    );
  }

  get(promotionId: string): Promise<Promotion | null> {
    return getScript.run<Promotion | null>(this.client, [this.defsKey], [promotionId]);
  }

  findByCode(code: string): Promise<Promotion | null> {
    return findByCodeScript.run<Promotion | null>(this.client, [this.codesKey, this.defsKey], [code.toUpperCase()]);
  }

  listAutomatic(): Promise<Promotion[]> {
    return listAutomaticScript.run<Promotion[]>(this.client, [this.automaticKey, this.defsKey], []);
  }

  getUsage(promotionId: string, customerId?: string): Promise<PromotionUsage> {
    const field = customerId === undefined ? '' : customerField(promotionId, customerId);
    return usageScript.run<PromotionUsage>(this.client, [this.usedKey, this.usedByCustomerKey], [promotionId, field]);
  }

  reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number }): Promise<ReserveResult> {
    const ids = [...new Set(op.promotionIds)];
    const { customerId } = op;
    const fields = customerId === undefined ? [] : ids.map((id) => customerField(id, customerId));
    return reserveScript.run<ReserveResult>(
      this.client,
      [this.defsKey, this.usedKey, this.usedByCustomerKey, this.holdKey(op.holdId)],
      [JSON.stringify(ids), JSON.stringify(fields), ids.length, customerId === undefined ? '0' : '1', ...ids, ...fields],
    );
  }

  commitUsage(holdId: string): Promise<{ code: 'ok' | 'not_found' }> {
    return commitScript.run(this.client, [this.holdKey(holdId)], []);
  }

  releaseUsage(holdId: string): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }> {
    return releaseScript.run(this.client, [this.holdKey(holdId), this.usedKey, this.usedByCustomerKey], []);
  }

  private holdKey(holdId: string): string {
    return this.keys.key('promo', TAG, 'hold', holdId);
  }
}

/** The per-customer counter field: JSON of the pair, so no separator can make two collide. */
function customerField(promotionId: string, customerId: string): string {
  return JSON.stringify([promotionId, customerId]);
}
