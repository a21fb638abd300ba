import { CommerceError } from '../shared/errors.js';
import type { GatewayOutcome, PaymentGateway } from '../ports/payment-gateway.js';
import type { PaymentMethod } from '../ports/payment-store.js';

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['credit_card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer'];

/** Which gateways take a method, in order: the first is tried first, the rest are fallbacks. */
export type PaymentRouting = Partial<Record<PaymentMethod, readonly string[]>>;

/** One gateway call, for the processor response. */
export interface GatewayAttempt {
  gateway: string;
  outcome: GatewayOutcome['outcome'];
  message?: string;
}

/**
 * Routes methods to gateways. A fallback is tried only after a retryable failure (the
 * gateway said nothing happened: connection refused, 5xx). Never after a decline (the
 * customer's bank said no; asking another processor is card testing) and never after an
 * `unknown` (the first charge may have gone through; a second gateway would charge twice).
 */
export class GatewayRouter {
  private readonly byName = new Map<string, PaymentGateway>();
  private readonly routing: PaymentRouting;

  constructor(gateways: readonly PaymentGateway[] | Readonly<Record<string, PaymentGateway>>, routing?: PaymentRouting) {
    const list = Array.isArray(gateways) ? gateways : Object.values(gateways);
    for (const gateway of list as PaymentGateway[]) this.byName.set(gateway.name, gateway);
    // Default: every method goes to every gateway, in the order given.
    const names = [...this.byName.keys()];
    this.routing = routing ?? Object.fromEntries(PAYMENT_METHODS.map((m) => [m, names]));
    for (const [method, route] of Object.entries(this.routing)) {
      for (const name of route ?? []) {
        if (!this.byName.has(name)) throw new CommerceError('GATEWAY_NOT_CONFIGURED', { method, gateway: name, reason: `routing names unknown gateway '${name}'` });
      }
    }
  }

  /** The gateways for a method, in order; `GATEWAY_NOT_CONFIGURED` when there are none. */
  route(method: PaymentMethod): PaymentGateway[] {
    const route = (this.routing[method] ?? []).map((name) => this.byName.get(name)).filter((g): g is PaymentGateway => g !== undefined);
    if (route.length === 0) throw new CommerceError('GATEWAY_NOT_CONFIGURED', { method, reason: `no gateway takes ${method}` });
    return route;
  }

  /** The gateway a stored payment went through. */
  get(name: string): PaymentGateway {
    const gateway = this.byName.get(name);
    if (!gateway) throw new CommerceError('GATEWAY_NOT_CONFIGURED', { gateway: name, reason: `gateway '${name}' is not configured` });
    return gateway;
  }

  all(): PaymentGateway[] {
    return [...this.byName.values()];
  }

  /** Tries each gateway of the route until one gives an answer that is not retryable. */
  async authorize(
    method: PaymentMethod,
    call: (gateway: PaymentGateway) => Promise<GatewayOutcome>,
  ): Promise<{ gateway: PaymentGateway; outcome: GatewayOutcome; attempts: GatewayAttempt[] }> {
    const attempts: GatewayAttempt[] = [];
    const route = this.route(method);
    let last: { gateway: PaymentGateway; outcome: GatewayOutcome } | undefined;
    for (const gateway of route) {
      const outcome = await callGateway(() => call(gateway));
      attempts.push({ gateway: gateway.name, outcome: outcome.outcome, ...('message' in outcome ? { message: outcome.message } : {}) });
      last = { gateway, outcome };
      if (outcome.outcome !== 'retryable_error') break;
    }
    // route() never returns an empty list, so `last` is set.
    return { ...(last as { gateway: PaymentGateway; outcome: GatewayOutcome }), attempts };
  }
}

/** A gateway that throws gave no answer: the operation may have happened, so it is `unknown`. */
export async function callGateway(call: () => Promise<GatewayOutcome>): Promise<GatewayOutcome> {
  try {
    return await call();
  } catch (error) {
    return { outcome: 'unknown', message: error instanceof Error ? error.message : String(error), raw: {} };
  }
}
