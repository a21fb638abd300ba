// A consumer process of multi-process-events.test.ts: its own connection and shop on the
// shared prefix, one consumer in each group named. Each handler run is noted at its start
// in the Redis list `<prefix>handled:<group>` as `<event id>|<consumer>|<aggregate>|<sequence>`,
// so the parent sees every run of every process in one order. Mode `hang`: the handler
// never resolves (the process is killed mid-handler). `only`: a type prefix; events of other
// types are settled without a note or a run ('' takes all). A second message from the parent
// stops the relays (draining) and the process reports how many runs it made. With a
// PostgreSQL URL and schema after `only`, the shop is the mixed set (test/postgres/mixed-set.ts).
import { Redis } from 'ioredis';
import pg from 'pg';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce, type EventRelay } from '../../src/index.js';
import { mixedShop } from '../postgres/mixed-set.js';
import { readyThenWaitForGo, reportAndExit } from './worker-process.js';

const [kind, url, prefix, groupsArg, mode, visibilityArg, name, only = '', pgUrl, pgSchema] = process.argv.slice(2) as [string, string, string, string, string, string, string, string?, string?, string?];
const client = kind === 'ioredis' ? new Redis(url) : await (await import('redis')).createClient({ url }).connect();
const notes = new Redis(url);
const pool = pgUrl && pgSchema ? new pg.Pool({ connectionString: pgUrl, max: 4 }) : undefined;
pool?.on('error', () => undefined);
const shop = pool && pgSchema ? mixedShop({ pool, schema: pgSchema, client, prefix }) : createCommerce({ adapters: redisAdapters({ client, prefix }) });
let runs = 0;
const relays: EventRelay[] = [];
for (const group of groupsArg.split(',')) {
  relays.push(
    await shop.subscribe(
      group,
      {
        '*': async (event) => {
          if (!event.type.startsWith(only)) return;
          runs += 1;
          await notes.rpush(`${prefix}handled:${group}`, `${event.id}|${name}|${event.aggregateId}|${event.sequence}`);
          if (mode === 'hang') await new Promise(() => undefined);
          // A little work of varying length, so consumers overlap and finish out of order.
          await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
        },
      },
      { consumer: name, visibilityTimeoutMs: Number(visibilityArg), pollMs: 5 },
    ),
  );
}
await readyThenWaitForGo();
await new Promise<void>((resolve) => process.once('message', () => resolve()));
await Promise.all(relays.map((r) => r.stop()));
await notes.quit();
await client.quit();
await pool?.end();
reportAndExit({ runs });
