import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

/** The `ts` code block that follows a heading. */
function snippet(markdown: string, heading: string): string {
  const at = markdown.indexOf(`## ${heading}\n`);
  if (at < 0) throw new Error(`no "## ${heading}" section`);
  const match = /```ts\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!match?.[1]) throw new Error(`no ts code block under "## ${heading}"`);
  return match[1];
}

/**
 * The quick starts of the root README are the ones the mirror tests in this folder run line for
 * line (examples/README.md); this keeps the copies from drifting apart.
 */
describe('README quick starts', () => {
  const root = read('../../../README.md');
  const examples = read('../../README.md');
  it.each(['Quick start: Vercel AI SDK', 'Quick start: LangChain.js'])(
    '%s is the tested snippet',
    (heading) => {
      expect(snippet(root, heading)).toBe(snippet(examples, heading));
    },
  );

  it('the mirror tests contain every statement of the snippets', () => {
    // Compared without white space: the formatter wraps the mirrors' lines differently.
    const squash = (text: string) => text.replace(/\s+/g, '').replace(/,([}\])])/g, '$1');
    const mirrors = ['ai-sdk-quick-start.test.ts', 'langchain-quick-start.test.ts'].map((file) =>
      squash(read(`./${file}`)),
    );
    for (const [heading, mirror] of [
      ['Quick start: Vercel AI SDK', mirrors[0]],
      ['Quick start: LangChain.js', mirrors[1]],
    ] as const) {
      const missing = snippet(examples, heading)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('//') && !line.startsWith('import'))
        .filter((line) => !mirror?.includes(squash(line).replace(/,$/, '')));
      // Substitutions: the provider points at a local server, and output is collected, not printed.
      expect(
        missing.filter(
          (line) =>
            !/openai\(|new ChatOpenAI|process\.stdout|console\.(log|error)|onError|for await/.test(
              line,
            ),
        ),
      ).toEqual([]);
    }
  });
});
