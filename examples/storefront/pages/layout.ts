// HTML without a template engine: a tagged template that escapes every value it is given
// (so a product name can never become markup), and the page shell every page shares.
import { Money, type MoneyJSON, type ProblemDetails } from '../../../src/index.js';

/** Markup already escaped: what `html` returns, and what it inserts as is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Slot = Html | string | number | null | undefined | false | readonly Slot[];

function render(value: Slot): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly Slot[]).map(render).join('');
  return escape(value);
}

export function html(strings: TemplateStringsArray, ...values: Slot[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

export const gbp = (money: MoneyJSON | Money): string => (money instanceof Money ? money : Money.fromJSON(money)).format('en-GB');

export interface PageOptions {
  title: string;
  /** Whose session: shown in the header. */
  userId?: string | undefined;
  itemCount?: number | undefined;
}

export function page(options: PageOptions, body: Html): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Kernel Goods</title>
<link rel="stylesheet" href="/static/storefront.css">
<script src="/static/storefront.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <a class="brand" href="/">Kernel Goods</a>
  <nav aria-label="Main">
    <ul>
      <li><a href="/">Shop</a></li>
      <li><a href="/cart">Cart${options.itemCount ? html` <span class="badge" aria-label="${options.itemCount} items">${options.itemCount}</span>` : ''}</a></li>
      <li><a href="/orders">Orders</a></li>
      <li>${options.userId ? html`<a href="/login">Signed in as ${options.userId}</a>` : html`<a href="/login">Sign in</a>`}</li>
      <li><a href="/admin">Admin</a></li>
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer><p>A reference storefront for commerce-kernel. Payments go to a test gateway: no real card is charged.</p></footer>
</body>
</html>`.text;
}

export function errorPage(problem: ProblemDetails): string {
  return page({ title: problem.title }, html`<h1>${problem.title}</h1><p>${problem.detail}</p><p><a href="/">Back to the shop</a></p>`);
}

/** The alert a form's script fills with a problem's detail and the fields at fault. */
export const formAlert = html`<div class="alert" role="alert" aria-live="assertive" tabindex="-1" hidden></div>`;
