import { defineConfig } from 'tsup';

// One entry per public import path; keep in step with package.json "exports".
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'redis/index': 'src/adapters/redis/index.ts',
    'stripe/index': 'src/adapters/stripe/index.ts',
    'paypal/index': 'src/adapters/paypal/index.ts',
    'apple-pay/index': 'src/adapters/apple-pay/index.ts',
    'postgres/index': 'src/adapters/postgres/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
