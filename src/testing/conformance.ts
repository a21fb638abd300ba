import { ManualClock } from './manual-clock.js';
import { SequentialIds } from './sequential-ids.js';

/**
 * The few functions of a test runner a suite needs. Pass vitest's or jest's
 * (`{ describe, it, afterEach }`); the suites assert with `node:assert/strict`,
 * so the kit depends on no test runner.
 */
export interface TestApi {
  describe(name: string, body: () => void): void;
  it: {
    (name: string, body: () => Promise<void>): void;
    skip(name: string, body: () => Promise<void>): void;
  };
  afterEach(body: () => Promise<void>): void;
}

/** What every conformance test receives: a fresh store and the clock and ids it was built with. */
export interface ConformanceContext<S> {
  store: S;
  clock: ManualClock;
  ids: SequentialIds;
}

/** A store built for one test, and how to clean up after it (e.g. delete its Redis keys). */
export interface StoreUnderTest<S> {
  store: S;
  dispose?: () => Promise<void> | void;
}

/**
 * How an adapter is built for the shared tests. `make` is called once per test with a
 * fresh clock and id generator, so tests never see each other's data.
 */
export interface StoreFactory<S> {
  /** Shown in the test names, e.g. `memory` or `redis (ioredis)`. */
  name: string;
  make(deps: { clock: ManualClock; ids: SequentialIds }): Promise<StoreUnderTest<S>> | StoreUnderTest<S>;
  /** A reason to register every test as skipped, shown in the test name (e.g. no Redis outside CI). */
  skip?: string | undefined;
}

/** Registers one test of a suite; the body gets a fresh store. */
export type ConformanceTest<S> = (name: string, body: (ctx: ConformanceContext<S>) => Promise<void> | void) => void;

/** A conformance suite: call it with a factory and the runner's API to register every shared test. */
export type ConformanceSuite<S> = (factory: StoreFactory<S>, api: TestApi) => void;

/**
 * Defines the tests of a store port once, to be run unchanged against every adapter
 * (memory, Redis with each client). Usage:
 *
 * ```ts
 * export const cartStoreConformance = defineConformanceSuite<CartStore>('CartStore', (test) => {
 *   test('keeps every line', async ({ store }) => { assert.equal(...) });
 * });
 * // in a vitest file:
 * cartStoreConformance({ name: 'memory', make: () => ({ store: new MemoryCartStore() }) },
 *   { describe, it, afterEach });
 * ```
 */
export function defineConformanceSuite<S>(port: string, register: (test: ConformanceTest<S>) => void): ConformanceSuite<S> {
  return (factory, api) => {
    const skipped = factory.skip;
    const title = skipped ? `${port} conformance (${factory.name}) SKIPPED: ${skipped}` : `${port} conformance (${factory.name})`;
    api.describe(title, () => {
      const disposers: (() => Promise<void> | void)[] = [];
      api.afterEach(async () => {
        while (disposers.length > 0) await disposers.pop()?.();
      });
      register((name, body) => {
        const run = async (): Promise<void> => {
          const clock = new ManualClock();
          const ids = new SequentialIds();
          const built = await factory.make({ clock, ids });
          if (built.dispose) disposers.push(built.dispose);
          await body({ store: built.store, clock, ids });
        };
        if (skipped) api.it.skip(name, run);
        else api.it(name, run);
      });
    });
  };
}
