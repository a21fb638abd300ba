// The shop's pages: products by category, a product with what goes with it, the cart.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCommerceError, type BoughtTogetherResult, type Product, type RecommendationResult } from '../../../src/index.js';
import { pricedCartOf, type Storefront } from '../context.js';
import { formAlert, gbp, html, page, type Html } from './layout.js';

/** Sends a page with the header's cart count and user. */
export async function sendPage(sf: Storefront, request: FastifyRequest, reply: FastifyReply, title: string, body: Html): Promise<FastifyReply> {
  const cartId = request.session.cartId;
  const cart = cartId ? await sf.shop.cart.getCart(cartId) : null;
  return reply.type('text/html; charset=utf-8').send(page({ title, userId: request.session.userId, itemCount: cart?.itemCount }, body));
}

const priceOf = (p: Product): string => {
  const price = p.variants[0]?.prices[0];
  return price ? gbp({ amount: price.amount, currency: price.currency }) : '';
};

function productCard(p: Product): Html {
  const sku = p.variants[0]?.sku ?? '';
  return html`<li class="card">
  <h3><a href="/products/${encodeURIComponent(p.id)}">${p.name}</a></h3>
  <p class="price">${priceOf(p)}</p>
  <form data-api="/api/cart/items" data-method="POST" data-then="reload">
    <input type="hidden" name="sku" value="${sku}">
    <input type="hidden" name="quantity" value="1" data-type="number">
    <button type="submit">Add <span class="visually-hidden">${p.name}</span> to cart</button>
    ${formAlert}
  </form>
</li>`;
}

/** Guards a recommendation list: the model may still be training when the server starts. */
async function whenTrained<T>(list: () => Promise<T[]>): Promise<T[] | null> {
  try {
    return await list();
  } catch (error) {
    if (isCommerceError(error, 'MODEL_NOT_TRAINED') || isCommerceError(error, 'PRODUCT_NOT_FOUND')) return null;
    throw error;
  }
}

export function shopPages(app: FastifyInstance, sf: Storefront): void {
  const { catalog, inventory, recommendations } = sf.shop;
  const categories = [...new Set(sf.catalogue.products.map((p) => p.category))].sort();
  const nameOf = async (productId: string): Promise<string> => (await catalog.getProduct(productId))?.name ?? productId;

  app.get<{ Querystring: { category?: string } }>('/', async (request, reply) => {
    const category = categories.includes(request.query.category ?? '') ? request.query.category : undefined;
    const { products } = await catalog.listProducts({ active: true, limit: 100, ...(category ? { category } : {}) });
    products.sort((a, b) => a.name.localeCompare(b.name));
    return sendPage(sf, request, reply, category ? `Shop: ${category}` : 'Shop', html`
<h1>${category ? `Shop: ${category}` : 'All products'}</h1>
<nav aria-label="Categories" class="categories"><ul>
  <li><a href="/" ${category ? '' : html`aria-current="page"`}>All</a></li>
  ${categories.map((c) => html`<li><a href="/?category=${encodeURIComponent(c)}" ${c === category ? html`aria-current="page"` : ''}>${c}</a></li>`)}
</ul></nav>
<h2 class="visually-hidden">Products</h2>
<ul class="grid">${products.map(productCard)}</ul>`);
  });

  app.get<{ Params: { productId: string } }>('/products/:productId', async (request, reply) => {
    const product = await catalog.getProduct(request.params.productId);
    if (!product || !product.active) return reply.callNotFound();
    const sku = product.variants[0]?.sku ?? '';
    const stock = await inventory.getInventoryStatus(sku);
    const similar = await whenTrained<RecommendationResult>(() => recommendations.getSimilarProducts(product.id, { limit: 4 }));
    const together = await whenTrained<BoughtTogetherResult>(() => recommendations.getFrequentlyBoughtTogether(product.id, { limit: 4 }));
    const related = async (title: string, id: string, list: { productId: string }[] | null): Promise<Html> => html`
<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>
${list === null ? html`<p>Recommendations are still learning; reload in a moment.</p>` : list.length === 0 ? html`<p>Nothing yet.</p>` : html`<ul>${await Promise.all(list.map(async (r) => html`<li><a href="/products/${encodeURIComponent(r.productId)}">${await nameOf(r.productId)}</a></li>`))}</ul>`}
</section>`;
    return sendPage(sf, request, reply, product.name, html`
<h1>${product.name}</h1>
<p class="price">${priceOf(product)} <span class="muted">incl. VAT</span></p>
<p>Category: <a href="/?category=${encodeURIComponent(product.category ?? '')}">${product.category}</a> · SKU ${sku}</p>
<p data-testid="stock">${stock.available > 0 ? `${stock.available} in stock` : 'Out of stock'}</p>
<form data-api="/api/cart/items" data-method="POST" data-then="reload" class="inline">
  <input type="hidden" name="sku" value="${sku}">
  <label for="quantity">Quantity</label>
  <input id="quantity" name="quantity" type="number" min="1" max="99" value="1" data-type="number" required>
  <button type="submit">Add to cart</button>
  ${formAlert}
</form>
${await related('Similar items', 'similar', similar)}
${await related('Often bought together', 'together', together)}`);
  });

  app.get('/cart', async (request, reply) => {
    const priced = await pricedCartOf(sf, request);
    if (!priced || priced.lines.length === 0) {
      return sendPage(sf, request, reply, 'Your cart', html`<h1>Your cart</h1><p>Your cart is empty. <a href="/">Find something you like</a>.</p>`);
    }
    return sendPage(sf, request, reply, 'Your cart', html`
<h1>Your cart</h1>
<table class="lines">
  <caption class="visually-hidden">Items in your cart</caption>
  <thead><tr><th scope="col">Item</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
  <tbody>${priced.lines.map((line) => html`<tr>
    <th scope="row"><a href="/products/${encodeURIComponent(line.productId)}">${line.name}</a></th>
    <td>${gbp(line.unitPrice)}</td>
    <td><form data-api="/api/cart/items/${encodeURIComponent(line.productId)}/${encodeURIComponent(line.sku)}" data-method="PATCH" data-then="totals" data-live>
      <label class="visually-hidden" for="qty-${line.sku}">Quantity of ${line.name}</label>
      <input id="qty-${line.sku}" name="quantity" type="number" min="0" max="99" value="${line.quantity}" data-type="number">
      <button type="submit">Update</button>${formAlert}</form></td>
    <td data-line-total="${line.sku}">${gbp(line.subtotal)}</td>
    <td><form data-api="/api/cart/items/${encodeURIComponent(line.productId)}/${encodeURIComponent(line.sku)}" data-method="DELETE" data-then="reload"><button type="submit">Remove <span class="visually-hidden">${line.name}</span></button>${formAlert}</form></td>
  </tr>`)}</tbody>
</table>
<section aria-labelledby="coupon-heading">
<h2 id="coupon-heading">Coupon</h2>
<form data-api="/api/cart/coupons" data-method="POST" data-then="totals" class="inline">
  <label for="coupon">Coupon code</label>
  <input id="coupon" name="code" autocomplete="off" required>
  <button type="submit">Apply</button>
  ${formAlert}
</form>
<p class="muted">Try SPRING10 (10% off) or FREESHIP.</p>
</section>
${totalsTable(priced)}
<p><a class="button" href="/checkout">Go to checkout</a></p>`);
  });
}

/** The totals a cart or a checkout shows; the cart page's script refreshes the cells by `data-total`. */
export function totalsTable(priced: { subtotal: unknown; discountTotal: unknown; shipping: { name: string; price: unknown } | null; taxTotal: unknown; total: unknown; appliedPromotions: readonly { code?: string | undefined; id: string }[] }): Html {
  const money = (m: unknown): string => gbp(m as Parameters<typeof gbp>[0]);
  return html`<section aria-labelledby="totals-heading" aria-live="polite">
<h2 id="totals-heading">Totals</h2>
<dl class="totals">
  <dt>Subtotal</dt><dd data-total="subtotal">${money(priced.subtotal)}</dd>
  <dt>Discount <span data-total="codes">${priced.appliedPromotions.map((p) => p.code ?? p.id).join(', ')}</span></dt><dd data-total="discountTotal">-${money(priced.discountTotal)}</dd>
  <dt>Shipping <span data-total="shippingName">${priced.shipping?.name ?? ''}</span></dt><dd data-total="shipping">${priced.shipping ? money(priced.shipping.price) : '—'}</dd>
  <dt>VAT (included)</dt><dd data-total="taxTotal">${money(priced.taxTotal)}</dd>
  <dt>Total</dt><dd data-total="total"><strong>${money(priced.total)}</strong></dd>
</dl></section>`;
}
