// Runs a benchmark again in the layout Redis has in production: on a core of its own. Here
// Node and Redis share 2 cores, so at concurrency 50 both sides compete for CPU and a row's
// ratio to PING mostly says how its total CPU per operation compares with PING's. Pinning
// a private redis-server to core 0 and the benchmark's Node process to core 1 measures each
// side on its own core, as an app instance talking to a Redis host does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { freePort } from '../../test/redis/private-redis.js';

/** Why the pinned layout cannot run here, or undefined when it can. */
export function pinnedUnavailable(): string | undefined {
  if (cpus().length < 2) return 'fewer than 2 cores';
  for (const tool of ['taskset', 'redis-server']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}


/** Runs `fn` with the URL of a private redis-server pinned to core 0, then stops that server. */
export async function withPrivateRedis<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const redis = spawn('taskset', ['-c', '0', 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  running.add(redis);
  stopOnExit();
  try {
    await waitForPing(port);
    return await fn(`redis://127.0.0.1:${port}`);
  } finally {
    redis.kill('SIGTERM');
    running.delete(redis);
  }
}

/** Private servers still running; stopped on exit, also when the run is interrupted. */
const running = new Set<ChildProcess>();
let stopping = false;

function stopOnExit(): void {
  if (stopping) return;
  stopping = true;
  process.once('exit', () => running.forEach((redis) => redis.kill('SIGTERM')));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
}

/** Runs `script` under Node (pinned to core 1 when `pinned`) with `env`; resolves with its standard output when it exits with 0. */
export async function runChild(script: string, env: Record<string, string>, options: { pinned: boolean; inherit?: boolean }): Promise<string> {
  const node = [process.execPath, '--import', 'tsx', script];
  const [command, ...args] = options.pinned ? ['taskset', '-c', '1', ...node] : node;
  const child = spawn(command as string, args, { env: { ...process.env, ...env }, stdio: ['ignore', options.inherit ? 'inherit' : 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return out;
}

/** Runs `script` under Node pinned to core 1 against a private Redis pinned to core 0, then stops that Redis. */
export async function runPinned(script: string, env: Record<string, string>): Promise<void> {
  await withPrivateRedis(async (url) => void (await runChild(script, { ...env, REDIS_URL: url }, { pinned: true, inherit: true })));
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the private redis-server on port ${port} did not answer`);
}
