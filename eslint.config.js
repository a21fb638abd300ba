import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Domain code must take time and randomness from the Clock and IdGenerator ports,
// so tests can drive them; only the system adapters may touch the real ones.
const impureTimeAndRandom = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read time from the Clock port, not Date.now().',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Read time from the Clock port, not new Date().',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Take randomness from a port (IdGenerator), not Math.random().',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/system/**'],
    rules: { 'no-restricted-syntax': ['error', ...impureTimeAndRandom] },
  },
  {
    // The dependency rule: services see ports only. Stores come in through their options
    // (createCommerce, the composition root, passes one set of adapters and stays outside
    // this glob); the system clock and ids stay the documented defaults of every service.
    files: ['src/catalog/**/*.ts', 'src/cart/**/*.ts', 'src/inventory/**/*.ts', 'src/payment/**/*.ts', 'src/checkout/**/*.ts', 'src/recommend/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/adapters/memory/**', '**/adapters/redis/**'], message: 'Services depend on ports; adapters are wired by createCommerce or the host.' }] },
      ],
    },
  },
  {
    // Adapter families are independent: the Redis adapter shares the domain's rules through the
    // modules' rules files (cart/line-rules.ts, inventory/stock-rules.ts), never the memory adapter.
    files: ['src/adapters/redis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/adapters/memory/**', '../memory/**'], message: 'Adapter families are independent: take shared rules from the module (e.g. cart/line-rules.ts), not from the memory adapter.' }] },
      ],
    },
  },
  {
    // A memory store runs each step synchronously, with no await between its first read and
    // its last write (that is what makes it atomic); its members are async only so that a
    // refusal thrown by a check becomes a rejected promise, as on every other adapter.
    files: ['src/adapters/memory/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    // The storefront's page script runs in the browser, not in Node.
    files: ['examples/*/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
