import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles `entry` (relative to the app) as Vercel bundles an Edge Function: the `edge-light`
 * condition (then `worker`, `browser`), browser platform, one script (the Edge Runtime evaluates
 * code, not modules). Returns the bundle's path, or the bundler's errors as text: a bundle that
 * cannot be built is a finding the test reports, not a crash of the test.
 */
export async function bundleForEdgeRuntime(
  appDir: string,
  entry: string,
): Promise<{ file: string; errors: string }> {
  const file = join(appDir, 'dist-edge-runtime', entry);
  try {
    await build({
      absWorkingDir: appDir,
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      conditions: ['edge-light', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      target: 'es2022',
      logLevel: 'silent',
    });
    return { file, errors: '' };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string } | null }[] })
      .errors;
    return {
      file,
      errors:
        errors?.map((item) => `${item.location?.file ?? ''}: ${item.text}`).join('\n') ??
        String(error),
    };
  }
}
