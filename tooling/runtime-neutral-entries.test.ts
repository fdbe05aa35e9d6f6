/**
 * Every published entry bundles for runtimes without Node built-ins: esbuild with
 * `--platform=neutral --conditions=worker,workerd` (Cloudflare Workers) and `--platform=browser`
 * (Vercel's Edge Runtime resolves like a browser). A `node:*` (or bare `crypto`, `module`, …) import
 * anywhere in an entry's graph fails to resolve there, so a regression fails this test. Peer
 * dependencies stay external: they are the app's own, and this checks our code and our
 * dependencies (gpt-tokenizer, the OpenTelemetry Logs API). Entries are bundled from their sources
 * (the `@genops/source` condition), which is what tsup compiles into `dist`.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { publishedPackages } from './published-packages.js';

/** Entries that need Node by design, and why. */
const NODE_ONLY: Record<string, string> = {
  '@genops/core/tiktoken':
    'tiktoken reads its WASM from node_modules with fs; the default estimator is the portable one',
  '@genops/conformance':
    'a validator for test suites and CI (file readers, CLI); it is not deployed with apps',
  '@genops/conformance/vitest': 'a vitest helper',
};

const entries = publishedPackages().flatMap(({ dir, manifest }) =>
  Object.entries(manifest.exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      source: join(dir, (target as Record<string, string>)['@genops/source'] as string),
      external: Object.keys(manifest.peerDependencies ?? {}),
    })),
);

const platforms = [
  { platform: 'neutral', conditions: ['worker', 'workerd'], mainFields: ['module', 'main'] },
  { platform: 'browser', conditions: [], mainFields: ['browser', 'module', 'main'] },
] as const;

async function bundle(entry: (typeof entries)[number], target: (typeof platforms)[number]) {
  return build({
    entryPoints: [entry.source],
    bundle: true,
    write: false,
    format: 'esm',
    platform: target.platform,
    conditions: ['@genops/source', ...target.conditions],
    mainFields: [...target.mainFields],
    // Peers and their subpaths (`@langchain/core/messages`, `zod/v4`) are the app's.
    external: entry.external.flatMap((name) => [name, `${name}/*`]),
    logLevel: 'silent',
    metafile: true,
  });
}

describe.each(
  entries.filter((entry) => NODE_ONLY[entry.specifier] === undefined).map((e) => [e.specifier, e]),
)('%s', (_, entry) => {
  it.each(platforms.map((target) => [target.platform, target] as const))(
    'bundles for --platform=%s without a Node built-in',
    async (_, target) => {
      const result = await bundle(entry, target).catch((error: { errors?: { text: string }[] }) => {
        throw new Error(
          `${entry.specifier} does not bundle for ${target.platform}:\n${(error.errors ?? [])
            .map((failure) => failure.text)
            .join('\n')}`,
        );
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
      expect(inputs.some((input) => input.includes('/src/'))).toBe(true);
    },
  );
});

describe('Node-only entries', () => {
  it.each(Object.entries(NODE_ONLY))('%s is published and exempt: %s', (specifier) => {
    expect(entries.map((entry) => entry.specifier)).toContain(specifier);
  });

  it('an entry importing a Node built-in fails this check (it can fail)', async () => {
    const conformance = entries.find((entry) => entry.specifier === '@genops/conformance');
    if (conformance === undefined) throw new Error('no @genops/conformance entry');
    await expect(bundle(conformance, platforms[0])).rejects.toThrow(/node:fs/);
  });
});
