// Webhook events parked for a payment that never appears expire after parkedEventRetentionMs
// (default 7 days), on the memory store and on Redis.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { PARKED_EVENT_RETENTION_MS, type PaymentStore } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from '../redis/harness.js';
import { request, setup } from './setup.js';

const skip = await redisSkipReason('parked retention');
const space = skip ? undefined : redisTestSpace('parked-retention');
const stores: [string, (() => Promise<PaymentStore | undefined>)][] = [
  ['memory', () => Promise.resolve(undefined)],
  ['redis', async () => (space ? redisAdapters({ client: (await space.open('ioredis')).client, prefix: space.prefix(), clock: new ManualClock() }).payments : undefined)],
];

describe.each(stores)('parked webhook events expire (%s)', (name, makeStore) => {
  const run = name === 'redis' && skip ? it.skip : it;

  run('an event for a payment that never appears is dropped once the retention has passed, not before', async () => {
    const store = await makeStore();
    const { service, gateway, clock } = setup({ ...(store ? { store } : {}) });
    const stray = gateway.signEvent({ type: 'payment.captured', paymentId: 'pay_never', transactionId: 'test_txn_x', operationId: 'op_x', amountMinor: 100 });
    expect((await service.handleWebhook(stray.rawBody, stray.headers)).outcome).toBe('parked');
    clock.advance(PARKED_EVENT_RETENTION_MS - 1);
    expect(await service.dropExpiredParkedEvents()).toEqual({ dropped: 0 });
    clock.advance(2);
    expect(await service.dropExpiredParkedEvents()).toEqual({ dropped: 1 });
    expect(await service.dropExpiredParkedEvents()).toEqual({ dropped: 0 });
  });

  run('the retention is a setting; an event past it is not applied when its payment appears at last', async () => {
    const store = await makeStore();
    const { service, gateway, clock } = setup({ ...(store ? { store } : {}), parkedEventRetentionMs: 60_000 });
    // The next payment id the service will use; its webhook came long before it.
    const early = gateway.signEvent({ type: 'payment.voided', paymentId: 'payment_1', transactionId: 'test_txn_x' });
    expect((await service.handleWebhook(early.rawBody, early.headers)).outcome).toBe('parked');
    clock.advance(60_001);
    const paid = await service.processPayment(request());
    expect(paid).toMatchObject({ paymentId: 'payment_1', status: 'authorized' });
    expect(await service.dropExpiredParkedEvents()).toEqual({ dropped: 0 });
    await expect(service.dropExpiredParkedEvents({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
