import type { MoneyJSON } from '../shared/money.js';
import type { Replayable } from './replay.js';

/**
 * Where promotions and their usage counts live. Usage is counted inside the store so two
 * customers can never both take the last use: `reserveUsage` checks every limit and
 * reserves all-or-nothing in one atomic step (one Lua script on Redis), then the hold is
 * either committed (order placed) or released (order failed). A use counts against the
 * limit while it is reserved and after it is committed.
 *
 * The usage steps are safe to replay with their `opId` (ports/replay.ts): a reservation sent
 * again after its hold was released does not reserve again, and a release sent again answers
 * its first `ok`. `save` needs none from the caller: saving a definition twice leaves and
 * answers the same (a network adapter still keeps a resend from undoing a newer save).
 * Every string must be well-formed Unicode (else VALIDATION_FAILED).
 */
export interface PromotionStore {
  /** Creates or replaces a promotion definition (usage counts are kept). */
  save(promotion: Promotion): Promise<void>;

  /** The promotion with this id, or null. */
  get(promotionId: string): Promise<Promotion | null>;

  /** The promotion whose code matches case-insensitively, or null. */
  findByCode(code: string): Promise<Promotion | null>;

  /** Every promotion without a code (they apply by themselves when their conditions hold). */
  listAutomatic(): Promise<Promotion[]>;

  /**
   * Uses counted so far (committed + reserved), overall and for the customer when given.
   * With `now`, a reserved hold that lapsed by then no longer counts; without it, it does.
   */
  getUsage(promotionId: string, customerId?: string, now?: number): Promise<PromotionUsage>;

  /**
   * Reserves one use of each promotion for the hold, all or nothing. `limit_reached` names
   * the first promotion whose overall or per-customer limit is used up; nothing is reserved
   * then. Reserving an existing hold id again answers `ok` without counting twice, unless
   * that hold lapsed: then it is reserved anew, limits checked again.
   *
   * `expiresAt`: the hold lapses then unless committed (a checkout that crashed or was
   * abandoned never releases it): from that moment its uses stop counting against the
   * limits, with no sweep to run. Without it the hold lasts until committed or released.
   */
  reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number; expiresAt?: number } & Replayable): Promise<ReserveUsageResult>;

  /**
   * Turns a hold's reservations into committed uses. Idempotent; `not_found` for an unknown
   * hold. A hold that lapsed by `now` (given) is counted again, limits checked as a new
   * reservation would be: `limit_reached` when its uses went to others meanwhile (nothing is
   * written, the hold stays lapsed).
   */
  commitUsage(holdId: string, step?: Replayable & { now?: number }): Promise<CommitUsageResult>;

  /**
   * Gives a reserved hold's uses back and forgets the hold, so a later release of it answers
   * `not_found`; a committed hold is left committed. A lapsed hold is forgotten (its uses
   * stopped counting when it lapsed).
   */
  releaseUsage(holdId: string, step?: Replayable): Promise<{ code: 'ok' | 'not_found' | 'already_committed' }>;
}

/** A usage limit that is used up, on the promotion as a whole or for the customer. */
export interface UsageLimitReached {
  code: 'limit_reached';
  promotionId: string;
  scope: 'overall' | 'customer';
}

export type ReserveUsageResult = { code: 'ok' } | UsageLimitReached | { code: 'not_found'; promotionId: string };

export type CommitUsageResult = { code: 'ok' | 'not_found' } | UsageLimitReached;

/** Counted uses of one promotion. */
export interface PromotionUsage {
  /** Committed + reserved uses overall. */
  used: number;
  /** Committed + reserved uses by the customer (0 when no customer was given). */
  usedByCustomer: number;
}

/** Which lines a promotion looks at; absent means every line. */
export interface PromotionTarget {
  productIds?: string[] | undefined;
  categories?: string[] | undefined;
}

interface PromotionBase {
  id: string;
  /** The coupon code (case-insensitive), or absent for an automatic promotion. */
  code?: string | undefined;
  name?: string | undefined;
  /** Higher applies first; equal priorities apply coupons first, then by id. */
  priority: number;
  /** False: exclusive, it stands alone. */
  combinable: boolean;
  /** Cart subtotal the cart must reach, measured as `minSubtotalBasis` says. */
  minSubtotal?: MoneyJSON | undefined;
  /**
   * What `minSubtotal` is measured on: the subtotal before any discount (default), or what is
   * left after the promotions applied before this one.
   */
  minSubtotalBasis?: 'before_discounts' | 'after_discounts' | undefined;
  /** At least `quantity` units of the target's lines (every line when no target) in the cart. */
  minItems?: { quantity: number; target?: PromotionTarget | undefined } | undefined;
  /** Only for customers in at least one of these groups (the host's CustomerGroups port says which). */
  customerGroups?: string[] | undefined;
  /** Epoch ms from which it applies. */
  startsAt?: number | undefined;
  /** Epoch ms from which it no longer applies. */
  endsAt?: number | undefined;
  /** Most uses overall. */
  usageLimit?: number | undefined;
  /** Most uses by one customer. */
  perCustomerLimit?: number | undefined;
}

/** What a buy-X-get-Y gives on each unit it rewards. Absent: the units are free. */
export type BuyXGetYReward =
  | { kind: 'free' }
  /** This percent off each rewarded unit ("50"). */
  | { kind: 'percentage'; percent: string }
  /** This amount off each rewarded unit, never below zero. */
  | { kind: 'fixed'; amount: MoneyJSON };

/**
 * A promotion definition, JSON-safe. `maxQuantity` caps how many units of each line the
 * promotion discounts; the units it discounts are then consumed (see cart/promotion-units.ts).
 */
export type Promotion =
  | (PromotionBase & { kind: 'percentage'; percent: string; target?: PromotionTarget | undefined; maxQuantity?: number | undefined })
  /** A fixed amount off the order, spread over the target's lines only (every line when no target). */
  | (PromotionBase & { kind: 'fixed_order'; amount: MoneyJSON; target?: PromotionTarget | undefined })
  /** A fixed amount off each unit of the target's lines. */
  | (PromotionBase & { kind: 'fixed_item'; amount: MoneyJSON; target?: PromotionTarget | undefined; maxQuantity?: number | undefined })
  /** A fixed amount off each target line as a whole, whatever its quantity. */
  | (PromotionBase & { kind: 'fixed_line'; amount: MoneyJSON; target?: PromotionTarget | undefined })
  | (PromotionBase & { kind: 'free_shipping' })
  /** A fixed amount off the chosen shipping option, never below zero. */
  | (PromotionBase & { kind: 'shipping_amount'; amount: MoneyJSON })
  /** A percent off the chosen shipping option. */
  | (PromotionBase & { kind: 'shipping_percentage'; percent: string })
  | (PromotionBase & {
      kind: 'buy_x_get_y';
      /** Units bought per group. */
      buyQuantity: number;
      /** Units rewarded per group. */
      getQuantity: number;
      /** Both the buy and the get side, unless `buyTarget` or `getTarget` says otherwise. */
      target?: PromotionTarget | undefined;
      buyTarget?: PromotionTarget | undefined;
      getTarget?: PromotionTarget | undefined;
      reward?: BuyXGetYReward | undefined;
      maxQuantity?: number | undefined;
    });

export type PromotionKind = Promotion['kind'];
