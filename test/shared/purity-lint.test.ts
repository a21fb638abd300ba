import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import config from '../../eslint.config.js';

// The project's own rule, taken from eslint.config.js, run on snippets.
const purity = config.find((c) => c.rules?.['no-restricted-syntax'] && c.files?.includes('src/**/*.ts'));

function lint(code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: purity?.rules ?? {} },
  ], 'src/cart/x.ts');
  return messages.map((m) => m.message);
}

describe('lint rule: time and randomness only through ports', () => {
  it('exists for src and exempts only the system adapters', () => {
    expect(purity).toBeDefined();
    expect(purity?.ignores).toEqual(['src/adapters/system/**']);
  });

  it('fails on Date.now(), new Date() and Math.random()', () => {
    expect(lint('const a = Date.now();')).toEqual(['Read time from the Clock port, not Date.now().']);
    expect(lint('const a = new Date();')).toEqual(['Read time from the Clock port, not new Date().']);
    expect(lint('const a = Math.random();')).toHaveLength(1);
  });

  it('allows dates built from a value', () => {
    expect(lint('const a = new Date(clock.now()).toISOString();')).toEqual([]);
  });
});
