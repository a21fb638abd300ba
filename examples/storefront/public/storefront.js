// The storefront's only script: forms post JSON to the API. Without it the pages still read;
// with it, a form marked data-api sends its fields as JSON, shows the API's problem details
// next to the form (and marks the fields at fault), and then reloads, navigates, or updates
// the totals in place.
'use strict';

/** "shippingAddress.city" -> { shippingAddress: { city } }; empty optional fields are left out. */
function bodyOf(form) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || (el.type === 'radio' && !el.checked)) continue;
    if (el.value === '' && !el.required) continue;
    const value = el.dataset.type === 'number' ? Number(el.value) : el.value.trim();
    const path = el.name.split('.');
    let at = body;
    for (const key of path.slice(0, -1)) at = at[key] = at[key] || {};
    at[path[path.length - 1]] = value;
  }
  return body;
}

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.detail || response.statusText), { problem: data });
  return data;
}

function showProblem(form, error) {
  const alert = form.querySelector('[role=alert]');
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const issues = (error.problem && error.problem.issues) || [];
  const lines = issues.length > 0
    ? issues.map((i) => {
        const name = i.path.join('.');
        const field = form.querySelector(`[name="${CSS.escape(name)}"]`) || form.querySelector(`[name$=".${CSS.escape(String(i.path[i.path.length - 1]))}"]`);
        if (field) field.setAttribute('aria-invalid', 'true');
        const label = field && field.labels && field.labels[0] ? field.labels[0].textContent : name;
        return `${label}: ${i.message}`;
      })
    : [error.message];
  alert.textContent = '';
  const list = document.createElement('ul');
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.append(item);
  }
  alert.append(list);
  alert.hidden = false;
  alert.focus();
}

function money(m) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency }).format(Number(m.amount));
}

/** Writes a priced cart's totals into the cells marked data-total / data-line-total. */
function updateTotals(cart) {
  const set = (key, text) => {
    const cell = document.querySelector(`[data-total="${key}"]`);
    if (cell) cell.textContent = text;
  };
  if (!cart.lines || cart.lines.length === 0) return location.reload();
  set('subtotal', money(cart.subtotal));
  set('discountTotal', `-${money(cart.discountTotal)}`);
  set('codes', cart.appliedPromotions.map((p) => p.code || p.id).join(', '));
  set('shippingName', cart.shipping ? cart.shipping.name : '');
  set('shipping', cart.shipping ? money(cart.shipping.price) : '—');
  set('taxTotal', money(cart.taxTotal));
  set('total', money(cart.total));
  for (const line of cart.lines) {
    const cell = document.querySelector(`[data-line-total="${CSS.escape(line.sku)}"]`);
    if (cell) cell.textContent = money(line.subtotal);
  }
  const rows = document.querySelectorAll('[data-line-total]');
  if (rows.length !== cart.lines.length) location.reload();
}

async function submit(form) {
  const body = bodyOf(form);
  const url = form.dataset.api.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(body[name] ?? ''));
  let payload = body;
  if (form.hasAttribute('data-tokenize')) {
    // The card goes to the payment provider, which answers a token; only the token goes to the shop.
    const { token } = await call('POST', '/test-gateway/tokens', body.card);
    payload = { method: 'credit_card', paymentToken: token };
  }
  const method = form.dataset.method || 'POST';
  const result = await call(method, url, method === 'GET' ? undefined : payload);
  const then = form.dataset.then || 'reload';
  if (then === 'reload') location.reload();
  else if (then === 'totals') updateTotals(result);
  // A 202: the order waits on the bank (3-D Secure) or the bank said no; the checkout page says what next.
  else if (then === 'order') location.assign(result.nextAction || result.status === 'payment_pending' || result.status === 'cancelled' ? '/checkout' : `/orders/${encodeURIComponent(result.orderNumber)}`);
  else location.assign(then);
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api) return;
  event.preventDefault();
  const button = form.querySelector('[type=submit]');
  if (button) button.disabled = true;
  const alert = form.querySelector('[role=alert]');
  if (alert) alert.hidden = true;
  submit(form)
    .catch((error) => showProblem(form, error))
    .finally(() => {
      if (button) button.disabled = false;
    });
});

// Live totals: a quantity change in the cart is sent as soon as it is made.
document.addEventListener('change', (event) => {
  const form = event.target instanceof HTMLInputElement ? event.target.form : null;
  if (form && form.hasAttribute('data-live')) form.requestSubmit();
});
