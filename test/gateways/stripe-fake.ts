import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseForm, type FormValue } from './form-body.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';

type Json = Record<string, unknown>;
interface Answer { status: number; body: Json }

const CARDS: Record<string, { brand: string; last4: string; script: 'approve' | 'decline' | '3ds'; wallet?: string }> = {
  pm_card_visa: { brand: 'visa', last4: '4242', script: 'approve' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', script: 'decline' },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', script: '3ds' },
  tok_visa: { brand: 'visa', last4: '4242', script: 'approve' },
  tok_applepay: { brand: 'visa', last4: '1881', script: 'approve', wallet: 'apple_pay' },
  tok_googlepay: { brand: 'mastercard', last4: '4444', script: 'approve', wallet: 'google_pay' },
  tok_amex: { brand: 'amex', last4: '8431', script: 'approve' },
  tok_mastercard: { brand: 'mastercard', last4: '4444', script: 'approve' },
  tok_diners: { brand: 'diners', last4: '0004', script: 'approve' },
  tok_discover: { brand: 'discover', last4: '1117', script: 'approve' },
  tok_jcb: { brand: 'jcb', last4: '0505', script: 'approve' },
  tok_unionpay: { brand: 'unionpay', last4: '0005', script: 'approve' },
  pm_card_amex: { brand: 'amex', last4: '8431', script: 'approve' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', script: 'approve' },
};

/**
 * Stripe names brands two ways (Stripe API reference): a PaymentMethod's `card.brand` is a
 * code (`amex`, `diners`, `mastercard`, ...), a Token's Card object the display name
 * (`American Express`, `Diners Club`, `MasterCard`, ...). The fake answers each as Stripe does.
 */
const TOKEN_BRANDS: Record<string, string> = { visa: 'Visa', amex: 'American Express', mastercard: 'MasterCard', diners: 'Diners Club', discover: 'Discover', jcb: 'JCB', unionpay: 'UnionPay' };

/**
 * A stateful Stripe API on loopback for the SDK (`host`, `port`, `protocol: 'http'`): the
 * PaymentIntent lifecycle (manual capture, partial capture, cancel), refunds, payment
 * methods from tokens, list and search, idempotency keys (replay, or 400 on other
 * parameters), Stripe's error bodies, and events for what happened.
 */
export class StripeFake {
  readonly intents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  readonly requests: { method: string; path: string; idempotencyKey?: string }[] = [];
  private readonly txns = new Map<string, Json>();
  private readonly methods = new Map<string, Json>();
  private readonly keys = new Map<string, { params: string; answer: Answer }>();
  private readonly delays: number[] = [];
  private server: Server | undefined;
  private seq = 0;
  port = 0;
  /**
   * Whether an intent that asks for multicapture gets it (Stripe answers the charge's
   * `payment_method_details.card.multicapture.status`: `available` or `unavailable`, by the
   * account's pricing and the card network); false: the card or account is not eligible.
   */
  multicaptureEligible = true;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** The next POST is processed, then answered only after `ms` (a timeout after success). */
  delayNextResponse(ms: number): void {
    this.delays.push(ms);
  }

  /** The customer finishes 3-D Secure: the intent becomes capturable (or captured if automatic). */
  completeAction(intentId: string): void {
    const intent = this.intents.get(intentId) as Json;
    this.authorizeIntent(intent);
  }

  /** An event as Stripe would send it, for the current state of `objectId`. */
  event(type: string, objectId: string, extra: { previous?: Json; idempotencyKey?: string } = {}): string {
    const object = type.startsWith('charge.dispute') ? this.disputeFor(objectId) : (this.intents.get(objectId) ?? this.charges.get(objectId));
    return JSON.stringify({
      id: this.id('evt'), object: 'event', api_version: '2026-10-28.endive', type, created: Math.floor(this.now() / 1000), livemode: false, pending_webhooks: 1,
      data: { object: this.render(object ?? {}, []), ...(extra.previous ? { previous_attributes: extra.previous } : {}) },
      request: { id: this.id('req'), idempotency_key: extra.idempotencyKey ?? null },
    });
  }

  private disputeFor(chargeId: string): Json {
    const charge = this.charges.get(chargeId) as Json;
    return { id: this.id('dp'), object: 'dispute', amount: charge.amount, currency: charge.currency, charge: chargeId, payment_intent: charge.payment_intent, reason: 'fraudulent', status: 'needs_response' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, ...(key ? { idempotencyKey: key } : {}) });
    const params = req.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(body);
    let answer: Answer;
    const remembered = key ? this.keys.get(key) : undefined;
    const signature = `${req.method} ${url.pathname} ${body}`;
    if (key !== undefined && key.length > 255) {
      // docs.stripe.com/idempotency: "Idempotency keys are up to 255 characters long"; a longer
      // one is refused as an invalid_request_error before anything runs.
      answer = { status: 400, body: { error: { type: 'invalid_request_error', message: `Idempotency-Key must be at most 255 characters long (got ${key.length})` } } };
    } else if (remembered && remembered.params !== signature) {
      answer = { status: 400, body: { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } } };
    } else if (remembered) {
      answer = remembered.answer;
      res.setHeader('Idempotent-Replayed', 'true');
    } else {
      answer = this.route(req.method ?? 'GET', url.pathname, params);
      if (key && req.method === 'POST' && answer.status < 500) this.keys.set(key, { params: signature, answer });
    }
    const delay = req.method === 'POST' ? this.delays.shift() : undefined;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': this.id('req') });
    res.end(JSON.stringify(answer.body));
  }

  private route(method: string, path: string, p: Record<string, FormValue>): Answer {
    const parts = path.split('/').filter(Boolean).slice(1);
    const expand = Array.isArray(p.expand) ? (p.expand as string[]) : [];
    const [resource, id, action] = parts;
    if (resource === 'payment_intents') {
      if (method === 'POST' && !id) return this.createIntent(p, expand);
      if (method === 'GET' && id === 'search') return this.search(str(p.query));
      if (method === 'GET' && !id) return this.listIntents(p);
      const intent = id ? this.intents.get(id) : undefined;
      if (!intent) return missing('payment_intent', id);
      if (method === 'GET') return ok(this.render(intent, expand));
      if (action === 'capture') return this.capture(intent, p, expand);
      if (action === 'cancel') return this.cancel(intent, expand);
      Object.assign(intent.metadata as Json, p.metadata ?? {});
      return ok(this.render(intent, expand));
    }
    if (resource === 'refunds' && method === 'POST') return this.refund(p);
    if (resource === 'refunds') return ok(list([...this.refunds.values()].filter((r) => r.payment_intent === p.payment_intent || r.charge === p.charge).reverse()));
    if (resource === 'payment_methods' && method === 'POST') return this.methodFromToken(p);
    if (resource === 'payment_methods' || resource === 'tokens') {
      const card = this.methods.get(id ?? '') ?? cardObject(id ?? '');
      if (!card) return missing(resource, id);
      if (resource === 'tokens') return ok({ id, object: 'token', type: 'card', card: { ...card, object: 'card', brand: TOKEN_BRANDS[card.brand as string] ?? 'Unknown' } });
      return ok({ id, object: 'payment_method', type: 'card', card });
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } } };
  }

  private createIntent(p: Record<string, FormValue>, expand: string[]): Answer {
    const pm = str(p.payment_method);
    const card = this.methods.get(pm) ?? cardObject(pm);
    if (!card) return missing('payment_method', pm);
    const amount = Number(p.amount);
    const currency = str(p.currency);
    if (['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(currency) && amount % 10 !== 0) {
      return { status: 400, body: { error: { type: 'invalid_request_error', code: 'invalid_charge_amount', param: 'amount', message: 'Amounts in three-decimal currencies must be divisible by 10.' } } };
    }
    const intent: Json = {
      id: this.id('pi'), object: 'payment_intent', amount, currency, capture_method: p.capture_method ?? 'automatic', status: 'requires_confirmation',
      metadata: p.metadata ?? {}, latest_charge: null, amount_received: 0, amount_capturable: 0, last_payment_error: null, next_action: null,
      cancellation_reason: null, created: Math.floor(this.now() / 1000), payment_method: pm, client_secret: 'secret_not_for_storage',
      payment_method_options: { card: { request_multicapture: str((p.payment_method_options as Record<string, Record<string, FormValue>> | undefined)?.card?.request_multicapture) || 'never' } },
    };
    this.intents.set(intent.id as string, intent);
    const script = (card as Json & { script: string }).script;
    if (script === 'decline') {
      const error = { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error });
      return { status: 402, body: { error: { ...error, payment_intent: this.render(intent, []) } } };
    }
    if (script === '3ds') {
      const next = p.return_url
        ? { type: 'redirect_to_url', redirect_to_url: { url: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${String(intent.id)}`, return_url: p.return_url } }
        : { type: 'use_stripe_sdk', use_stripe_sdk: {} };
      Object.assign(intent, { status: 'requires_action', next_action: next });
      return ok(this.render(intent, expand));
    }
    this.authorizeIntent(intent);
    return ok(this.render(intent, expand));
  }

  private authorizeIntent(intent: Json): void {
    const requested = (intent.payment_method_options as { card: { request_multicapture: string } }).card.request_multicapture === 'if_available';
    const multicapture = { status: requested && this.multicaptureEligible && intent.capture_method === 'manual' ? 'available' : 'unavailable' };
    const charge: Json = {
      id: this.id('ch'), object: 'charge', amount: intent.amount, amount_captured: 0, amount_refunded: 0, captured: false, refunded: false, status: 'succeeded', currency: intent.currency,
      payment_intent: intent.id, balance_transaction: null, metadata: {}, payment_method_details: { type: 'card', card: { multicapture } },
    };
    this.charges.set(charge.id as string, charge);
    Object.assign(intent, { latest_charge: charge.id, next_action: null, status: 'requires_capture', amount_capturable: intent.amount });
    if (intent.capture_method !== 'manual') this.captureCharge(intent, charge, intent.amount as number);
  }

  /**
   * One capture (docs.stripe.com/payments/multicapture): `final_capture: false` keeps the rest
   * capturable (the intent stays `requires_capture`, `amount_received` grows); the final one
   * releases the rest and the intent succeeds. The charge's `amount_captured` is the sum.
   */
  private captureCharge(intent: Json, charge: Json, amount: number, final = true): void {
    const txn = { id: this.id('txn'), object: 'balance_transaction', amount, fee: Math.round(amount * 0.029) + 30, currency: intent.currency };
    this.txns.set(txn.id, txn);
    const captured = (charge.amount_captured as number) + amount;
    Object.assign(charge, { captured: true, amount_captured: captured, balance_transaction: txn.id });
    if (final) Object.assign(intent, { status: 'succeeded', amount_received: captured, amount_capturable: 0 });
    else Object.assign(intent, { amount_received: captured, amount_capturable: (intent.amount_capturable as number) - amount });
  }

  private capture(intent: Json, p: Record<string, FormValue>, expand: string[]): Answer {
    if (intent.status !== 'requires_capture') return unexpectedState(intent, 'capture');
    const amount = p.amount_to_capture === undefined ? (intent.amount_capturable as number) : Number(p.amount_to_capture);
    if (amount > (intent.amount_capturable as number)) {
      return { status: 400, body: { error: { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount_to_capture', message: 'The amount to capture must be less than or equal to the capturable amount.' } } };
    }
    const charge = this.charges.get(intent.latest_charge as string) as Json;
    const final = p.final_capture !== 'false';
    const multicapture = (charge.payment_method_details as { card: { multicapture: { status: string } } }).card.multicapture.status;
    if (!final && multicapture !== 'available') {
      // The fake's own words: final_capture is usable only when multicapture is available.
      return { status: 400, body: { error: { type: 'invalid_request_error', param: 'final_capture', message: 'final_capture can only be false on a PaymentIntent where multicapture is available.' } } };
    }
    Object.assign(intent.metadata as Json, p.metadata ?? {});
    this.captureCharge(intent, charge, amount, final);
    return ok(this.render(intent, expand));
  }

  private cancel(intent: Json, expand: string[]): Answer {
    if (!['requires_capture', 'requires_action', 'requires_payment_method', 'requires_confirmation'].includes(intent.status as string)) return unexpectedState(intent, 'cancel');
    Object.assign(intent, { status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0, next_action: null });
    return ok(this.render(intent, expand));
  }

  private refund(p: Record<string, FormValue>): Answer {
    const intent = this.intents.get(str(p.payment_intent));
    if (!intent) return missing('payment_intent', str(p.payment_intent));
    const charge = this.charges.get(String(intent.latest_charge));
    if (!charge?.captured) return { status: 400, body: { error: { type: 'invalid_request_error', code: 'charge_not_refundable', message: 'This PaymentIntent does not have a successful charge to refund.' } } };
    const left = (charge.amount_captured as number) - (charge.amount_refunded as number);
    const amount = p.amount === undefined ? left : Number(p.amount);
    if (amount > left) {
      return { status: 400, body: { error: { type: 'invalid_request_error', code: 'charge_exceeds_source_limit', param: 'amount', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})` } } };
    }
    const refund = { id: this.id('re'), object: 'refund', amount, currency: charge.currency, status: 'succeeded', charge: charge.id, payment_intent: intent.id, metadata: p.metadata ?? {}, created: Math.floor(this.now() / 1000) + this.seq };
    this.refunds.set(refund.id, refund);
    Object.assign(charge, { amount_refunded: (charge.amount_refunded as number) + amount, refunded: (charge.amount_refunded as number) + amount === charge.amount_captured });
    return ok(refund);
  }

  private methodFromToken(p: Record<string, FormValue>): Answer {
    const token = str((p.card as Record<string, FormValue> | undefined)?.token);
    const card = cardObject(token);
    if (!card) return missing('token', token);
    const id = this.id('pm');
    this.methods.set(id, card);
    return ok({ id, object: 'payment_method', type: 'card', card });
  }

  private listIntents(p: Record<string, FormValue>): Answer {
    const gte = Number((p.created as Json | undefined)?.gte ?? 0);
    return ok(list([...this.intents.values()].filter((i) => (i.created as number) >= gte).reverse().map((i) => this.render(i, []))));
  }

  private search(query: string): Answer {
    const match = /metadata\['(\w+)'\]:'(.*)'/.exec(query);
    const found = [...this.intents.values()].filter((i) => match && (i.metadata as Json)[match[1] as string] === match[2]);
    return ok({ object: 'search_result', data: found.map((i) => this.render(i, [])), has_more: false, next_page: null, url: '/v1/payment_intents/search' });
  }

  private render(object: Json, expand: string[]): Json {
    const copy = structuredClone(object);
    if (copy.object === 'payment_intent' && copy.latest_charge && expand.some((e) => e.startsWith('latest_charge'))) {
      const charge = structuredClone(this.charges.get(copy.latest_charge as string) as Json);
      if (expand.includes('latest_charge.balance_transaction') && charge.balance_transaction) charge.balance_transaction = this.txns.get(charge.balance_transaction as string);
      copy.latest_charge = charge;
    }
    return copy;
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}_fake${String(this.seq).padStart(6, '0')}`;
  }
}

function cardObject(id: string): (Json & { script: string }) | undefined {
  const card = CARDS[id];
  if (!card) return undefined;
  return { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2099, country: 'US', fingerprint: `fp_${card.last4}`, script: card.script, wallet: card.wallet ? { type: card.wallet } : null };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const ok = (body: Json): Answer => ({ status: 200, body });
const list = (data: Json[]): Json => ({ object: 'list', data, has_more: false, url: '/v1/list' });
const missing = (kind: string, id: string | undefined): Answer => ({ status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${kind}: '${id ?? ''}'` } } });
const unexpectedState = (intent: Json, action: string): Answer => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent could not be ${action === 'capture' ? 'captured' : 'canceled'} because it has a status of ${String(intent.status)}.`, payment_intent: intent } },
});
