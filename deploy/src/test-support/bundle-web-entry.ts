import { join } from 'node:path';
import { build } from 'esbuild';

/** How a platform's own tooling bundles a function for it. */
export const WEB_PLATFORMS = {
  // Vercel's Edge Runtime (Next.js' edge compiler): the edge-light condition; a script, not a module.
  'edge-runtime': {
    format: 'iife',
    platform: 'browser',
    conditions: ['edge-light', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
  },
} as const;

/**
 * Bundles `entry` (relative to the app) for a web platform (Workers are bundled by wrangler itself) into `<app>/dist-<platform>/`. Returns
 * the bundle's path, or the bundler's errors as text (a bundle that cannot be built is a finding
 * the test reports, not a crash of the test).
 */
export async function bundleWebEntry(
  appDir: string,
  entry: string,
  platform: keyof typeof WEB_PLATFORMS,
): Promise<{ file: string; errors: string }> {
  const file = join(appDir, `dist-${platform}`, entry);
  try {
    await build({
      ...WEB_PLATFORMS[platform],
      absWorkingDir: appDir,
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      target: 'es2022',
      logLevel: 'silent',
    });
    return { file, errors: '' };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors;
    return {
      file,
      errors:
        errors?.map((item) => `${item.location?.file ?? ''}: ${item.text}`).join('\n') ?? String(error),
    };
  }
}
