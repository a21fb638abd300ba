export { CatalogService, type CatalogServiceOptions, type CatalogVariant, type CatalogPrice, type CatalogLineQuote, type ProductPage } from './catalog-service.js';
export type { CatalogCacheSettings } from './catalog-cache.js';
export type { CatalogEvents, ProductSaved } from './catalog-events.js';
export { choosePrice, matchesQuery, type ChosenPrice } from './catalog-rules.js';
export {
  productInputSchema,
  productPriceSchema,
  variantSchema,
  priceQuerySchema,
  listProductsSchema,
  setActiveSchema,
  quoteLinesSchema,
  catalogCacheSchema,
  type ProductInput,
  type PriceQuery,
  type ListProductsInput,
} from './catalog-schemas.js';
