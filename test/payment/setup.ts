import { EventBus, MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService, type PaymentEvents, type PaymentServiceOptions } from '../../src/index.js';
import { ManualClock, SequentialIds, TestGateway, TEST_TOKENS } from '../../src/testing/index.js';

export function setup(options: Partial<PaymentServiceOptions> & { gatewayOptions?: ConstructorParameters<typeof TestGateway>[0] } = {}) {
  const clock = new ManualClock('2025-06-15T12:00:00.000Z');
  const ids = new SequentialIds();
  const store = new MemoryPaymentStore();
  const idempotency = new MemoryIdempotencyStore({ clock });
  const velocity = options.velocity ?? new MemoryVelocityStore();
  const gateway = new TestGateway({ clock, ...options.gatewayOptions });
  const bus = new EventBus<PaymentEvents>();
  const seen: { name: keyof PaymentEvents; paymentId: string; amount: string; status: string }[] = [];
  for (const name of ['payment.authorized', 'payment.captured', 'payment.voided', 'payment.refunded', 'payment.failed', 'payment.blocked', 'payment.review_required', 'payment.requires_action', 'payment.unknown'] as const) {
    bus.on(name, (e) => {
      seen.push({ name, paymentId: e.paymentId, amount: e.amount.amount, status: e.payment.status });
    });
  }
  const { gatewayOptions: _ignored, ...rest } = options;
  const service = new PaymentService({ store, idempotency, gateways: [gateway], clock, ids, events: bus, ...rest, velocity, geoIp: rest.geoIp ?? new MemoryGeoIp(), binLookup: rest.binLookup ?? new MemoryBinLookup() });
  return { service, store, idempotency, velocity, gateway, clock, ids, bus, seen };
}

let order = 0;

/** A valid processPayment request; each call gets a new order id and customer by default. */
export function request(overrides: Record<string, unknown> = {}) {
  order += 1;
  return {
    orderId: `order-${order}`,
    amount: { amount: '49.99', currency: 'USD' },
    method: 'credit_card' as const,
    paymentToken: TEST_TOKENS.approve,
    customer: { email: `customer${order}@example.com`, ip: '81.2.69.160', deviceId: `device-${order}` },
    billingCountry: 'US',
    ...overrides,
  };
}
