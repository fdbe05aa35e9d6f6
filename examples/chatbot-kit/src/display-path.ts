import { isAbsolute, relative } from 'node:path';

/**
 * A path as the user should see it: relative to the directory the command was started from
 * (`INIT_CWD` under pnpm, else the working directory) when it lies beneath it, else absolute.
 *
 * @example
 * ```ts
 * displayPath('/repo/.genops/demo.otlp.jsonl'); // '.genops/demo.otlp.jsonl' when run from /repo
 * ```
 */
export function displayPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const shown = relative(env.INIT_CWD ?? process.cwd(), path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
