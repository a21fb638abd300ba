// `npm run bench`: runs every bench/*.bench.ts in turn (or the ones named), each in its own process.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(resolve(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ') || '(any)'}`);
  process.exit(1);
}
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  execFileSync(process.execPath, ['--import', 'tsx', resolve(root, 'bench', bench)], { cwd: root, stdio: 'inherit' });
}
