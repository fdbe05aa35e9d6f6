/** @internal A compiled glob: `true` when the subject matches. */
export type GlobMatcher = (subject: string) => boolean;

/**
 * @internal Compiles a `*` glob (any run of characters, possibly empty; every other character is
 * literal), matched case-insensitively against the whole subject.
 */
export function compileGlob(pattern: string): GlobMatcher {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (subject) => subject.toLowerCase() === lower;
  const source = lower
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 'is');
  return (subject) => regex.test(subject);
}

/** @internal Compiles a list of globs into one matcher that returns the first matching pattern. */
export function compileGlobList(
  patterns: readonly string[],
): (subject: string) => string | undefined {
  const compiled = patterns.map((pattern) => [pattern, compileGlob(pattern)] as const);
  return (subject) => {
    for (const [pattern, matches] of compiled) if (matches(subject)) return pattern;
    return undefined;
  };
}
