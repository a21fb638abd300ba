import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommerceError, ERROR_MESSAGES, EventBus, isCommerceError, parseInput, toCommerceError, type ListenerFailure } from '../../src/index.js';

describe('CommerceError', () => {
  it('carries a code from the closed map, details and the reason', () => {
    const error = new CommerceError('INSUFFICIENT_INVENTORY', { sku: 'A', reason: 'A: 3 wanted, 1 left' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('INSUFFICIENT_INVENTORY');
    expect(error.message).toBe(`${ERROR_MESSAGES.INSUFFICIENT_INVENTORY}: A: 3 wanted, 1 left`);
    expect(error.details.sku).toBe('A');
    expect(isCommerceError(error, 'INSUFFICIENT_INVENTORY')).toBe(true);
    expect(isCommerceError(error, 'CART_NOT_FOUND')).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'INSUFFICIENT_INVENTORY', details: { sku: 'A' } });
  });

  it('wraps foreign errors, keeping the cause', () => {
    const inner = new Error('socket closed');
    const wrapped = toCommerceError(inner, 'STORE_UNAVAILABLE');
    expect(wrapped.code).toBe('STORE_UNAVAILABLE');
    expect(wrapped.cause).toBe(inner);
    expect(toCommerceError(wrapped)).toBe(wrapped);
  });

  it('turns zod failures into VALIDATION_FAILED with path and message', () => {
    const schema = z.object({ lines: z.array(z.object({ quantity: z.number().int().positive() })) });
    let caught: unknown;
    try {
      parseInput(schema, { lines: [{ quantity: 1 }, { quantity: -2 }] }, 'reserveItems');
    } catch (error) {
      caught = error;
    }
    expect(isCommerceError(caught, 'VALIDATION_FAILED')).toBe(true);
    const issues = (caught as CommerceError).details.issues as { path: unknown[]; message: string }[];
    expect(issues[0]?.path).toEqual(['lines', 1, 'quantity']);
    expect((caught as CommerceError).message).toContain('lines.1.quantity');
    expect(parseInput(schema, { lines: [] })).toEqual({ lines: [] });
  });
});

type Events = { 'order.placed': { orderId: string }; 'cart.updated': { cartId: string } };

describe('EventBus', () => {
  it('delivers typed payloads', () => {
    const bus = new EventBus<Events>();
    const seen: string[] = [];
    bus.on('order.placed', (e) => void seen.push(e.orderId));
    bus.emit('order.placed', { orderId: 'o1' });
    expect(seen).toEqual(['o1']);
  });

  it('keeps going when a listener throws, and reports it on the error channel', async () => {
    const bus = new EventBus<Events>();
    const failures: ListenerFailure[] = [];
    bus.onError((f) => failures.push(f));
    const seen: string[] = [];
    bus.on('order.placed', () => {
      throw new Error('listener bug');
    });
    bus.on('order.placed', () => Promise.reject(new Error('async bug')));
    bus.on('order.placed', (e) => void seen.push(e.orderId));
    expect(() => bus.emit('order.placed', { orderId: 'o1' })).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['o1']);
    expect(failures.map((f) => (f.error as Error).message).sort()).toEqual(['async bug', 'listener bug']);
    expect(failures.every((f) => f.event === 'order.placed')).toBe(true);
  });

  it('survives a throwing error handler', () => {
    const bus = new EventBus<Events>();
    bus.onError(() => {
      throw new Error('handler bug');
    });
    bus.on('cart.updated', () => {
      throw new Error('x');
    });
    expect(() => bus.emit('cart.updated', { cartId: 'c' })).not.toThrow();
  });

  it('supports once and off', () => {
    const bus = new EventBus<Events>();
    let count = 0;
    const listener = (): void => void count++;
    bus.once('cart.updated', listener);
    bus.emit('cart.updated', { cartId: 'c' });
    bus.emit('cart.updated', { cartId: 'c' });
    expect(count).toBe(1);
    bus.on('cart.updated', listener);
    bus.off('cart.updated', listener);
    bus.emit('cart.updated', { cartId: 'c' });
    expect(count).toBe(1);
    expect(bus.listenerCount('cart.updated')).toBe(0);
  });
});
