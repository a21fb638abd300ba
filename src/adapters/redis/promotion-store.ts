import type { CommitUsageResult, Promotion, PromotionStore, PromotionUsage, ReserveUsageResult } from '../../ports/promotion-store.js';
import { CommerceError } from '../../shared/errors.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

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

type ReserveResult = ReserveUsageResult;

/** The PromotionStore on Redis: definitions, code index and usage counters in one slot. */
export class RedisPromotionStore implements PromotionStore {
  private readonly defsKey: string;
  private readonly codesKey: string;
  private readonly codeOfKey: string;
  private readonly automaticKey: string;
  private readonly usedKey: string;
  private readonly usedByCustomerKey: string;
  private readonly lapsingKey: string;
  private readonly lapsingByCustomerKey: string;

  constructor(private readonly redis: RedisSteps) {
    const { keys } = redis;
    this.defsKey = keys.key('promo', TAG, 'defs');
    this.codesKey = keys.key('promo', TAG, 'codes');
    this.codeOfKey = keys.key('promo', TAG, 'code-of');
    this.automaticKey = keys.key('promo', TAG, 'automatic');
    this.usedKey = keys.key('promo', TAG, 'used');
    this.usedByCustomerKey = keys.key('promo', TAG, 'used-by-customer');
    this.lapsingKey = keys.key('promo', TAG, 'lapsing');
    this.lapsingByCustomerKey = keys.key('promo', TAG, 'lapsing-by-customer');
  }

  async save(promotion: Promotion): Promise<void> {
    assertWellFormed(promotion, 'PromotionStore.save');
    const hasCode = promotion.code !== undefined;
    // An operation key of its own, though saving twice leaves the same: a save resent after
    // another instance saved a newer definition must not bring the older one back.
    await this.redis.write(
      saveScript,
      TAG,
      undefined,
      [this.defsKey, this.codesKey, this.codeOfKey, this.automaticKey],
      [promotion.id, JSON.stringify(promotion), hasCode ? '1' : '0', promotion.code?.toUpperCase() ?? ''],
    );
  }

  async get(promotionId: string): Promise<Promotion | null> {
    assertWellFormed(promotionId, 'PromotionStore.get');
    return this.redis.read<Promotion | null>(getScript, [this.defsKey], [promotionId]);
  }

  async findByCode(code: string): Promise<Promotion | null> {
    assertWellFormed(code, 'PromotionStore.findByCode');
    return this.redis.read<Promotion | null>(findByCodeScript, [this.codesKey, this.defsKey], [code.toUpperCase()]);
  }

  listAutomatic(): Promise<Promotion[]> {
    return this.redis.read<Promotion[]>(listAutomaticScript, [this.automaticKey, this.defsKey], []);
  }

  async getUsage(promotionId: string, customerId?: string, now?: number): Promise<PromotionUsage> {
    assertWellFormed({ promotionId, customerId }, 'PromotionStore.getUsage');
    const field = customerId === undefined ? '' : customerField(promotionId, customerId);
    return this.redis.read<PromotionUsage>(
      usageScript,
      [this.usedKey, this.usedByCustomerKey, this.lapsingKey, this.lapsingByCustomerKey],
      [promotionId, field, JSON.stringify(promotionId), now === undefined ? '' : sixteenDigits(now)],
    );
  }

  async reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number; expiresAt?: number } & Replayable): Promise<ReserveResult> {
    assertWellFormed(op, 'PromotionStore.reserveUsage');
    const ids = [...new Set(op.promotionIds)];
    const { customerId, expiresAt } = op;
    const prefixes = ids.map((id) => JSON.stringify(id));
    const fields = customerId === undefined ? [] : ids.map((id) => customerField(id, customerId));
    const expiry = expiresAt === undefined ? '' : sixteenDigits(expiresAt);
    const member = (prefix: string): string => `${prefix},${expiry},${op.holdId}`;
    return this.redis.write<ReserveResult>(
      reserveScript,
      TAG,
      op.opId,
      [this.defsKey, this.usedKey, this.usedByCustomerKey, this.holdKey(op.holdId), this.lapsingKey, this.lapsingByCustomerKey],
      [
        JSON.stringify(ids),
        JSON.stringify(fields),
        ids.length,
        customerId === undefined ? '0' : '1',
        sixteenDigits(op.now),
        expiry,
        JSON.stringify(expiry === '' ? [] : prefixes.map(member)),
        JSON.stringify(expiry === '' ? [] : fields.map(member)),
        ...ids,
        ...prefixes,
        ...fields,
      ],
    );
  }

  async commitUsage(holdId: string, step: Replayable & { now?: number } = {}): Promise<CommitUsageResult> {
    assertWellFormed({ holdId, step }, 'PromotionStore.commitUsage');
    return this.redis.write(
      commitScript,
      TAG,
      step.opId,
      [this.holdKey(holdId), this.defsKey, this.usedKey, this.usedByCustomerKey, this.lapsingKey, this.lapsingByCustomerKey],
      [step.now === undefined ? '' : sixteenDigits(step.now)],
    );
  }

  async releaseUsage(holdId: string, step: Replayable = {}): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }> {
    assertWellFormed({ holdId, step }, 'PromotionStore.releaseUsage');
    return this.redis.write(releaseScript, TAG, step.opId, [this.holdKey(holdId), this.usedKey, this.usedByCustomerKey, this.lapsingKey, this.lapsingByCustomerKey], []);
  }

  private holdKey(holdId: string): string {
    return this.redis.keys.key('promo', TAG, 'hold', holdId);
  }
}

/**
 * A time as 16 digits, so the lapsing sets' text order is time order (promotion-reserve.lua).
 * Epoch milliseconds have 13 digits until the year 2286.
 */
function sixteenDigits(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new CommerceError('VALIDATION_FAILED', { reason: `a hold time must be a non-negative whole number of ms, got ${ms}` });
  return String(ms).padStart(16, '0');
}

/** The per-customer counter field: JSON of the pair, so no separator can make two collide. */
function customerField(promotionId: string, customerId: string): string {
  return JSON.stringify([promotionId, customerId]);
}
