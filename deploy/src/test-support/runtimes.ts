import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The runtimes are devDependencies of this package (pinned in deploy/package.json, installed by
// the frozen install): nothing is downloaded while the tests run. Their install scripts are not
// run (pnpm-workspace.yaml), so the binaries are taken from the platform packages that ship them.
const require = createRequire(import.meta.url);

function packageDir(name: string, from = require): string {
  return dirname(from.resolve(`${name}/package.json`));
}

function existing(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `${what} not found at ${path}: run \`npx -y pnpm@12 install\` (deploy/package.json pins it; on a platform other than linux-x64, add its platform package)`,
    );
  }
  return path;
}

/** Node.js `major` (20, 22 or 24) from the `node-<major>-linux-x64` optional dependency. */
export function nodeBinary(major: 20 | 22 | 24): string {
  const dir = join(
    dirname(require.resolve('../../package.json')),
    'node_modules',
    `node-${major}-linux-x64`,
  );
  return existing(join(dir, 'bin', 'node'), `Node.js ${major}`);
}

/** Bun, from `bun`'s platform package. */
export function bunBinary(): string {
  const fromBun = createRequire(join(packageDir('bun'), 'package.json'));
  return existing(join(packageDir('@oven/bun-linux-x64', fromBun), 'bin', 'bun'), 'Bun');
}

/** Deno, from `deno`'s platform package. */
export function denoBinary(): string {
  const fromDeno = createRequire(join(packageDir('deno'), 'package.json'));
  return existing(join(packageDir('@deno/linux-x64-glibc', fromDeno), 'deno'), 'Deno');
}

/** wrangler's CLI script (it requires Node.js 22 or later: run it with {@link nodeBinary}(22)). */
export function wranglerScript(): string {
  return existing(join(packageDir('wrangler'), 'bin', 'wrangler.js'), 'wrangler');
}
