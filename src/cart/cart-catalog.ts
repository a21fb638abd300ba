import type { CartStore, StoredCart, StoredCartLine } from '../ports/cart-store.js';
import { CommerceError } from '../shared/errors.js';
import type { CatalogLineQuote } from '../catalog/catalog-service.js';

/**
 * The part of the catalogue the cart prices lines with. Structural: `CatalogService`
 * satisfies it (createCommerce passes `shop.catalog`), and tests may pass a faithful fake.
 */
export interface CartCatalogApi {
  /**
   * The lines' facts in `currency` now; `fresh` reads the store, otherwise a short-lived
   * per-process cache may answer. Throws SKU_NOT_IN_CATALOG, PRODUCT_INACTIVE or
   * NO_PRICE_IN_CURRENCY for the first SKU that does not sell.
   */
  quoteLines(items: readonly { sku: string; quantity: number }[], options: { currency: string; fresh?: boolean }): Promise<readonly CatalogLineQuote[]>;
}

/** How many carts' currencies a service remembers (a cart's currency never changes). */
const CURRENCIES_KEPT = 10_000;

/**
 * Cart lines priced by the catalogue. A line edit must stay one store step, yet the price
 * depends on the cart's currency: a cart's currency never changes, so the service remembers
 * the currencies of the carts it saw (created, read or edited) and reads a cart only the first
 * time this process edits it.
 */
export class CatalogLines {
  private readonly currencies = new Map<string, string>();

  constructor(
    private readonly catalog: CartCatalogApi,
    private readonly store: CartStore,
  ) {}

  /** Remembers the currency of a cart this service just saw. */
  saw(cart: { id: string; currency: string }): void {
    if (this.currencies.has(cart.id)) return;
    if (this.currencies.size >= CURRENCIES_KEPT) this.currencies.delete(this.currencies.keys().next().value as string);
    this.currencies.set(cart.id, cart.currency);
  }

  /** The line `quantity` units of `sku` add to the cart, priced now (through the catalogue's cache). */
  async lineFor(cartId: string, sku: string, quantity: number, now: number): Promise<StoredCartLine> {
    const currency = await this.currencyOf(cartId, now);
    const [quote] = await this.catalog.quoteLines([{ sku, quantity }], { currency });
    if (!quote) throw new CommerceError('INTERNAL', { sku, reason: 'the catalogue answered no line' });
    return lineOf(quote, quote.productId, quantity);
  }

  /**
   * The cart with every line priced from the catalogue's store now (for the line's whole
   * quantity), and the unit prices the lines were added at.
   */
  async reprice(cart: StoredCart): Promise<{ cart: StoredCart; added: string[] }> {
    if (cart.lines.length === 0) return { cart, added: [] };
    const quotes = await this.catalog.quoteLines(cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), { currency: cart.currency, fresh: true });
    const lines = cart.lines.map((line, i) => {
      const quote = quotes[i];
      if (!quote) throw new CommerceError('INTERNAL', { sku: line.sku, reason: 'the catalogue answered fewer lines than asked' });
      // The line keeps its identity (productId, sku) and quantity; the catalogue decides the rest.
      return lineOf(quote, line.productId, line.quantity);
    });
    return { cart: { ...cart, lines }, added: cart.lines.map((l) => l.unitPrice) };
  }

  private async currencyOf(cartId: string, now: number): Promise<string> {
    const known = this.currencies.get(cartId);
    if (known !== undefined) return known;
    const cart = await this.store.get(cartId, now);
    if (!cart) throw new CommerceError('CART_NOT_FOUND', { cartId });
    this.saw(cart);
    return cart.currency;
  }
}

/** The stored line of a quote; in the quote's currency, so a catalogue that priced in another is refused by the store. */
function lineOf(quote: CatalogLineQuote, productId: string, quantity: number): StoredCartLine {
  return {
    productId,
    sku: quote.sku,
    name: quote.name,
    quantity,
    unitPrice: quote.unitPrice.amount,
    currency: quote.unitPrice.currency,
    taxClass: quote.taxClass,
    categories: quote.categories.slice(),
    weightGrams: quote.weightGrams,
  };
}
