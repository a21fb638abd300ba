// Starts a throwaway 3-node Redis Cluster of local redis-server processes on loopback
// ports, for the suites that must run unchanged (and without CROSSSLOT) on a cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import type { RedisClientInput } from '../../src/adapters/redis/index.js';

export interface LocalCluster {
  ports: number[];
  /** A cluster client of the given kind, connected. */
  client(kind: 'node-redis' | 'ioredis'): Promise<{ client: RedisClientInput; close(): Promise<void> }>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Why the cluster cannot start here, or undefined when it can. Under CI a missing binary is an error. */
export function clusterSkipReason(): string | undefined {
  if (has('redis-server') && has('redis-cli')) return undefined;
  if (process.env.CI) throw new Error('CI is set but redis-server / redis-cli are not installed: the Redis Cluster suites must run in CI');
  const reason = 'redis-server and redis-cli are not installed';
  console.warn(`\n!!! SKIPPING Redis Cluster suites: ${reason}\n`);
  return reason;
}

function cli(port: number, ...args: string[]): string {
  const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
}

export async function startCluster(): Promise<LocalCluster> {
  // Below Linux's ephemeral range (32768-60999), as are the cluster bus ports (port + 10000),
  // so no client socket or private test server (port 0) can hold one of them.
  const base = 21000 + Math.floor(Math.random() * 997);
  const ports = [base, base + 1, base + 2];
  const dir = mkdtempSync(join(tmpdir(), 'ck-cluster-'));
  const nodes: ChildProcess[] = ports.map((port) =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }),
  );
  const stop = async (): Promise<void> => {
    for (const node of nodes) node.kill('SIGTERM');
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; i < 100 && !cli(port, 'ping').includes('PONG'); i++) await sleep(50);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    const ready = () => ports.every((p) => cli(p, 'cluster', 'info').includes('cluster_state:ok'));
    for (let i = 0; i < 400 && !ready(); i++) await sleep(50);
    if (!ready()) throw new Error(`the local cluster on ports ${ports.join(', ')} did not reach cluster_state:ok`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    stop,
    client: async (kind) => {
      if (kind === 'ioredis') {
        const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
        client.on('error', () => undefined);
        await client.ping();
        return { client, close: async () => void (await client.quit()) };
      }
      const client = createCluster({ rootNodes: ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })) });
      client.on('error', () => undefined);
      await client.connect();
      return { client, close: async () => void (await client.close()) };
    },
  };
}
