// Packs the built package and checks what a consumer would get: publint and
// are-the-types-wrong on the tarball, then a throwaway project that installs the
// tarball and imports every entry point both as ESM and as CommonJS. The gateway entries
// must import without their optional peers (the SDK is only a type there), so the imports
// run before any peer is installed; then the peers are installed at the versions this
// repository develops against and a consumer wiring each gateway is type-checked.
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
