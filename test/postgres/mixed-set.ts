// The mixed deployment of the durable-event tests: carts, checkouts, velocity and idempotency
// on Redis; orders, payments, inventory, promotions and the catalogue on PostgreSQL. Each
// backend records the events of the state it holds; `shop.subscribe` reads both logs.
import type pg from 'pg';
import { postgresAdapters } from '../../src/adapters/postgres/index.js';
import { redisAdapters, type RedisClientInput } from '../../src/adapters/redis/index.js';
import { createCommerce, type Commerce, type CommerceStores } from '../../src/index.js';
import { TestGateway } from '../../src/testing/index.js';

export interface MixedSetOptions {
  pool: pg.Pool;
  schema: string;
  client: RedisClientInput;
  prefix: string;
}

export function mixedShop(options: MixedSetOptions): Commerce {
  const durable = postgresAdapters({ pool: options.pool, schema: options.schema });
  const hot = redisAdapters({ client: options.client, prefix: options.prefix });
  const adapters: CommerceStores = { ...durable, carts: hot.carts, checkouts: hot.checkouts, velocity: hot.velocity, idempotency: hot.idempotency };
  return createCommerce({
    adapters,
    eventLogs: [hot.eventLog, durable.eventLog],
    payments: { gateways: [new TestGateway()] },
    checkout: { idempotency: { pollMs: 5, waitMs: 10_000 } },
  });
}
