import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import config from '../../eslint.config.js';

// The dependency rule from eslint.config.js: the core modules import no adapter.
const dependency = config.find((c) => c.rules?.['no-restricted-imports']);
const files = dependency?.files ?? [];
const rules = dependency?.rules ?? {};

/** Lints a snippet with the real config at a given path (only the rules that apply there). */
function lint(code: string, file: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    { files, rules },
  ], file);
  return messages.map((m) => m.ruleId ?? m.message);
}

const memoryImport = "import { MemoryInteractionStore } from '../adapters/memory/interaction-store.js';";
const redisImport = "import { RedisKeys } from '../adapters/redis/keys.js';";

describe('lint rule: services depend on ports, not adapters', () => {
  it('exists', () => expect(dependency).toBeDefined());

  it.each(['cart', 'inventory', 'payment', 'checkout', 'recommend'])('refuses memory and Redis adapters in src/%s', (module) => {
    expect(lint(memoryImport, `src/${module}/x.ts`)).toEqual(['no-restricted-imports']);
    expect(lint(redisImport, `src/${module}/x.ts`)).toEqual(['no-restricted-imports']);
  });

  it('allows ports, and the composition root to wire adapters', () => {
    expect(lint("import type { InteractionStore } from '../ports/interaction-store.js';", 'src/recommend/x.ts')).toEqual([]);
    expect(lint("import { memoryAdapters } from './adapters/memory/index.js';", 'src/create-commerce.ts')).toEqual([]);
  });
});
