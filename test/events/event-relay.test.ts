import { describe, expect, it } from 'vitest';
import { CommerceError, createCommerce, EventRelay, MemoryEventLog, MemoryOrderStore, type DomainEvent, type RelayFailure } from '../../src/index.js';
import { sampleOrder, TestGateway } from '../../src/testing/index.js';
import { placeOrder, stock } from './shop-fixture.js';

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('shop.subscribe on the memory adapters', () => {
  it('every group hears the events of the checkout once, in order, from every store that records', async () => {
    const shop = createCommerce({ payments: { gateways: [new TestGateway()] } });
    await stock(shop);
    const heard: { mail: string[]; ledger: DomainEvent[] } = { mail: [], ledger: [] };
    const mail = await shop.subscribe('mail', { 'order.placed': (e) => void heard.mail.push(`${e.type}#${e.sequence}`) }, { pollMs: 1 });
    const ledger = await shop.subscribe('ledger', { '*': (e) => void heard.ledger.push(e) }, { pollMs: 1 });
    const orderId = await placeOrder(shop, 's1');
    await shop.orders.markFulfilled({ orderId });
    const order = await shop.orders.getOrder({ orderId });
    if (!order) throw new Error('the order is not stored');
    const of = (id: string | undefined): string[] => heard.ledger.filter((e) => e.aggregateId === id).map((e) => `${e.type}#${e.sequence}`);
    await until(() => of(orderId).length === 3 && of(order.checkoutId).length === 1 && of(order.payment.paymentId).length === 2, 'the ledger group');
    await Promise.all([mail.stop(), ledger.stop()]);
    expect(heard.mail).toEqual(['order.placed#1']);
    expect(of(orderId)).toEqual(['order.placed#1', 'order.paid#2', 'order.fulfilled#3']);
    expect(of(order.checkoutId)).toEqual(['checkout.completed#1']);
    expect(of(order.payment.paymentId)).toEqual(['payment.authorized#1', 'payment.captured#2']);
    expect(of('mug')).toEqual(['catalog.activity_changed#1', 'catalog.price_changed#2']);
    expect(heard.ledger).toHaveLength(8);
  });

  it('a throwing handler is retried with backoff, then dead-lettered, listed and replayed', async () => {
    const shop = createCommerce({ payments: { gateways: [new TestGateway()] } });
    await stock(shop);
    let failing = true;
    const runs: number[] = [];
    const failures: RelayFailure[] = [];
    const relay = await shop.subscribe(
      'erp',
      {
        'order.placed': () => {
          runs.push(performance.now());
          if (failing) throw new Error('erp down');
        },
      },
      { pollMs: 1, maxAttempts: 3, backoff: { baseMs: 20, maxMs: 1000 }, onError: (f) => failures.push(f) },
    );
    const orderId = await placeOrder(shop, 's1');
    await until(() => failures.some((f) => f.deadLettered === true), 'the dead letter');
    expect(runs).toHaveLength(3);
    // Backoff doubles: the second wait is longer than the first (20 ms, then 40 ms).
    expect((runs[1] ?? 0) - (runs[0] ?? 0)).toBeGreaterThanOrEqual(19);
    expect((runs[2] ?? 0) - (runs[1] ?? 0)).toBeGreaterThanOrEqual(39);
    expect(failures.map((f) => [f.attempt, f.deadLettered])).toEqual([[1, false], [2, false], [3, true]]);
    const letters = await relay.deadLetters();
    expect(letters.map((l) => [l.event.type, l.event.aggregateId, l.error, l.attempts])).toEqual([['order.placed', orderId, 'erp down', 3]]);

    failing = true;
    expect(await relay.replayDeadLetters()).toEqual({ replayed: 0, failed: 1 });
    expect(await relay.deadLetters()).toHaveLength(1);
    failing = false;
    expect(await relay.replayDeadLetters()).toEqual({ replayed: 1, failed: 0 });
    expect(await relay.deadLetters()).toEqual([]);
    await relay.stop();
  });

  it('stop() waits for the handlers already running, and the rest stay for the next consumer', async () => {
    const log = new MemoryEventLog();
    const orders = new MemoryOrderStore({ events: log });
    let release = (): void => undefined;
    const started: string[] = [];
    const finished: string[] = [];
    const slow = new EventRelay({
      logs: [log],
      group: 'g',
      pollMs: 1,
      handlers: {
        '*': async (e) => {
          started.push(e.id);
          await new Promise<void>((r) => (release = r));
          finished.push(e.id);
        },
      },
    });
    await slow.start();
    await orders.create(sampleOrder('o1', 1), { events: [{ type: 'order.placed', aggregateId: 'o1', time: 1, schemaVersion: 1, payload: {} }] });
    await until(() => started.length === 1, 'the handler');
    let stopped = false;
    const stopping = slow.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toEqual(['o1:1']);
    const next = new EventRelay({ logs: [log], group: 'g', pollMs: 1, handlers: { '*': (e) => void finished.push(`again ${e.id}`) } });
    await next.start();
    await new Promise((r) => setTimeout(r, 20));
    await next.stop();
    expect(finished).toEqual(['o1:1']);
  });

  it('refuses options that cannot work', () => {
    const logs = [new MemoryEventLog()];
    const bad = [
      () => new EventRelay({ logs, group: '', handlers: {} }),
      () => new EventRelay({ logs, group: 'a{b}', handlers: {} }),
      () => new EventRelay({ logs: [], group: 'g', handlers: {} }),
      () => new EventRelay({ logs, group: 'g', handlers: {}, maxAttempts: 0 }),
      () => new EventRelay({ logs, group: 'g', handlers: { x: 'nope' as unknown as () => void } }),
    ];
    for (const build of bad) expect(build).toThrow(CommerceError);
  });

  it('a shop without an event log cannot subscribe', async () => {
    const shop = createCommerce({ eventLogs: [] });
    await expect(shop.subscribe('g', {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('three consumers of one group: each event once, in sequence per aggregate', async () => {
    const log = new MemoryEventLog();
    const orders = new MemoryOrderStore({ events: log });
    const seen: DomainEvent[] = [];
    const relays = ['a', 'b', 'c'].map(
      (consumer) =>
        new EventRelay({
          logs: [log],
          group: 'g',
          consumer,
          pollMs: 1,
          maxInFlight: 4,
          handlers: { '*': async (e) => void (await new Promise((r) => setTimeout(r, e.sequence % 3)), seen.push(e)) },
        }),
    );
    await Promise.all(relays.map((r) => r.start()));
    for (let i = 0; i < 30; i++) {
      const id = `o${i}`;
      await orders.create(sampleOrder(id, i), { events: [1, 2].map((n) => ({ type: `step${n}`, aggregateId: id, time: i, schemaVersion: 1, payload: { n } })) });
      const stored = await orders.get(id);
      await orders.update({ ...stored!, status: 'paid' }, 1, { events: [{ type: 'step3', aggregateId: id, time: i, schemaVersion: 1, payload: {} }] });
    }
    await until(() => seen.length >= 90, 'all events');
    await Promise.all(relays.map((r) => r.stop()));
    expect(new Set(seen.map((e) => e.id)).size).toBe(90);
    expect(seen).toHaveLength(90);
    for (let i = 0; i < 30; i++) expect(seen.filter((e) => e.aggregateId === `o${i}`).map((e) => e.sequence)).toEqual([1, 2, 3]);
  });
});
