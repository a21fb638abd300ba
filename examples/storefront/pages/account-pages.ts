// Sign in, order history and one order (the confirmation page after checkout).
import type { FastifyInstance } from 'fastify';
import type { Order } from '../../../src/index.js';
import type { Storefront } from '../context.js';
import { orderOf, ordersOf } from '../routes/order-routes.js';
import { formAlert, gbp, html } from './layout.js';
import { sendPage } from './shop-pages.js';

const when = (ms: number): string => new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function orderDetail(order: Order): ReturnType<typeof html> {
  return html`<table class="lines"><caption class="visually-hidden">Items in order ${order.number}</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
<tbody>${order.lines.map((l) => html`<tr><th scope="row">${l.name}</th><td>${l.quantity}</td><td>${gbp(l.total)}</td></tr>`)}</tbody></table>
<dl class="totals">
  <dt>Subtotal</dt><dd>${gbp(order.subtotal)}</dd>
  ${order.promotions.map((p) => html`<dt>Discount ${p.code ?? p.id}</dt><dd>-${gbp(p.amount)}</dd>`)}
  ${order.shipping ? html`<dt>Shipping: ${order.shipping.name}</dt><dd>${gbp(order.shipping.price)}</dd>` : ''}
  <dt>VAT (included)</dt><dd>${gbp(order.taxTotal)}</dd>
  ${order.shipping?.tax ? html`<dt>of which on delivery</dt><dd data-testid="delivery-vat">${gbp(order.shipping.tax)}</dd>` : ''}
  <dt>Total</dt><dd><strong>${gbp(order.total)}</strong></dd>
</dl>
<p>Ships to ${order.shippingAddress.firstName} ${order.shippingAddress.lastName}, ${order.shippingAddress.line1}, ${order.shippingAddress.city} ${order.shippingAddress.postalCode ?? ''}.</p>`;
}

export function accountPages(app: FastifyInstance, sf: Storefront): void {
  app.get('/login', async (request, reply) => {
    const userId = request.session.userId;
    return sendPage(sf, request, reply, 'Sign in', userId
      ? html`<h1>Signed in as ${userId}</h1><form data-api="/api/logout" data-method="POST" data-then="/"><button type="submit">Sign out</button>${formAlert}</form>`
      : html`<h1>Sign in</h1>
<p>A stand-in for your own sign-in: any user name works, no password. Your guest cart joins the cart you saved before.</p>
<form data-api="/api/login" data-method="POST" data-then="/cart" novalidate>
  <p><label for="user">User name</label><input id="user" name="userId" autocomplete="username" required></p>
  <button type="submit">Sign in</button>${formAlert}
</form>`);
  });

  app.get('/orders', async (request, reply) => {
    const orders = await ordersOf(sf, request);
    return sendPage(sf, request, reply, 'Your orders', html`<h1>Your orders</h1>
${orders.length === 0 ? html`<p>No orders yet.</p>` : html`<table class="lines"><caption class="visually-hidden">Your orders, newest first</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Status</th><th scope="col">Total</th></tr></thead>
<tbody>${orders.map((o) => html`<tr><th scope="row"><a href="/orders/${encodeURIComponent(o.number)}">${o.number}</a></th><td>${when(o.createdAt)}</td><td>${o.status}</td><td>${gbp(o.total)}</td></tr>`)}</tbody></table>`}`);
  });

  app.get<{ Params: { number: string } }>('/orders/:number', async (request, reply) => {
    const order = await orderOf(sf, request, request.params.number);
    return sendPage(sf, request, reply, `Order ${order.number}`, html`<h1>Thank you: order ${order.number}</h1>
<p role="status">Order <strong data-testid="order-number">${order.number}</strong> is ${order.status}; a confirmation goes to ${order.email}.</p>
${orderDetail(order)}
<p><a href="/orders">All your orders</a></p>`);
  });
}
