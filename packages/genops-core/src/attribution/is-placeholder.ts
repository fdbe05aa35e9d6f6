const placeholders = new Set([
  '',
  'unknown',
  'n/a',
  'na',
  'none',
  'null',
  'nil',
  'undefined',
  'default',
  'placeholder',
  'todo',
  'tbd',
  'changeme',
  'xxx',
  '-',
  '?',
]);

/** The longest placeholder above: longer values without surrounding white space are not one. */
const LONGEST = 11;

/** True for empty, whitespace-only or placeholder strings (Section 9.1.8 forbids them). */
export function isPlaceholder(value: string): boolean {
  const { length } = value;
  // Fast path, no allocation: most real values are longer than any placeholder and trimmed.
  if (length > LONGEST && value.charCodeAt(0) > 32 && value.charCodeAt(length - 1) > 32)
    return false;
  return placeholders.has(value.trim().toLowerCase());
}
