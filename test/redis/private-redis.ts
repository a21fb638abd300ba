// A throwaway redis-server of a test's own, on a free loopback port, for fault tests that kill
// its connections or the server itself (never done to the shared Redis other suites use).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateRedis {
  url: string;
  port: number;
  /** The server's process id (it changes on restart). */
  pid(): number;
  /** SIGKILL: no shutdown, no final save; what the AOF holds is what survives. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and data directory (loads the AOF), once it answers PING. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why a private server cannot start here, or undefined. Under CI a missing binary is an error. */
export function privateRedisSkipReason(suite: string): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v redis-server && command -v redis-cli']).status === 0) return undefined;
  if (process.env.CI) throw new Error(`CI is set but redis-server / redis-cli are not installed: the ${suite} suites must run in CI`);
  const reason = 'redis-server and redis-cli are not installed';
  console.warn(`\n!!! SKIPPING ${suite}: ${reason}\n`);
  return reason;
}

/** A loopback port nothing listens on now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function answers(port: number): boolean {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.includes('PONG');
}

/**
 * Starts a private server; with `aof`, every write is appended to a file that a restart loads,
 * and synced before its answer (appendfsync always): with `everysec`, Redis may answer writes
 * it has not written yet while a sync runs, and a SIGKILL loses up to about two seconds of them.
 */
export async function startPrivateRedis(options: { aof: boolean }): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ck-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--appendonly', options.aof ? 'yes' : 'no', '--appendfsync', 'always'];
  let server: ChildProcess;
  const start = async (): Promise<void> => {
    server = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 200 && !answers(port); i++) await sleep(25);
    if (!answers(port)) throw new Error(`private redis-server on port ${port} did not start`);
  };
  const exited = (): Promise<void> => new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.once('exit', () => resolve())));
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => server.pid ?? -1,
    kill9: async () => {
      server.kill('SIGKILL');
      await exited();
    },
    restart: start,
    stop: async () => {
      server.kill('SIGTERM');
      await exited();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
