import { z } from 'zod';
import type { CartStore } from '../ports/cart-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { CustomerGroups } from '../ports/customer-groups.js';
import type { PromotionStore } from '../ports/promotion-store.js';
import type { ShippingRates } from '../ports/shipping-rates.js';
import type { TaxCalculator } from '../ports/tax-calculator.js';
import type { EventSink } from '../shared/events.js';
import { DEFAULT_ROUNDING, type RoundingMode } from '../shared/money.js';
import { currencySchema } from '../shared/schemas.js';
import { CommerceError } from '../shared/errors.js';
import { parseInput } from '../shared/validation.js';
import type { CartEvents } from './cart-events.js';
import type { CartCatalogApi } from './cart-catalog.js';
import { cryptoRandom, defaultSleep, type RandomSource, type RetryPolicy } from '../shared/conflict-retry.js';

/** Where a cart line's unit price comes from: the catalogue (default), or the caller. */
export type CartPricing = 'catalog' | 'caller';

export interface CartServiceOptions {
  store: CartStore;
  promotions: PromotionStore;
  /**
   * The catalogue lines are priced from (`CatalogService`, `shop.catalog`): `addItem` takes
   * `{ sku, quantity }`, and `priceCart` re-prices every line from its store. Needed unless
   * `pricing` is `'caller'`.
   */
  catalog?: CartCatalogApi;
  /**
   * `'catalog'` (default): a price sent to `addItem` is refused (PRICE_NOT_ALLOWED).
   * `'caller'`: for hosts that price in their own system, `addItem` takes the line's price,
   * name, tax class and weight from the caller, and carts are priced at those prices.
   */
  pricing?: CartPricing;
  /** Default: no tax. */
  tax?: TaxCalculator;
  /** Which groups a customer is in, for promotions limited to groups. Default: none. */
  customerGroups?: CustomerGroups;
  /** Default: no shipping options. */
  shipping?: ShippingRates;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventSink<CartEvents>;
  /** Currency of carts created without one. Default USD. */
  defaultCurrency?: string;
  /** Largest quantity of one line. Default 999. */
  maxQuantityPerLine?: number;
  /** Most lines in a cart. Default 500. */
  maxLines?: number;
  /** Idle time after which a cart expires (sliding). Default 24 h. */
  idleTimeoutMs?: number;
  /** True when unit prices include tax (EU style). Default false. */
  taxIncluded?: boolean;
  /** Rounding of tax and percentage discounts. Default half-even. */
  rounding?: RoundingMode;
  /** Compare-and-set retry for whole-cart edits. Default 8 attempts, 2..100 ms full jitter. */
  retry?: Partial<Pick<RetryPolicy, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep'>>;
  /** Jitter source for the retry backoff. Default: the platform CSPRNG. */
  random?: RandomSource;
}

const positiveInt = z.number().int().positive().safe();

/** The settings a host may pass, checked once at construction (bad ones: VALIDATION_FAILED). */
export const cartSettingsSchema = z.object({
  pricing: z.enum(['catalog', 'caller']).default('catalog'),
  defaultCurrency: currencySchema.default('USD'),
  maxQuantityPerLine: positiveInt.default(999),
  maxLines: positiveInt.default(500),
  idleTimeoutMs: positiveInt.default(24 * 60 * 60 * 1000),
  taxIncluded: z.boolean().default(false),
  rounding: z.enum(['half-even', 'half-up', 'half-down', 'up', 'down', 'floor', 'ceil']).default(DEFAULT_ROUNDING),
  retry: z
    .object({
      attempts: positiveInt.max(100).default(8),
      baseDelayMs: z.number().int().nonnegative().default(2),
      maxDelayMs: z.number().int().nonnegative().default(100),
    })
    .default({ attempts: 8, baseDelayMs: 2, maxDelayMs: 100 }),
});

export interface CartSettings {
  pricing: CartPricing;
  defaultCurrency: string;
  limits: { maxQuantity: number; maxLines: number };
  idleTimeoutMs: number;
  taxIncluded: boolean;
  rounding: RoundingMode;
  retry: RetryPolicy;
}

export function resolveSettings(options: CartServiceOptions): CartSettings {
  const parsed = parseInput(
    cartSettingsSchema,
    {
      pricing: options.pricing,
      defaultCurrency: options.defaultCurrency,
      maxQuantityPerLine: options.maxQuantityPerLine,
      maxLines: options.maxLines,
      idleTimeoutMs: options.idleTimeoutMs,
      taxIncluded: options.taxIncluded,
      rounding: options.rounding,
      retry: options.retry ? { attempts: options.retry.attempts, baseDelayMs: options.retry.baseDelayMs, maxDelayMs: options.retry.maxDelayMs } : undefined,
    },
    'CartServiceOptions',
  );
  if (parsed.pricing === 'catalog' && options.catalog === undefined) {
    throw new CommerceError('VALIDATION_FAILED', { input: 'CartServiceOptions', reason: "lines are priced from the catalogue: pass `catalog` (or `pricing: 'caller'`)" });
  }
  return {
    pricing: parsed.pricing,
    defaultCurrency: parsed.defaultCurrency,
    limits: { maxQuantity: parsed.maxQuantityPerLine, maxLines: parsed.maxLines },
    idleTimeoutMs: parsed.idleTimeoutMs,
    taxIncluded: parsed.taxIncluded,
    rounding: parsed.rounding,
    retry: { ...parsed.retry, sleep: options.retry?.sleep ?? defaultSleep, random: options.random ?? cryptoRandom },
  };
}
