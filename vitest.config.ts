import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources: no build step before tests.
    conditions: ['@genops/source'],
  },
  ssr: {
    resolve: {
      conditions: ['@genops/source'],
      externalConditions: ['@genops/source'],
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'examples/*.test.ts',
      'tooling/*.test.ts',
    ],
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: './tsconfig.typecheck.json',
    },
    reporters: ['default', './tooling/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
