/**
 * What a user installs: every published package packed as `pnpm publish` would (its `prepack`
 * builds `dist`; the workspace's `.pnpmfile.cjs` strips what only the workspace needs), then
 * checked with publint (strict) and Are the Types Wrong (every resolution mode, node10 included).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PublishedPackage, pnpm, publishedPackages, ROOT } from './published-packages.js';

const packages = publishedPackages();
const out = mkdtempSync(join(tmpdir(), 'genops-pack-'));
const tarballs = new Map<string, string>();

beforeAll(() => {
  for (const { dir, manifest } of packages) {
    pnpm(['pack', '--pack-destination', out], dir);
    const file = `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`;
    expect(readdirSync(out)).toContain(file);
    tarballs.set(manifest.name, join(out, file));
  }
  // Each pack builds its package (tsup, declarations included): minutes on a busy 2-core machine.
}, 1_500_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const tarball = (pkg: PublishedPackage) => tarballs.get(pkg.manifest.name) as string;
/** A command's exit code and its output, stdout and stderr together. */
function run(command: string, args: readonly string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}
function packedFile(pkg: PublishedPackage, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball(pkg), `package/${path}`], { encoding: 'utf8' });
}

describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (_, pkg) => {
  it('publishes a manifest without workspace wiring, with engines, repository and sideEffects', () => {
    const manifest = JSON.parse(packedFile(pkg, 'package.json'));
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('@genops/source');
    expect(text).not.toContain('@genops/testing');
    expect(text).not.toContain('workspace:');
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).toMatchObject({
      engines: { node: '>=20' },
      repository: { type: 'git', directory: expect.stringMatching(/^packages\//) },
      sideEffects: false,
    });
  });

  it('ships only dist, its README and package.json (and core its docs)', () => {
    const files = execFileSync('tar', ['-tzf', tarball(pkg)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((file) => file.replace(/^package\//, ''));
    const unexpected = files.filter(
      (file) =>
        !/^(dist\/|docs\/|README\.md$|LICENSE$|package\.json$)/.test(file) ||
        /\.test\.|test-support/.test(file),
    );
    expect(unexpected).toEqual([]);
    expect(files).toContain('dist/index.js');
  });

  it('passes publint --strict', () => {
    const { code, output } = run(bin('publint'), [
      'run',
      '--strict',
      '--pack',
      'false',
      tarball(pkg),
    ]);
    expect(output).toContain('All good!');
    expect(code).toBe(0);
  });

  it('passes Are the Types Wrong in every resolution mode (node10, node16 CJS and ESM, bundler)', () => {
    const { code, output } = run(bin('attw'), [tarball(pkg), '--format', 'ascii']);
    expect(output).toContain('No problems found');
    expect(output).not.toMatch(/node10: (?!🟢)/u);
    expect(code).toBe(0);
  });
});
