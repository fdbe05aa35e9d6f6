import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Every package's imports flow one way: a cycle between two files of a package fails CI. */
const packages = readdirSync(join(root, 'packages'));

describe('import cycles', () => {
  it.each(packages)('packages/%s/src has none', async (name) => {
    const result = await madge(join(root, 'packages', name, 'src'), {
      fileExtensions: ['ts'],
      tsConfig: join(root, 'packages', name, 'tsconfig.json'),
    });
    expect(result.circular()).toEqual([]);
  });
});
