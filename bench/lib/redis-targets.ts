// What the Redis benchmarks share: the targets, and Redis's CPU time from INFO.

/** The rows with a target, and the target: a ratio to PING or to the no-op EVALSHA. */
export const TARGETS: readonly [row: string, of: 'PING' | 'no-op EVALSHA', min: number][] = [
  ['addItem, distinct carts', 'PING', 0.5],
  ['addItem, one cart', 'PING', 0.5],
  ['updateQuantity, distinct carts', 'PING', 0.5],
  ['updateQuantity, one cart', 'PING', 0.5],
  ['store.addToLine (adapter step), distinct carts', 'PING', 0.5],
  ['store.addToLine (adapter step), one cart', 'PING', 0.5],
  ['reserveItems (1 SKU)', 'no-op EVALSHA', 0.6],
  ['store.reserve (1 SKU, adapter step)', 'no-op EVALSHA', 0.6],
];

/** The Redis server's CPU seconds so far (user + system), from INFO cpu. */
export async function redisCpuSeconds(client: { info(section: string): Promise<string> }): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}
