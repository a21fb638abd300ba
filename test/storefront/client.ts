// A shopper for the storefront's API tests: keeps the session cookie between requests, like a
// browser, over Fastify's inject (in process) or fetch (a listening server).
import type { FastifyInstance } from 'fastify';

export interface Answer {
  status: number;
  body: Record<string, unknown> & { [key: string]: unknown };
  type: string;
}

export class Shopper {
  #cookie = '';
  constructor(private readonly target: FastifyInstance | string) {}

  /** Carry this shopper's session to another instance (same secret): a load balancer's job. */
  on(target: FastifyInstance | string): Shopper {
    const moved = new Shopper(target);
    moved.#cookie = this.#cookie;
    return moved;
  }

  async call(method: string, url: string, payload?: unknown): Promise<Answer> {
    const headers: Record<string, string> = this.#cookie ? { cookie: this.#cookie } : {};
    if (payload !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string;
    let type: string;
    let setCookie: string | undefined;
    if (typeof this.target === 'string') {
      const response = await fetch(this.target + url, { method, headers, ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}) });
      status = response.status;
      text = await response.text();
      type = response.headers.get('content-type') ?? '';
      setCookie = response.headers.get('set-cookie') ?? undefined;
    } else {
      const response = await this.target.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });
      status = response.statusCode;
      text = response.body;
      type = String(response.headers['content-type'] ?? '');
      const raw = response.headers['set-cookie'];
      setCookie = Array.isArray(raw) ? raw[0] : raw;
    }
    if (setCookie) this.#cookie = setCookie.split(';')[0] ?? '';
    return { status, type, body: type.includes('json') && text ? (JSON.parse(text) as Answer['body']) : { text } };
  }

  get = (url: string): Promise<Answer> => this.call('GET', url);
  post = (url: string, payload: unknown = {}): Promise<Answer> => this.call('POST', url, payload);
  patch = (url: string, payload: unknown = {}): Promise<Answer> => this.call('PATCH', url, payload);
  delete = (url: string): Promise<Answer> => this.call('DELETE', url);
}

export const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

/** A guest's whole checkout through the API, paying with `card`. */
export async function checkOutAsGuest(shopper: Shopper, card: string, email = 'ada@example.com'): Promise<Answer> {
  await shopper.post('/api/checkout');
  await shopper.post('/api/checkout/guest', { email });
  await shopper.post('/api/checkout/shipping', { shippingAddress: ADDRESS });
  return pay(shopper, card);
}

export async function pay(shopper: Shopper, card: string): Promise<Answer> {
  const { body: tokenized } = await shopper.post('/test-gateway/tokens', { number: card, expMonth: 12, expYear: 2099, cvc: '123' });
  const { body: summary } = await shopper.post('/api/checkout/payment', { method: 'credit_card', paymentToken: tokenized.token });
  return shopper.post('/api/checkout/complete', { expectedTotal: summary.total });
}
