// Checkout in steps on one page that shows the step the checkout is at: details, payment,
// review. Every form posts to the JSON API; the page script shows the API's validation
// messages next to the form and reloads to the next step.
import type { FastifyInstance } from 'fastify';
import { isCommerceError, type CheckoutSummary } from '../../../src/index.js';
import { TEST_CARDS } from '../../../src/testing/index.js';
import type { Storefront } from '../context.js';
import { formAlert, gbp, html, type Html } from './layout.js';
import { sendPage, totalsTable } from './shop-pages.js';

const STEPS = [
  ['shipping_info', 'Details'],
  ['payment_info', 'Payment'],
  ['order_review', 'Review'],
] as const;

function progress(current: string): Html {
  return html`<ol class="steps" aria-label="Checkout steps">${STEPS.map(([step, label]) => html`<li ${step === current ? html`aria-current="step"` : ''}>${label}</li>`)}</ol>`;
}

const field = (name: string, label: string, options: { autocomplete?: string; required?: boolean; type?: string; value?: string | undefined } = {}): Html => {
  const id = `f-${name.replace(/\W/g, '-')}`;
  return html`<p><label for="${id}">${label}${options.required === false ? ' (optional)' : ''}</label>
<input id="${id}" name="${name}" type="${options.type ?? 'text'}" ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''} ${options.required === false ? '' : 'required'} value="${options.value ?? ''}"></p>`;
};

function detailsStep(summary: CheckoutSummary, guest: boolean): Html {
  if (guest && !summary.email) {
    return html`<h2>Your email</h2>
<form data-api="/api/checkout/guest" data-method="POST" data-then="reload" novalidate>
  ${field('email', 'Email', { type: 'email', autocomplete: 'email' })}
  <button type="submit">Continue</button>${formAlert}
</form>`;
  }
  const a = summary.shippingAddress;
  return html`<h2>Delivery address</h2>
<form data-api="/api/checkout/shipping" data-method="POST" data-then="reload" novalidate>
  ${field('shippingAddress.firstName', 'First name', { autocomplete: 'given-name', value: a?.firstName })}
  ${field('shippingAddress.lastName', 'Last name', { autocomplete: 'family-name', value: a?.lastName })}
  ${field('shippingAddress.line1', 'Address', { autocomplete: 'address-line1', value: a?.line1 })}
  ${field('shippingAddress.line2', 'Address line 2', { autocomplete: 'address-line2', required: false, value: a?.line2 })}
  ${field('shippingAddress.city', 'Town or city', { autocomplete: 'address-level2', value: a?.city })}
  ${field('shippingAddress.postalCode', 'Postcode', { autocomplete: 'postal-code', value: a?.postalCode })}
  <p><label for="f-country">Country</label>
  <select id="f-country" name="shippingAddress.country" autocomplete="country"><option value="GB">United Kingdom</option><option value="IE">Ireland</option><option value="FR">France</option><option value="DE">Germany</option></select></p>
  <button type="submit">Continue to payment</button>${formAlert}
</form>`;
}

function cardForm(label: string): Html {
  return html`<form data-tokenize data-api="/api/checkout/payment" data-method="POST" data-then="reload" novalidate>
  ${field('card.number', 'Card number', { autocomplete: 'cc-number' })}
  <div class="inline">
  ${field('card.expMonth', 'Expiry month (MM)', { autocomplete: 'cc-exp-month' })}
  ${field('card.expYear', 'Expiry year (YYYY)', { autocomplete: 'cc-exp-year' })}
  ${field('card.cvc', 'Security code', { autocomplete: 'cc-csc' })}
  </div>
  <button type="submit">${label}</button>${formAlert}
</form>
<details><summary>Test card numbers</summary>
<p>Payments go to the library's test gateway. Any future expiry date and any 3-digit code (4 for Amex).</p>
<table><caption class="visually-hidden">Test cards</caption><thead><tr><th scope="col">Number</th><th scope="col">What happens</th></tr></thead><tbody>
<tr><td><code>${TEST_CARDS.visa}</code></td><td>Visa, approved</td></tr>
<tr><td><code>${TEST_CARDS.mastercard}</code></td><td>Mastercard, approved</td></tr>
<tr><td><code>${TEST_CARDS.amex}</code></td><td>American Express, approved</td></tr>
<tr><td><code>${TEST_CARDS.declined}</code></td><td>Declined by the bank</td></tr>
<tr><td><code>${TEST_CARDS.insufficientFunds}</code></td><td>Declined: insufficient funds</td></tr>
<tr><td><code>${TEST_CARDS.requiresAction}</code></td><td>The bank asks for 3-D Secure: confirm it on the test bank's page</td></tr>
</tbody></table></details>`;
}

function paymentStep(summary: CheckoutSummary): Html {
  return html`<h2>Delivery</h2>
<form data-api="/api/checkout/shipping-option" data-method="POST" data-then="reload">
  <fieldset><legend>Delivery option</legend>
  ${summary.shippingOptions.map((o) => html`<p><input type="radio" id="ship-${o.id}" name="shippingOptionId" value="${o.id}" ${summary.shipping?.optionId === o.id ? 'checked' : ''}>
  <label for="ship-${o.id}">${o.name}, ${gbp(o.price)}</label></p>`)}
  </fieldset>
  <button type="submit">Change delivery</button>${formAlert}
</form>
<h2>Payment</h2>
${cardForm('Continue to review')}`;
}

function reviewStep(summary: CheckoutSummary): Html {
  const a = summary.shippingAddress;
  return html`<h2>Review your order</h2>
<ul>${summary.lines.map((l) => html`<li>${l.quantity} × ${l.name}, ${gbp(l.total)}</li>`)}</ul>
${summary.priceChanges.map((c) => html`<p class="notice">${c.name} was ${gbp(c.cartUnitPrice)} in your cart and is ${gbp(c.unitPrice)} now.</p>`)}
${a ? html`<p>Delivering to ${a.firstName} ${a.lastName}, ${a.line1}, ${a.city} ${a.postalCode ?? ''}.</p>` : ''}
${totalsTable(summary)}
<form data-api="/api/checkout/complete" data-method="POST" data-then="order">
  <input type="hidden" name="expectedTotal.amount" value="${summary.total.toJSON().amount}">
  <input type="hidden" name="expectedTotal.currency" value="${summary.currency}">
  <button type="submit" class="primary">Place order and pay ${gbp(summary.total)}</button>${formAlert}
</form>
<h2>Pay with another card</h2>
${cardForm('Use this card')}`;
}

/**
 * A placed order whose payment waits on the shopper's bank (3-D Secure): where to confirm it,
 * and the button that resumes the checkout (completeOrder again places the order once the
 * bank has said yes). Null when the checkout's order waits on nothing.
 */
async function bankStep(sf: Storefront, summary: CheckoutSummary): Promise<Html | null> {
  const order = summary.orderId ? await sf.shop.orders.getOrder({ orderId: summary.orderId }) : null;
  if (!order || order.status !== 'payment_pending') return null;
  const payment = await sf.shop.payments.getPayment(order.payment.paymentId);
  if (!payment || (payment.status !== 'requires_action' && payment.status !== 'authorized' && payment.status !== 'captured')) return null;
  // The test gateway's action URL points nowhere: the storefront plays the bank, as it plays the provider for tokens.
  const txn = payment.gatewayTransactionId;
  const href = payment.gateway === sf.gateway.name && txn ? `/test-gateway/3ds/${txn}` : payment.nextAction?.url;
  return html`<h2>Confirm the payment with your bank</h2>
<p role="status">Order ${order.number} for ${gbp(order.total)} is waiting: your bank asks you to confirm the payment (3-D Secure). We hold your items until then.</p>
${payment.status === 'requires_action' && href ? html`<p><a class="button" href="${href}">Confirm with your bank</a></p>` : ''}
<form data-api="/api/checkout/complete" data-method="POST" data-then="order">
  <p>Confirmed it? Then finish your order.</p>
  <button type="submit" class="primary">Finish order ${order.number}</button>${formAlert}
</form>`;
}

/** The test bank's 3-D Secure page: the shopper confirms or refuses, then goes back to checkout. */
function testBankPage(app: FastifyInstance, sf: Storefront): void {
  app.get<{ Params: { transactionId: string } }>('/test-gateway/3ds/:transactionId', async (request, reply) => {
    const id = request.params.transactionId;
    const answer = (outcome: string, label: string): Html => html`<form data-api="/test-gateway/3ds/${id}" data-method="POST" data-then="/checkout"><input type="hidden" name="outcome" value="${outcome}"><button type="submit">${label}</button>${formAlert}</form>`;
    return sendPage(sf, request, reply, 'Test bank', html`<h1>Test bank: confirm your payment</h1>
<p>This page stands for your bank's 3-D Secure check. Payment reference ${id}.</p>
${answer('approve', 'Approve payment')}
${answer('fail', 'Refuse payment')}`);
  });
}

export function checkoutPage(app: FastifyInstance, sf: Storefront): void {
  testBankPage(app, sf);
  app.get('/checkout', async (request, reply) => {
    const checkoutId = request.session.checkoutId;
    const summary = checkoutId
      ? await sf.shop.checkout.getCheckoutSummary({ checkoutId }).catch((error: unknown) => {
          if (isCommerceError(error, 'CHECKOUT_NOT_FOUND')) return null;
          throw error;
        })
      : null;
    const waiting = summary?.status === 'confirmed' ? await bankStep(sf, summary) : null;
    if (waiting) return sendPage(sf, request, reply, 'Checkout', html`<h1>Checkout</h1>${waiting}`);
    if (!summary || summary.status !== 'open') {
      return sendPage(sf, request, reply, 'Checkout', html`<h1>Checkout</h1>
<form data-api="/api/checkout" data-method="POST" data-then="reload"><button type="submit">Start checkout</button>${formAlert}</form>
<p><a href="/cart">Back to your cart</a></p>`);
    }
    const step = summary.currentStep === 'payment_info' ? paymentStep(summary) : summary.currentStep === 'order_review' ? reviewStep(summary) : detailsStep(summary, !request.session.userId);
    return sendPage(sf, request, reply, 'Checkout', html`<h1>Checkout</h1>${progress(summary.currentStep)}${step}`);
  });
}
