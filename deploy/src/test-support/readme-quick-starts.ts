import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const readme = resolve(import.meta.dirname, '../../../README.md');

/** The README's quick starts, by the heading they sit under. */
export const QUICK_STARTS = {
  'ai-sdk': '## Quick start: Vercel AI SDK',
  langchain: '## Quick start: LangChain.js',
} as const;

/**
 * Writes the first TypeScript block under a README heading, unchanged, into `dir` and returns its
 * path: what a user copies into a Bun or Deno project.
 */
export function writeQuickStart(name: keyof typeof QUICK_STARTS, dir: string): string {
  const text = readFileSync(readme, 'utf8');
  const section = text.indexOf(`\n${QUICK_STARTS[name]}\n`);
  if (section < 0) throw new Error(`README.md has no "${QUICK_STARTS[name]}" heading`);
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(section));
  if (block?.[1] === undefined) throw new Error(`no \`\`\`ts block under "${QUICK_STARTS[name]}"`);
  const file = join(dir, `readme-quick-start-${name}.ts`);
  writeFileSync(file, block[1]);
  return file;
}
