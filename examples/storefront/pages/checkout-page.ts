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

export function checkoutPage(app: FastifyInstance, sf: Storefront): void {
  app.get('/checkout', async (request, reply) => {
    const checkoutId = request.session.checkoutId;
    const summary = checkoutId
      ? await sf.shop.checkout.getCheckoutSummary({ checkoutId }).catch((error: unknown) => {
          if (isCommerceError(error, 'CHECKOUT_NOT_FOUND')) return null;
          throw error;
        })
      : null;
    if (!summary || summary.status !== 'open') {
      return sendPage(sf, request, reply, 'Checkout', html`<h1>Checkout</h1>
<form data-api="/api/checkout" data-method="POST" data-then="reload"><button type="submit">Start checkout</button>${formAlert}</form>
<p><a href="/cart">Back to your cart</a></p>`);
    }
    const step = summary.currentStep === 'payment_info' ? paymentStep(summary) : summary.currentStep === 'order_review' ? reviewStep(summary) : detailsStep(summary, !request.session.userId);
    return sendPage(sf, request, reply, 'Checkout', html`<h1>Checkout</h1>${progress(summary.currentStep)}${step}`);
  });
}
