// Runs a benchmark again in the layout Redis has in production: on a core of its own. Here
// Node and Redis share 2 cores, so at concurrency 50 both sides compete for CPU and a row's
// ratio to PING mostly says how its total CPU per operation compares with PING's. Pinning
// a private redis-server to core 0 and the benchmark's Node process to core 1 measures each
// side on its own core, as an app instance talking to a Redis host does.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus } from 'node:os';

/** Why the pinned layout cannot run here, or undefined when it can. */
export function pinnedUnavailable(): string | undefined {
  if (cpus().length < 2) return 'fewer than 2 cores';
  for (const tool of ['taskset', 'redis-server']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Runs `script` under Node pinned to core 1 against a private Redis pinned to core 0, then stops that Redis. */
export async function runPinned(script: string, env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const redis = spawn('taskset', ['-c', '0', 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Never leave the private server behind, also when the run is interrupted.
  const stop = (): void => void redis.kill('SIGTERM');
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
  try {
    await waitForPing(port);
    const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', script], {
      stdio: 'inherit',
      env: { ...process.env, ...env, REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`pinned run exited with ${code}`);
  } finally {
    stop();
  }
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the private redis-server on port ${port} did not answer`);
}
