import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { certs } from './loopback-tls.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';

type Json = Record<string, unknown>;
type Answer = { status: number; body?: Json };
const BASE = 'https://api-m.sandbox.paypal.com';

/**
 * PayPal's REST API on loopback TLS (the certificate names api-m.sandbox.paypal.com): OAuth
 * tokens, Orders v2 (create, get, patch custom_id, authorize), authorizations (capture,
 * void), captures (refund), PayPal-Request-Id replay, PayPal's error bodies, and
 * verify-webhook-signature for the events it signs.
 */
export class PayPalFake {
  readonly orders = new Map<string, Json>();
  readonly requests: { method: string; path: string; requestId?: string; auth?: string }[] = [];
  private readonly auths = new Map<string, { order: Json; auth: Json }>();
  private readonly captures = new Map<string, { order: Json; capture: Json }>();
  private readonly byRequestId = new Map<string, Answer>();
  private readonly delays: number[] = [];
  private readonly signingKey = 'paypal-fake-signing-key';
  private declineNext = false;
  private denyNext = false;
  private server: Server | undefined;
  private seq = 0;
  port = 0;

  constructor(readonly webhookId: string, private readonly now: () => number = () => Date.now()) {}

  async start(): Promise<this> {
    this.server = createServer({ cert: certs.serverCert, key: certs.serverKey }, (req, res) => void this.handle(req, res));
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  delayNextResponse(ms: number): void {
    this.delays.push(ms);
  }

  /** The next authorization is refused by the funding instrument. */
  declineNextAuthorization(): void {
    this.declineNext = true;
  }

  /**
   * The next authorization is DENIED: PayPal answers `201 Created` with the order, whose
   * authorization has status DENIED (Orders v2 authorize: the authorization's status enum
   * includes DENIED; the call itself succeeds), not an error.
   */
  denyNextAuthorization(): void {
    this.denyNext = true;
  }

  /** The authorization of the order expires (its honor and validity periods passed). */
  expireAuthorization(orderId: string): void {
    this.authorizationOf(orderId).status = 'EXPIRED';
  }

  /** The buyer approves the order on PayPal. */
  approve(orderId: string): void {
    (this.orders.get(orderId) as Json).status = 'APPROVED';
  }

  /** A webhook delivery: body and PayPal's transmission headers (checked by verify-webhook-signature). */
  event(type: string, resource: Json, options: { atMs?: number; tamper?: boolean } = {}): { rawBody: string; headers: Record<string, string> } {
    const rawBody = JSON.stringify({ id: this.id('WH'), event_version: '1.0', create_time: new Date(this.now()).toISOString(), resource_type: type.split('.')[1]?.toLowerCase(), event_type: type, summary: type, resource });
    const transmissionId = this.id('tx');
    const time = new Date(options.atMs ?? this.now()).toISOString();
    const sig = this.sign(transmissionId, time, this.webhookId, JSON.parse(rawBody) as Json);
    return { rawBody, headers: { 'paypal-transmission-id': transmissionId, 'paypal-transmission-time': time, 'paypal-transmission-sig': options.tamper ? `x${sig}` : sig, 'paypal-cert-url': `${BASE}/v1/notifications/certs/CERT-fake`, 'paypal-auth-algo': 'SHA256withRSA' } };
  }

  authorizationOf(orderId: string): Json {
    return ((this.unit(this.orders.get(orderId) as Json).payments as Json).authorizations as Json[])[0] as Json;
  }

  captureOf(orderId: string): Json {
    return ((this.unit(this.orders.get(orderId) as Json).payments as Json).captures as Json[])[0] as Json;
  }

  refundsOf(orderId: string): Json[] {
    return ((this.unit(this.orders.get(orderId) as Json).payments as Json).refunds as Json[] | undefined) ?? [];
  }

  private sign(transmissionId: string, time: string, webhookId: string, event: Json): string {
    const digest = createHash('sha256').update(JSON.stringify(event)).digest('hex');
    return createHmac('sha256', this.signingKey).update(`${transmissionId}|${time}|${webhookId}|${digest}`).digest('base64');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const requestId = req.headers['paypal-request-id'] as string | undefined;
    this.requests.push({ method: req.method ?? 'GET', path, ...(requestId ? { requestId } : {}), ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
    let answer: Answer;
    const json = text && String(req.headers['content-type']).includes('json') ? (JSON.parse(text) as Json) : {};
    const invalid = fieldLimits(requestId, json);
    if (invalid) answer = invalid;
    else if (requestId && this.byRequestId.has(requestId)) answer = this.byRequestId.get(requestId) as Answer;
    else {
      answer = this.route(req.method ?? 'GET', path, json, req.headers.authorization);
      if (requestId && answer.status < 500) this.byRequestId.set(requestId, answer);
    }
    const delay = req.method === 'POST' && !path.startsWith('/v1/') ? this.delays.shift() : undefined;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', 'paypal-debug-id': this.id('dbg') });
    res.end(answer.body ? JSON.stringify(answer.body) : '');
  }

  private route(method: string, path: string, body: Json, auth: string | undefined): Answer {
    if (path === '/v1/oauth2/token') return { status: 200, body: { access_token: 'A21AA-fake-token', token_type: 'Bearer', expires_in: 32400, scope: 'https://uri.paypal.com/services/payments' } };
    if (auth !== 'Bearer A21AA-fake-token') return { status: 401, body: { error: 'invalid_token', error_description: 'Token signature verification failed' } };
    if (path === '/v1/notifications/verify-webhook-signature') {
      const expected = this.sign(String(body.transmission_id), String(body.transmission_time), String(body.webhook_id), body.webhook_event as Json);
      return { status: 200, body: { verification_status: body.transmission_sig === expected && body.webhook_id === this.webhookId ? 'SUCCESS' : 'FAILURE' } };
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[1] === 'checkout') return this.orderRoute(method, parts[3], parts[4], body);
    if (parts[2] === 'authorizations') return this.authorizationRoute(parts[3] ?? '', parts[4], body);
    if (parts[2] === 'captures') return this.captureRoute(method, parts[3] ?? '', parts[4], body);
    return notFound();
  }

  private orderRoute(method: string, id: string | undefined, action: string | undefined, body: Json): Answer {
    if (method === 'POST' && !id) {
      const order: Json = { id: this.id('ORDER'), intent: body.intent, status: 'CREATED', purchase_units: body.purchase_units, create_time: new Date(this.now()).toISOString() };
      order.links = [{ rel: 'approve', href: `https://www.sandbox.paypal.com/checkoutnow?token=${String(order.id)}`, method: 'GET' }];
      this.orders.set(order.id as string, order);
      return { status: 201, body: order };
    }
    const order = this.orders.get(id ?? '');
    if (!order) return notFound();
    if (method === 'GET') return { status: 200, body: order };
    if (method === 'PATCH') {
      for (const op of body as unknown as Json[]) if (String(op.path).endsWith('/custom_id')) this.unit(order).custom_id = op.value;
      return { status: 204 };
    }
    if (action !== 'authorize') return notFound();
    if (order.status !== 'APPROVED') return unprocessable('ORDER_NOT_APPROVED', 'Payer has not yet approved the Order for payment.');
    if (this.declineNext) {
      this.declineNext = false;
      return unprocessable('INSTRUMENT_DECLINED', 'The instrument presented was either declined by the processor or bank, or it can\'t be used for this payment.');
    }
    const unit = this.unit(order);
    const status = this.denyNext ? 'DENIED' : 'CREATED';
    this.denyNext = false;
    const authorization = { id: this.id('AUTH'), status, amount: unit.amount, custom_id: unit.custom_id, supplementary_data: { related_ids: { order_id: order.id } }, expiration_time: '2099-01-01T00:00:00Z' };
    unit.payments = { authorizations: [authorization] };
    order.status = 'COMPLETED';
    this.auths.set(authorization.id, { order, auth: authorization });
    return { status: 201, body: order };
  }

  private authorizationRoute(id: string, action: string | undefined, body: Json): Answer {
    const found = this.auths.get(id);
    if (!found) return notFound();
    const { order, auth } = found;
    // 422 issue names from PayPal's Payments v2 specification (authorizations.void and .capture).
    if (action === 'void') {
      if (auth.status === 'VOIDED') return unprocessable('AUTHORIZATION_VOIDED', 'A voided authorization cannot be voided again.');
      if (auth.status !== 'CREATED') return unprocessable('PREVIOUSLY_CAPTURED', 'Authorization has been previously captured and hence cannot be voided.');
      auth.status = 'VOIDED';
      return { status: 200, body: auth };
    }
    const refusal = CAPTURE_REFUSALS[String(auth.status)];
    if (refusal) return unprocessable(refusal[0], refusal[1]);
    const amount = (body.amount as Json | undefined) ?? (auth.amount as Json);
    const captured = this.capturedOf(order);
    if (Math.round(Number(amount.value) * 100) + captured > Math.round(Number((auth.amount as Json).value) * 100)) return unprocessable('MAX_CAPTURE_AMOUNT_EXCEEDED', 'Capture amount exceeds allowable limit.');
    const fee = (Math.round(Number(amount.value) * 349) / 10_000 + 0.49).toFixed(2);
    const capture = {
      id: this.id('CAP'), status: 'COMPLETED', amount, final_capture: body.final_capture ?? false, invoice_id: body.invoice_id, custom_id: auth.custom_id,
      seller_receivable_breakdown: { gross_amount: amount, paypal_fee: { currency_code: amount.currency_code, value: fee } },
      supplementary_data: { related_ids: { order_id: order.id, authorization_id: auth.id } },
    };
    const total = captured + Math.round(Number(amount.value) * 100);
    // final_capture (default false in the API) closes the authorization; otherwise it stays open.
    auth.status = total === Math.round(Number((auth.amount as Json).value) * 100) || body.final_capture === true ? 'CAPTURED' : 'PARTIALLY_CAPTURED';
    const payments = this.unit(order).payments as Json;
    payments.captures = [...((payments.captures as Json[] | undefined) ?? []), capture];
    this.captures.set(capture.id, { order, capture });
    return { status: 201, body: capture };
  }

  private captureRoute(method: string, id: string, action: string | undefined, body: Json): Answer {
    const found = this.captures.get(id);
    if (!found) return notFound();
    const { order, capture } = found;
    if (method === 'GET') return { status: 200, body: capture };
    if (action !== 'refund') return notFound();
    const payments = this.unit(order).payments as Json;
    const refunds = (payments.refunds as Json[] | undefined) ?? [];
    // Each capture is refunded on its own (a refund's `up` link names its capture).
    const ofThisCapture = refunds.filter((r) => (r.links as Json[]).some((l) => l.rel === 'up' && String(l.href).endsWith(`/captures/${id}`)));
    const refunded = ofThisCapture.reduce((sum, r) => sum + Math.round(Number((r.amount as Json).value) * 100), 0);
    const amount = (body.amount as Json | undefined) ?? { currency_code: (capture.amount as Json).currency_code, value: ((Math.round(Number((capture.amount as Json).value) * 100) - refunded) / 100).toFixed(2) };
    if (Math.round(Number(amount.value) * 100) + refunded > Math.round(Number((capture.amount as Json).value) * 100)) {
      return unprocessable('REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.');
    }
    const refund = { id: this.id('REF'), status: 'COMPLETED', amount, custom_id: body.custom_id, links: [{ rel: 'up', href: `${BASE}/v2/payments/captures/${id}`, method: 'GET' }] };
    payments.refunds = [...refunds, refund];
    return { status: 201, body: refund };
  }

  private capturedOf(order: Json): number {
    const captures = ((this.unit(order).payments as Json).captures as Json[] | undefined) ?? [];
    return captures.reduce((sum, c) => sum + Math.round(Number((c.amount as Json).value) * 100), 0);
  }

  private unit(order: Json): Json {
    return (order.purchase_units as Json[])[0] as Json;
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }
}

/** What PayPal answers a capture of an authorization that cannot take one, by its status. */
const CAPTURE_REFUSALS: Record<string, [string, string]> = {
  VOIDED: ['AUTHORIZATION_VOIDED', 'A voided authorization cannot be captured or reauthorized.'],
  EXPIRED: ['AUTHORIZATION_EXPIRED', 'An expired authorization cannot be captured.'],
  DENIED: ['AUTHORIZATION_DENIED', 'A denied authorization cannot be captured.'],
  CAPTURED: ['AUTHORIZATION_ALREADY_CAPTURED', 'Authorization has been previously captured and hence cannot be captured again.'],
};

const notFound = (): Answer => ({ status: 404, body: { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.', details: [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist.' }], debug_id: 'fake' } });
const unprocessable = (issue: string, description: string): Answer => ({ status: 422, body: { name: 'UNPROCESSABLE_ENTITY', message: 'The requested action could not be performed, semantically incorrect, or failed business validation.', details: [{ issue, description }], debug_id: 'fake' } });

/**
 * The limits of PayPal's Payments v2 specification on what the adapter sends:
 * `PayPal-Request-Id` at most 108 characters; `invoice_id` (capture) at most 127; `custom_id`
 * (refund) 1 to 127 of `^[A-Za-z0-9-_.,]*$` (the PayPal server SDK's RefundRequest model
 * documents the same constraints). PayPal answers a violation with its 400 INVALID_REQUEST body.
 */
function fieldLimits(requestId: string | undefined, body: Json): Answer | undefined {
  const bad = (field: string, issue: string) => ({ status: 400, body: { name: 'INVALID_REQUEST', message: 'Request is not well-formed, syntactically incorrect, or violates schema.', details: [{ field, location: field.startsWith('/') ? 'body' : 'header', issue, description: `${field} violates the schema.` }], debug_id: 'fake' } });
  if (requestId !== undefined && requestId.length > 108) return bad('PayPal-Request-Id', 'INVALID_STRING_MAX_LENGTH');
  if (typeof body.invoice_id === 'string' && body.invoice_id.length > 127) return bad('/invoice_id', 'INVALID_STRING_MAX_LENGTH');
  if (typeof body.custom_id === 'string') {
    if (body.custom_id.length > 127) return bad('/custom_id', 'INVALID_STRING_MAX_LENGTH');
    if (!/^[A-Za-z0-9\-_.,]*$/.test(body.custom_id)) return bad('/custom_id', 'INVALID_PARAMETER_SYNTAX');
  }
  return undefined;
}
