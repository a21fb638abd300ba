// Payments per second through processPayment with the TestGateway and every fraud rule on,
// against a baseline in the same process with screening off. The difference is the share of
// time spent in fraud screening (gathering signals from the ports plus the pure rules).
import { performance } from 'node:perf_hooks';
import { MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService, type FraudSettings } from '../src/index.js';
import { ManualClock, SequentialIds, TestGateway } from '../src/testing/index.js';

const N = Number(process.env.BENCH_PAYMENTS ?? 4000);
const ROUNDS = 3;
const CUSTOMERS = 1000;

/** A Luhn-valid Visa test number per customer, so each customer has its own card fingerprint. */
function visaNumber(i: number): string {
  const body = `400000${String(i).padStart(9, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function build(fraud: FraudSettings) {
  const clock = new ManualClock('2025-06-15T12:00:00.000Z');
  const gateway = new TestGateway({ clock });
  const tokens = Array.from({ length: CUSTOMERS }, (_, i) => gateway.tokenizeCard({ number: visaNumber(i), expMonth: 12, expYear: 2030, cvc: '123' }));
  const service = new PaymentService({
    store: new MemoryPaymentStore(),
    idempotency: new MemoryIdempotencyStore({ clock }),
    gateways: [gateway],
    velocity: new MemoryVelocityStore(),
    geoIp: new MemoryGeoIp({ '10.0.0.0/8': 'US', '81.2.69.0/24': 'GB' }),
    binLookup: new MemoryBinLookup({ '4': { country: 'US' }, '5': { country: 'US' } }),
    clock,
    ids: new SequentialIds(),
    fraud,
  });
  return { service, clock, tokens };
}

const outcomes = new Map<string, number>();

async function run(label: string, fraud: FraudSettings, round: number): Promise<number> {
  const { service, clock, tokens } = build(fraud);
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    // 1000 customers, each with its own card, IP and device, paying every ~17 minutes: the
    // velocity and device sets hold realistic counts and most payments pass, a few score.
    const c = i % CUSTOMERS;
    const result = await service.processPayment({
      orderId: `${label}-${round}-${i}`,
      amount: { amount: `${10 + (i % 90)}.${String(i % 100).padStart(2, '0')}`, currency: 'USD' },
      method: 'credit_card',
      paymentToken: tokens[c] as string,
      customer: { id: `cust-${c}`, email: `c${c}@example.com`, ip: `10.0.${c % 250}.${Math.floor(c / 250)}`, deviceId: `dev-${c}` },
      billingCountry: 'US',
      capture: i % 2 === 0,
    });
    if (label === 'on') outcomes.set(`${result.status}/${result.fraudRiskLevel}`, (outcomes.get(`${result.status}/${result.fraudRiskLevel}`) ?? 0) + 1);
    clock.advance(1000);
  }
  return performance.now() - start;
}

const fraudOn: FraudSettings = { lists: { block: { emails: ['nobody@example.com'] }, allow: { ips: ['192.0.2.1'] } }, geography: { highRiskCountries: ['KP'] } };
const fraudOff: FraudSettings = { enabled: false };

await run('warm-on', fraudOn, 0);
await run('warm-off', fraudOff, 0);
const on: number[] = [];
const off: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  off.push(await run('off', fraudOff, round));
  on.push(await run('on', fraudOn, round));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const msOn = median(on);
const msOff = median(off);
const perSecond = (ms: number) => Math.round((N / ms) * 1000);
console.log(`processPayment, ${N} payments per run, median of ${ROUNDS} runs (memory stores, TestGateway)`);
console.log(`  all fraud rules on : ${perSecond(msOn).toLocaleString('en-US')} payments/s (${((msOn / N) * 1000).toFixed(1)} µs each)`);
console.log(`  screening off      : ${perSecond(msOff).toLocaleString('en-US')} payments/s (baseline, same process)`);
console.log(`  ratio on / off     : ${(msOff / msOn).toFixed(2)}x throughput`);
console.log(`  share of time in fraud screening: ${(((msOn - msOff) / msOn) * 100).toFixed(1)}%`);
console.log(`  outcomes with screening on (status/risk): ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
