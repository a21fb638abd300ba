// Fault injection for the checkout tests: failures (or hangs) by call name, and proxies that
// put them in front of a service or store and observe each answer.
import { CommerceError } from '../../src/index.js';

/** Lets other calls interleave, as a network hop would. */
const hop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const HANG = Symbol('hang');

/** Failures injected by name (`inventory.reserveItems`, `orderStore.create`, ...). */
export class Faults {
  private readonly planned = new Map<string, { error: unknown; skip: number; times: number }>();
  readonly calls = new Map<string, number>();
  /** The next call of `name` (after `skip` calls that pass) throws `error`, `times` times. */
  failOn(name: string, error: unknown = new CommerceError('STORE_UNAVAILABLE', { reason: `injected at ${name}` }), options: { skip?: number; times?: number } = {}): void {
    this.planned.set(name, { error, skip: options.skip ?? 0, times: options.times ?? 1 });
  }
  /** The next call of `name` never returns: the process died there. */
  hangOn(name: string, skip = 0): void {
    this.planned.set(name, { error: HANG, skip, times: 1 });
  }
  clear(): void {
    this.planned.clear();
  }
  async hit(name: string): Promise<void> {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    await hop();
    const plan = this.planned.get(name);
    if (!plan || plan.times <= 0) return;
    if (plan.skip > 0) {
      plan.skip -= 1;
      return;
    }
    plan.times -= 1;
    if (plan.error === HANG) await new Promise<never>(() => undefined);
    throw plan.error;
  }
}

/**
 * Wraps a store or service so injected faults hit its members (`<prefix>.<member>`); `around`
 * may rewrite a call's arguments and observe its answer (to keep an inspection view fresh).
 */
export function faulty<S extends object>(store: S, prefix: string, faults: Faults, around: Around = {}): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const name = String(prop);
        await faults.hit(`${prefix}.${name}`);
        const callArgs = around.before ? around.before(name, args) : args;
        try {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, callArgs);
          await around.after?.(name, callArgs, result, true);
          return result;
        } catch (error) {
          await around.after?.(name, callArgs, undefined, false);
          throw error;
        }
      };
    },
  });
}

/** The service (faults and all) with the inspection members in front of it. */
export function withViews<S extends object, V extends object>(service: S, views: V): S & V {
  return new Proxy(service, {
    get: (target, prop, receiver) => (prop in views ? Reflect.get(views, prop, views) : Reflect.get(target, prop, receiver)),
  }) as S & V;
}

export interface Around {
  before?: (name: string, args: unknown[]) => unknown[];
  after?: (name: string, args: unknown[], result: unknown, ok: boolean) => Promise<void>;
}
