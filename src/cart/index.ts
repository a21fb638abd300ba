export { CartService } from './cart-service.js';
export { cartSettingsSchema, type CartServiceOptions } from './cart-settings.js';
export { toCart, type Cart, type CartLine } from './cart.js';
export type { PricedCart, PricedLine, AppliedPromotion } from './cart-pricing.js';
export type { CouponHold } from './coupon-desk.js';
export type {
  CartEvents,
  CartChange,
  CartCreated,
  CartUpdated,
  CartMerged,
  CartDeleted,
  CartAbandoned,
  CartCouponRemoved,
  MergeStrategy,
} from './cart-events.js';
export {
  destinationSchema,
  createCartSchema,
  cartIdSchema,
  addItemSchema,
  addCatalogItemSchema,
  lineRefSchema,
  updateQuantitySchema,
  mergeCartsSchema,
  couponCodeSchema,
  applyCouponSchema,
  removeCouponSchema,
  priceCartOptionsSchema,
  reserveCouponUsageSchema,
  couponHoldSchema,
  cleanupAbandonedCartsSchema,
  promotionSchema,
  type CreateCartInput,
  type AddItemInput,
  type LineRefInput,
  type UpdateQuantityInput,
  type MergeCartsInput,
  type ApplyCouponInput,
  type RemoveCouponInput,
  type PriceCartOptions,
  type ReserveCouponUsageInput,
  type PromotionInput,
} from './cart-schemas.js';
export { TaxRateTable, noTax, type TaxRateEntry, type TaxRateTableOptions } from './tax-rate-table.js';
export { ShippingRateTable, noShipping, type ShippingRule } from './shipping-rate-table.js';
export { cryptoRandom, type RandomSource } from '../shared/conflict-retry.js';
