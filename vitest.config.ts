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
    reporters: ['default', './tooling/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
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
        },
      },
      {
        // The deployment matrix (deploy/README.md): the packed packages in a fresh app on every
        // runtime. Its global setup builds and packs once; its files run one at a time, after the
        // unit tests, because each drives whole runtimes and bundlers on a small machine.
        extends: true,
        test: {
          name: 'deploy',
          include: ['deploy/src/**/*.test.ts'],
          globalSetup: ['deploy/src/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
