import { afterEach, describe, expect, it } from 'vitest';
import { PgEventRecording } from '../../src/adapters/postgres/event-recording.js';
import { PgSteps } from '../../src/adapters/postgres/steps.js';
import { eventLogConformance, recordedEventsConformance, sampleOrder } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason, pgTestSpace } from './harness.js';

const skip = await pgSkipReason('EventLog');
eventLogConformance(pgFactory('events', skip, (a) => ({ log: a.eventLog, orders: a.orders })), { describe, it, afterEach });
recordedEventsConformance(pgFactory('recorded', skip, (a) => ({ log: a.eventLog, payments: a.payments, checkouts: a.checkouts, catalog: a.catalog, inventory: a.inventory })), { describe, it, afterEach });

const space = pgTestSpace('events_order');
const placed = (id: string) => ({ type: 'order.placed', aggregateId: id, time: 1, schemaVersion: 1, payload: { orderId: id } });

describe.skipIf(skip)('PostgreSQL event log: commit order', () => {
  it('an event whose transaction commits after a later-inserted one is still delivered (no cursor passes it)', async () => {
    const { schema, adapters } = await space.schema();
    const log = adapters.eventLog;
    await log.join('g');
    // A transaction that records first and commits last, held open on a connection of its own.
    const slow = await space.pool().connect();
    try {
      await slow.query('BEGIN');
      await slow.query(new PgEventRecording(new PgSteps(space.pool(), `"${schema}"`), true).writesOf([placed('slow')]) ?? '');
      expect((await adapters.orders.create(sampleOrder('fast', 1), { events: [placed('fast')] })).ok).toBe(true);
      expect((await log.receive('g', 'c', { limit: 10 })).map((d) => d.event.id)).toEqual(['fast:1']);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    expect((await log.receive('g', 'c', { limit: 10 })).map((d) => d.event.id)).toEqual(['slow:1']);
    expect(await log.receive('g', 'c', { limit: 10 })).toEqual([]);
  });

  it('an idle receive writes nothing: the group row is locked only when there is something to take', async () => {
    const { schema, adapters } = await space.schema();
    await adapters.eventLog.join('g');
    const xmax = async () => (await space.pool().query<{ xmax: string }>(`SELECT xmax::text FROM "${schema}".event_groups WHERE name = 'g'`)).rows[0]?.xmax;
    const before = await xmax();
    for (let i = 0; i < 3; i++) expect(await adapters.eventLog.receive('g', 'c', { limit: 10 })).toEqual([]);
    expect(await xmax()).toBe(before);
  });
});
