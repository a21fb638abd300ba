// The back office on one page: orders by status (with fulfil and refund), low stock with a
// stock adjustment, reorder requests, confirmations sent, dead-lettered events.
import type { FastifyInstance } from 'fastify';
import { ORDER_STATUSES, type OrderStatus } from '../../../src/index.js';
import type { Storefront } from '../context.js';
import { MAIL_GROUP } from '../mail.js';
import { formAlert, gbp, html } from './layout.js';
import { sendPage } from './shop-pages.js';

export function adminPage(app: FastifyInstance, sf: Storefront): void {
  const { shop } = sf;
  app.get<{ Querystring: { status?: string } }>('/admin', async (request, reply) => {
    if (request.session.admin !== true) {
      return sendPage(sf, request, reply, 'Admin', html`<h1>Admin</h1>
<form data-api="/api/admin/login" data-method="POST" data-then="reload" novalidate>
  <p><label for="token">Admin token</label><input id="token" name="token" type="password" autocomplete="current-password" required></p>
  <p class="muted">The server prints it when it starts.</p>
  <button type="submit">Open the back office</button>${formAlert}
</form>`);
    }
    const status = (ORDER_STATUSES as readonly string[]).includes(request.query.status ?? '') ? (request.query.status as OrderStatus) : 'placed';
    const { orders } = await shop.stores.orders.listByStatus(status, { limit: 50 });
    const low = await shop.inventory.getLowStockItems();
    const { relay, sent: sentMap } = sf.mail;
    const sent = [...sentMap.values()];
    const dead = await relay.deadLetters({ limit: 100 });
    return sendPage(sf, request, reply, 'Admin', html`<h1>Back office</h1>
<p class="muted">Stores: ${sf.backend}.</p>
<section aria-labelledby="orders-heading"><h2 id="orders-heading">Orders: ${status}</h2>
<nav aria-label="Order status"><ul class="categories">${ORDER_STATUSES.map((s) => html`<li><a href="/admin?status=${s}" ${s === status ? html`aria-current="page"` : ''}>${s}</a></li>`)}</ul></nav>
${orders.length === 0 ? html`<p>No orders ${status}.</p>` : html`<table class="lines"><caption class="visually-hidden">Orders ${status}</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Email</th><th scope="col">Items</th><th scope="col">Total</th><th scope="col">Payment</th><th scope="col">Actions</th></tr></thead>
<tbody>${orders.map((o) => html`<tr data-order="${o.number}"><th scope="row">${o.number}</th><td>${o.email}</td><td>${o.lines.map((l) => `${l.quantity} × ${l.name}`).join('; ')}</td><td>${gbp(o.total)}</td><td>${o.payment.status}</td>
<td>${o.status === 'placed' || o.status === 'paid' ? html`<form data-api="/api/admin/orders/${o.id}/fulfil" data-method="POST" data-then="reload"><button type="submit">Fulfil ${o.number}</button>${formAlert}</form>` : ''}
${o.status === 'fulfilled' || o.status === 'paid' || o.status === 'partially_refunded' ? html`<form data-api="/api/admin/orders/${o.id}/refunds" data-method="POST" data-then="reload" class="inline">
<label for="refund-${o.id}">Refund amount</label><input id="refund-${o.id}" name="amount.amount" inputmode="decimal" required size="6"><input type="hidden" name="amount.currency" value="${o.currency}">
<button type="submit">Refund ${o.number}</button>${formAlert}</form>` : ''}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="stock-heading"><h2 id="stock-heading">Low stock</h2>
${low.length === 0 ? html`<p>Nothing is low.</p>` : html`<table class="lines"><caption class="visually-hidden">Items at or below their reorder point</caption>
<thead><tr><th scope="col">SKU</th><th scope="col">Item</th><th scope="col">On hand</th><th scope="col">Reserved</th><th scope="col">Available</th><th scope="col">Reorder point</th></tr></thead>
<tbody>${low.map((i) => html`<tr data-sku="${i.sku}"><th scope="row">${i.sku}</th><td>${i.productName}</td><td>${i.onHand}</td><td>${i.reserved}</td><td data-testid="available-${i.sku}">${i.available}</td><td>${i.reorderPoint}</td></tr>`)}</tbody></table>`}
<h3>Adjust stock</h3>
<form data-api="/api/admin/stock/{sku}" data-method="POST" data-then="reload" novalidate>
  <p><label for="adj-sku">SKU</label><input id="adj-sku" name="sku" required></p>
  <p><label for="adj-op">Change</label><select id="adj-op" name="operation"><option value="add">Add</option><option value="subtract">Subtract</option><option value="set">Set to</option></select></p>
  <p><label for="adj-qty">Quantity</label><input id="adj-qty" name="quantity" type="number" min="0" data-type="number" required></p>
  <button type="submit">Update stock</button>${formAlert}
</form></section>
<section aria-labelledby="reorders-heading"><h2 id="reorders-heading">Reorder requests</h2>
${sf.reorders.length === 0 ? html`<p>None yet.</p>` : html`<ul>${sf.reorders.map((r) => html`<li>${r.quantity} × ${r.productName} (${r.sku}) from ${r.supplierId} at ${gbp(r.costPerUnit)} each</li>`)}</ul>`}
<p class="muted">Raised by this instance (the reorder sink is the host's: a queue or a supplier's API in production).</p></section>
<section aria-labelledby="mail-heading"><h2 id="mail-heading">Order confirmations</h2>
${sent.length === 0 ? html`<p>None sent by this instance yet.</p>` : html`<ul>${sent.map((c) => html`<li data-confirmation="${c.orderNumber}">Confirmation sent for ${c.orderNumber} to ${c.email}</li>`)}</ul>`}
<p class="muted">Sent by the durable '${MAIL_GROUP}' subscriber: once per placed order across every instance.</p></section>
<section aria-labelledby="dead-heading"><h2 id="dead-heading">Dead-lettered events</h2>
${dead.length === 0 ? html`<p>None.</p>` : html`<table class="lines"><caption class="visually-hidden">Events the mail subscriber gave up on</caption>
<thead><tr><th scope="col">Event</th><th scope="col">Type</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Action</th></tr></thead>
<tbody>${dead.map((d) => html`<tr data-dead="${d.event.id}"><th scope="row">${d.event.id}</th><td>${d.event.type}</td><td>${d.attempts}</td><td>${d.error}</td>
<td><form data-api="/api/admin/dead-letters/replay" data-method="POST" data-then="reload"><input type="hidden" name="id" value="${d.event.id}"><button type="submit">Replay ${d.event.id}</button>${formAlert}</form></td></tr>`)}</tbody></table>`}
</section>`);
  });
}
