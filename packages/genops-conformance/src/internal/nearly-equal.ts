/** Relative tolerance used for every amount comparison (reserved, actual, delta). */
export const RELATIVE_TOLERANCE = 1e-9;

/**
 * Whether `a` and `b` are equal within {@link RELATIVE_TOLERANCE} of `scale` (default: the larger
 * magnitude of `a` and `b`).
 */
export function nearlyEqual(
  a: number,
  b: number,
  scale = Math.max(Math.abs(a), Math.abs(b)),
): boolean {
  return a === b || Math.abs(a - b) <= RELATIVE_TOLERANCE * scale;
}
