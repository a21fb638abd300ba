import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import config from '../../eslint.config.js';

// The dependency rules from eslint.config.js: the core modules import no adapter, and the
// Redis adapter imports nothing from the memory adapter.
const importRules = config.filter((c) => c.rules?.['no-restricted-imports']);
const dependency = importRules.find((c) => c.files?.includes('src/cart/**/*.ts'));
const families = importRules.find((c) => c.files?.includes('src/adapters/redis/**/*.ts'));

/** Lints a snippet with the real config at a given path (only the import rules that apply there). */
function lint(code: string, file: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...importRules.map(({ files = [], rules = {} }) => ({ files, rules })),
  ], file);
  return messages.map((m) => m.ruleId ?? m.message);
}

const memoryImport = "import { MemoryInteractionStore } from '../adapters/memory/interaction-store.js';";
const redisImport = "import { RedisKeys } from '../adapters/redis/keys.js';";

describe('lint rule: services depend on ports, not adapters', () => {
  it('exists', () => expect(dependency).toBeDefined());

  it.each(['catalog', 'cart', 'inventory', 'payment', 'checkout', 'recommend'])('refuses memory and Redis adapters in src/%s', (module) => {
    expect(lint(memoryImport, `src/${module}/x.ts`)).toEqual(['no-restricted-imports']);
    expect(lint(redisImport, `src/${module}/x.ts`)).toEqual(['no-restricted-imports']);
  });

  it('allows ports, and the composition root to wire adapters', () => {
    expect(lint("import type { InteractionStore } from '../ports/interaction-store.js';", 'src/recommend/x.ts')).toEqual([]);
    expect(lint("import { memoryAdapters } from './adapters/memory/index.js';", 'src/create-commerce.ts')).toEqual([]);
  });
});

describe('lint rule: adapter families are independent', () => {
  it('exists', () => expect(families).toBeDefined());

  it('refuses the memory adapter in src/adapters/redis, by either path', () => {
    expect(lint("import { copyCart } from '../memory/cart-store.js';", 'src/adapters/redis/x.ts')).toEqual(['no-restricted-imports']);
    expect(lint("import { ReplayLog } from '../../adapters/memory/replay-log.js';", 'src/adapters/redis/lua/x.ts')).toEqual(['no-restricted-imports']);
  });

  it('allows the modules\' rules files and the shared code', () => {
    expect(lint("import { copyCart } from '../../cart/line-rules.js';", 'src/adapters/redis/x.ts')).toEqual([]);
    expect(lint("import { assertWellFormed } from '../../shared/well-formed.js';", 'src/adapters/redis/x.ts')).toEqual([]);
  });
});
