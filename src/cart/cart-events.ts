import type { CommerceErrorCode } from '../shared/error-codes.js';

/** What changed in a `cart.updated` event. */
export type CartChange = 'item_added' | 'item_removed' | 'quantity_updated' | 'coupon_applied' | 'coupon_removed';

export interface CartCreated {
  cartId: string;
  userId: string | null;
  sessionId: string;
  currency: string;
  at: number;
}

export interface CartUpdated {
  cartId: string;
  version: number;
  change: CartChange;
  productId?: string;
  sku?: string;
  code?: string;
  at: number;
}

export interface CartMerged {
  targetCartId: string;
  sourceCartId: string;
  strategy: MergeStrategy;
  version: number;
  /** Source quantities that did not fit the limits and were left out. */
  dropped: { productId: string; sku: string; quantity: number }[];
  at: number;
}

export interface CartDeleted {
  cartId: string;
  at: number;
}

export interface CartAbandoned {
  cartId: string;
  userId: string | null;
  sessionId: string;
  itemCount: number;
  lastActivityAt: number;
  expiredAt: number;
  at: number;
}

/** A coupon left the cart because it stopped qualifying. */
export interface CartCouponRemoved {
  cartId: string;
  code: string;
  /** Why, as the error code applying it now would give (e.g. COUPON_MINIMUM_NOT_MET). */
  reason: CommerceErrorCode;
  message: string;
  at: number;
}

export type MergeStrategy = 'sum' | 'max';

/** Events of the cart module. */
export type CartEvents = {
  'cart.created': CartCreated;
  'cart.updated': CartUpdated;
  'cart.merged': CartMerged;
  'cart.deleted': CartDeleted;
  'cart.abandoned': CartAbandoned;
  'cart.coupon_removed': CartCouponRemoved;
};
