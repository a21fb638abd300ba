export type { Clock } from './clock.js';
export type { IdGenerator } from './id-generator.js';
export type { IdempotencyStore, IdempotencyRecord, IdempotencyClaim } from './idempotency-store.js';
export type { CartStore, StoredCart, StoredCartLine, LineLimits, LineResult, TaxClass } from './cart-store.js';
export type { PromotionStore, Promotion, PromotionKind, PromotionTarget, PromotionUsage, BuyXGetYReward, ReserveUsageResult, CommitUsageResult, UsageLimitReached } from './promotion-store.js';
export type { CustomerGroups } from './customer-groups.js';
export type { TaxCalculator, TaxRequest, Destination, ShippingTaxRule } from './tax-calculator.js';
export type { ShippingRates, ShippingRequest, ShippingOption } from './shipping-rates.js';
export type { CheckoutStore, CheckoutWriteResult } from './checkout-store.js';
export type { CatalogStore, CatalogSaveResult, CatalogQuery, CatalogPage, Product, ProductVariant, ProductPrice } from './catalog-store.js';
export type { OrderStore, OrderWriteResult, OrderPage } from './order-store.js';
export type { EventLog, EventDraft, DomainEvent, RecordsEvents, Delivery, DeadLetter, JsonValue } from './event-log.js';
export type {
  PaymentStore,
  PaymentRecord,
  PaymentMethod,
  PaymentStatus,
  RiskLevel,
  LedgerEntry,
  FraudDecision,
  StoredCard,
  ParkedEvent,
  CustomerSpend,
} from './payment-store.js';
export type {
  PaymentGateway,
  TokenDetails,
  GatewayOutcome,
  GatewayOperation,
  GatewayTransaction,
  GatewayWebhookEvent,
} from './payment-gateway.js';
export type { VelocityStore } from './velocity-store.js';
export type { GeoIp } from './geo-ip.js';
export type { BinLookup, BinInfo } from './bin-lookup.js';
export type { CommerceStores, CommerceReferenceTables, CommerceAdapters } from './commerce-stores.js';
