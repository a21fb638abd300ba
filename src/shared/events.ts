import { EventEmitter } from 'eventemitter3';

/** A map from event name to payload type, e.g. `{ 'order.placed': OrderPlaced }`. */
export type EventMap = { [name: string]: unknown };

/** What the bus reports on its `error` channel when a listener throws or rejects. */
export interface ListenerFailure {
  event: string;
  error: unknown;
}

export type Listener<P> = (payload: P) => void | Promise<void>;

type Wrapper = (payload: unknown) => void;

/** The narrow side a service needs: it only emits. */
export interface EventSink<E extends EventMap> {
  emit<K extends keyof E & string>(event: K, payload: E[K]): void;
}

/**
 * A typed event bus on eventemitter3. Services emit after the state change is stored;
 * a listener that throws (or rejects) never breaks the command that emitted: its failure
 * goes to the `error` channel instead, and the other listeners still run.
 */
export class EventBus<E extends EventMap> implements EventSink<E> {
  private readonly emitter = new EventEmitter();
  // The wrapper registered for each listener, so `off` can find what to remove.
  private readonly wrapped = new Map<string, Map<unknown, Wrapper[]>>();
  private readonly errorListeners = new Set<(failure: ListenerFailure) => void>();

  on<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.emitter.on(event, this.wrap(event, listener, false));
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    this.emitter.once(event, this.wrap(event, listener, true));
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: Listener<E[K]>): this {
    const wrapper = this.wrapped.get(event)?.get(listener)?.shift();
    if (wrapper) this.emitter.off(event, wrapper);
    return this;
  }

  /** Failures of listeners. With none registered, failures are dropped silently by design. */
  onError(listener: (failure: ListenerFailure) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    this.emitter.emit(event, payload);
  }

  listenerCount(event: keyof E & string): number {
    return this.emitter.listenerCount(event);
  }

  removeAllListeners(): void {
    this.emitter.removeAllListeners();
    this.wrapped.clear();
  }

  private wrap<P>(event: string, listener: Listener<P>, once: boolean): Wrapper {
    const wrapper: Wrapper = (payload) => {
      if (once) this.forget(event, listener, wrapper);
      try {
        const result = listener(payload as P);
        if (result instanceof Promise) result.catch((error: unknown) => this.report(event, error));
      } catch (error) {
        this.report(event, error);
      }
    };
    let byListener = this.wrapped.get(event);
    if (!byListener) {
      byListener = new Map();
      this.wrapped.set(event, byListener);
    }
    byListener.set(listener, [...(byListener.get(listener) ?? []), wrapper]);
    return wrapper;
  }

  private forget(event: string, listener: unknown, wrapper: Wrapper): void {
    const list = this.wrapped.get(event)?.get(listener);
    const index = list ? list.indexOf(wrapper) : -1;
    if (index >= 0) list?.splice(index, 1);
  }

  private report(event: string, error: unknown): void {
    for (const listener of this.errorListeners) {
      try {
        listener({ event, error });
      } catch {
        // An error handler that throws has nowhere left to report to.
      }
    }
  }
}

/** A sink that drops everything: for services built without a bus. */
export function silentEvents<E extends EventMap>(): EventSink<E> {
  return { emit: () => undefined };
}
