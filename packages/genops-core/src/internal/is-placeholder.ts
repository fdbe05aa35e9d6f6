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

/** True for empty, whitespace-only or placeholder strings (Section 9.1.8 forbids them). */
export function isPlaceholder(value: string): boolean {
  return placeholders.has(value.trim().toLowerCase());
}
