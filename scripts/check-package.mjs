// Packs the built package and checks what a consumer would get: publint and
// are-the-types-wrong on the tarball, then a throwaway project that installs the
// tarball and imports every entry point both as ESM and as CommonJS. The gateway entries
// must import without their optional peers (the SDK is only a type there), so the imports
// run before any peer is installed; then the peers are installed at the versions this
// repository develops against and a consumer wiring each gateway is type-checked.
// Before any peer: the install holds no database or cache client (`npm ls --omit=dev --all`),
// its size on disk is printed, and the recommendation engine trains in both module formats
// without `natural` (no stemming) and with its EASE inverse on worker threads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = Object.keys(pkg.exports).filter((e) => e !== './package.json').map((e) => (e === '.' ? pkg.name : `${pkg.name}/${e.slice(2)}`));

const work = mkdtempSync(join(tmpdir(), 'ck-package-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = join(work, packed[0].filename);

  run('npx', ['publint', '--strict', tarball]);
  run('npx', ['attw', tarball, '--profile', 'node16']);

  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], consumer);

  const probe = `Money.of('19.99', 'USD').add(Money.of('0.01', 'USD')).amount`;
  writeFileSync(
    join(consumer, 'esm.mjs'),
    entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n') +
      `\nconst { Money } = m0;\nif (${probe} !== '20.00') throw new Error('ESM Money wrong');\n` +
      entries.map((e, i) => `if (Object.keys(m${i}).length === 0) throw new Error('${e} exports nothing (ESM)');`).join('\n') +
      `\nconsole.log('ESM import ok: ${entries.join(', ')}');\n`,
  );
  writeFileSync(
    join(consumer, 'cjs.cjs'),
    entries.map((e, i) => `const m${i} = require('${e}');`).join('\n') +
      `\nconst { Money } = m0;\nif (${probe} !== '20.00') throw new Error('CJS Money wrong');\n` +
      entries.map((e, i) => `if (Object.keys(m${i}).length === 0) throw new Error('${e} exports nothing (CJS)');`).join('\n') +
      `\nconsole.log('CJS require ok: ${entries.join(', ')}');\n`,
  );
  writeFileSync(
    join(consumer, 'types.ts'),
    `import { Money, CommerceError } from '${pkg.name}';\nconst m: Money = Money.of('1', 'EUR');\nconst e: CommerceError = new CommerceError('NOT_FOUND');\nexport const out: string = m.amount + e.code;\n`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['types.ts'] }),
  );
  run('node', ['esm.mjs'], consumer);
  run('node', ['cjs.cjs'], consumer);
  checkInstalledTree(consumer);
  checkRecommendationTraining(consumer);
  run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], consumer);
  console.log('types resolve for a NodeNext consumer');

  const peers = Object.keys(pkg.peerDependenciesMeta ?? {}).filter((name) => ['stripe', '@paypal/paypal-server-sdk'].includes(name) && pkg.devDependencies[name]);
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...peers.map((name) => `${name}@${pkg.devDependencies[name]}`)], consumer);
  // Each gateway entry wired into PaymentService with the SDK client the host constructs.
  writeFileSync(
    join(consumer, 'gateways.ts'),
    [
      `import Stripe from 'stripe';`,
      `import { MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService } from '${pkg.name}';`,
      `import { StripeGateway } from '${pkg.name}/stripe';`,
      `import { validateApplePayMerchant } from '${pkg.name}/apple-pay';`,
      `import { Client, Environment } from '@paypal/paypal-server-sdk';`,
      `import { PayPalGateway } from '${pkg.name}/paypal';`,
      `const stripe = new Stripe('sk_test_x');`,
      `const client = new Client({ environment: Environment.Sandbox, clientCredentialsAuthCredentials: { oAuthClientId: 'id', oAuthClientSecret: 'secret' } });`,
      `const gateways = [new StripeGateway({ stripe, webhookSecrets: ['whsec_x'] }), new PayPalGateway({ client, webhookId: 'WH-x' })];`,
      `export const payments = new PaymentService({ store: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore(), velocity: new MemoryVelocityStore(), geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), gateways });`,
      `export const session: Promise<Record<string, unknown>> = validateApplePayMerchant('https://apple-pay-gateway.apple.com/x', { merchantIdentifier: 'merchant.x', displayName: 'X', initiativeContext: 'x.example', cert: '', key: '' });`,
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(consumer, 'tsconfig.gateways.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['gateways.ts'] }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@types/node@${pkg.devDependencies['@types/node']}`], consumer);
  run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.gateways.json'], consumer);
  console.log(`gateway entries type-check with their peers: ${peers.join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Fails if installing the package alone brought a database or cache client (or natural); prints the tree's size. */
function checkInstalledTree(consumer) {
  const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: consumer, encoding: 'utf8' }));
  const names = new Set();
  // Optional peers that are not installed are listed as empty entries: only versions count.
  const walk = (deps) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (node.version === undefined) continue;
      names.add(name);
      walk(node.dependencies);
    }
  };
  walk(tree.dependencies);
  const clients = /^(pg|pg-.*|postgres|mongodb|mongoose|redis|@redis\/.*|ioredis|memcached|memjs|mysql2?|sqlite3|better-sqlite3|tedious|cassandra-driver|natural)$/;
  const found = [...names].filter((n) => clients.test(n));
  if (found.length > 0) throw new Error(`installing ${pkg.name} alone brings database or cache clients: ${found.join(', ')}`);
  const bytes = Number(execFileSync('du', ['-sb', 'node_modules'], { cwd: consumer, encoding: 'utf8' }).split('\t')[0]);
  console.log(`installed alone: ${names.size} packages (${[...names].sort().join(', ')}), ${(bytes / 1e6).toFixed(1)} MB in node_modules; no database or cache client`);
}

/** Trains an engine on 200 products (enough for the threaded inverse) as ESM and as CommonJS, natural absent. */
function checkRecommendationTraining(consumer) {
  const body = (engine) => `
const engine = new ${engine}({ interactions: new MemoryInteractionStore() });
for (let p = 0; p < 200; p++) await engine.addProduct({ productId: 'p' + p, name: 'product ' + p });
let seed = 1;
for (let u = 0; u < 300; u++) for (let k = 0; k < 12; k++) {
  seed = (seed * 48271) % 2147483647;
  await engine.addInteraction({ userId: 'u' + u, productId: 'p' + (seed % 200), type: 'purchase' });
}
const report = await engine.train();
const cores = Math.min(8, availableParallelism());
if (report.stemming !== 'none') throw new Error('stemmed without natural');
if (report.easeItems !== 200 || report.threads !== cores) throw new Error('EASE: ' + report.easeItems + ' items on ' + report.threads + ' threads, expected 200 on ' + cores);
if ((await engine.getRecommendations('u1')).length === 0) throw new Error('no recommendations');
console.log('recommendations train (' + report.threads + ' threads, stemming ' + report.stemming + ')');`;
  writeFileSync(
    join(consumer, 'train.mjs'),
    `import { availableParallelism } from 'node:os';\nimport { MemoryInteractionStore, RecommendationEngine } from '${pkg.name}';\n${body('RecommendationEngine')}\n`,
  );
  writeFileSync(
    join(consumer, 'train.cjs'),
    `const { availableParallelism } = require('node:os');\nconst { MemoryInteractionStore, RecommendationEngine } = require('${pkg.name}');\n(async () => {${body('RecommendationEngine')}\n})().catch((e) => { console.error(e); process.exit(1); });\n`,
  );
  run('node', ['train.mjs'], consumer);
  run('node', ['train.cjs'], consumer);
}
