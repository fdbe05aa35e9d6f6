/**
 * String values this suite treats as placeholders (Section 9.1, requirement 8), compared after
 * trimming and lower-casing. Empty and whitespace-only strings are placeholders too.
 *
 * @example
 * ```ts
 * PLACEHOLDER_STRINGS.includes('n/a'); // true
 * ```
 */
export const PLACEHOLDER_STRINGS: readonly string[] = [
  'unknown',
  'n/a',
  'na',
  'none',
  'null',
  'undefined',
  'placeholder',
  'todo',
  'tbd',
  'changeme',
  '-',
  '?',
];

/**
 * Whether a string is a placeholder: empty, whitespace-only or one of {@link PLACEHOLDER_STRINGS}
 * (case-insensitive, surrounding whitespace ignored).
 *
 * @example
 * ```ts
 * isPlaceholderString('  '); // true
 * isPlaceholderString('Unknown'); // true
 * isPlaceholderString('checkout'); // false
 * ```
 */
export function isPlaceholderString(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  return normalized === '' || PLACEHOLDER_STRINGS.includes(normalized);
}
