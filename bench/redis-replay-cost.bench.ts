// Part of `npm run bench:redis`: what replay safety (issue 19: an operation key read and
// written by every step that writes) costs the target rows. Each row runs alone in fresh
// processes, as in redis-isolated.bench.ts, alternately on this tree and on the last commit
// before the operation keys (checked out into a temporary worktree), so that both builds
// meet the machine's drift alike. Ratios move a lot between fresh processes of one build;
// the CPU per operation, Redis's above all, moves far less and is the cost to read.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ClientKind } from '../test/redis/harness.js';
import { table } from './lib/measure.js';
import { pinnedUnavailable, runChild, withPrivateRedis } from './lib/pinned-redis.js';
import { TARGETS } from './lib/redis-targets.js';

/** The last commit before replay safety; its isolated benchmark answers the same child protocol. */
const BEFORE = process.env.BENCH_REPLAY_BEFORE ?? '9dcc690';
/** What to compare with it: this tree, or a commit (e.g. the last one of a refactor, to leave later work out). */
const NOW = process.env.BENCH_REPLAY_NOW;
const RUNS = Number(process.env.BENCH_REPLAY_RUNS ?? 3);
const CLIENTS = (process.env.BENCH_CLIENTS ?? 'ioredis').split(',') as ClientKind[];
const root = resolve(import.meta.dirname, '..');

interface RowRun {
  row: { opsPerSec: number; nodeCpuUs: number; redisCpuUs: number };
  ping: number;
  noop: number;
}

/** A worktree of `commit` sharing this tree's node_modules, or why there can be none. */
function checkout(commit: string): { dir: string; remove(): void } | string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  try {
    git('cat-file', '-e', `${commit}^{commit}`);
  } catch {
    return `commit ${commit} is not in this clone (a shallow clone or an unpacked tarball)`;
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'ck-replay-before-')), 'tree');
  git('worktree', 'add', '--detach', dir, commit);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, ['scripts/gen-lua.mjs'], { cwd: dir, stdio: 'ignore' });
  return {
    dir,
    remove: () => {
      git('worktree', 'remove', '--force', dir);
      rmSync(resolve(dir, '..'), { recursive: true, force: true });
    },
  };
}

async function measure(tree: string, kind: ClientKind, name: string, pinned: boolean): Promise<RowRun> {
  const script = join(tree, 'bench', 'redis-isolated.bench.ts');
  const run = (url: string) => runChild(script, { BENCH_ISOLATED_ROW: name, BENCH_ISOLATED_CLIENT: kind, REDIS_URL: url }, { pinned });
  const out = pinned ? await withPrivateRedis(run) : await run(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result for ${name} (${kind}) in ${tree}`);
  return JSON.parse(line.slice('RESULT '.length)) as RowRun;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main(): Promise<void> {
  const before = checkout(BEFORE);
  const now = NOW === undefined ? { dir: root, remove: () => {} } : checkout(NOW);
  if (typeof before === 'string' || typeof now === 'string') {
    for (const tree of [before, now]) {
      if (typeof tree === 'string') console.log(`\n!! replay-safety cost NOT MEASURED: ${tree}`);
      else tree.remove();
    }
    return;
  }
  const pinned = pinnedUnavailable() === undefined;
  console.log(`\nReplay safety's cost: each target row alone in fresh processes, ${RUNS} on ${NOW ?? 'this tree'} and ${RUNS} on ${BEFORE} (before the operation keys), alternating; medians. ${pinned ? 'Private Redis on core 0, Node on core 1.' : 'Node and Redis sharing the cores.'}`);
  try {
    for (const kind of CLIENTS) {
      const lines: Record<string, string>[] = [];
      for (const [name, of] of TARGETS) {
        const runs: Record<'before' | 'now', RowRun[]> = { before: [], now: [] };
        for (let r = 0; r < RUNS; r++) {
          const order = r % 2 === 0 ? (['before', 'now'] as const) : (['now', 'before'] as const);
          for (const build of order) runs[build].push(await measure(build === 'now' ? now.dir : before.dir, kind, name, pinned));
        }
        const ratio = (run: RowRun) => run.row.opsPerSec / (of === 'PING' ? run.ping : run.noop);
        const figure = (build: 'before' | 'now', pick: (run: RowRun) => number) => median(runs[build].map(pick));
        const pair = (pick: (run: RowRun) => number, digits: number) => {
          const [b, n] = [figure('before', pick), figure('now', pick)];
          return `${b.toFixed(digits)} -> ${n.toFixed(digits)} (${(n / b).toFixed(2)}x)`;
        };
        lines.push({
          operation: name,
          ratio: `${pair(ratio, 2)} of ${of === 'PING' ? 'PING' : 'no-op'}`,
          'runs before | now': `${runs.before.map((r) => ratio(r).toFixed(2)).join(' ')} | ${runs.now.map((r) => ratio(r).toFixed(2)).join(' ')}`,
          'redis µs/op': pair((r) => r.row.redisCpuUs, 1),
          'node µs/op': pair((r) => r.row.nodeCpuUs, 1),
        });
      }
      console.log(`\n-- ${kind}`);
      table(lines);
    }
  } finally {
    before.remove();
    now.remove();
  }
}

await main();
