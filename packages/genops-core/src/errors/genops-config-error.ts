import { GenOpsError, type GenOpsErrorOptions, hasMarker } from './genops-error.js';

const marker = Symbol.for('genops.error.config');

/** Options of {@link GenOpsConfigError}. */
export interface GenOpsConfigErrorOptions extends GenOpsErrorOptions {
  /** Path of the offending option, e.g. `budgets[1].limit`. */
  field: string;
  /** What was expected, e.g. `a finite number > 0`. */
  expected: string;
  /** The value that was received (kept for debugging, never logged by GenOps). */
  received?: unknown;
}

/**
 * Thrown synchronously by factories such as `createGovernor` when an option is invalid.
 * The message names the field and what was expected.
 *
 * @example
 * ```ts
 * // GenOpsConfigError: budgets[0].limit: expected a finite number >= 0, received -5
 * createGovernor({ attribution, budgets: [{ name: 'b', limit: -5, unit: 'tokens', period: 'month' }] });
 * ```
 */
export class GenOpsConfigError extends GenOpsError {
  /** Path of the offending option. */
  readonly field: string;
  /** What was expected. */
  readonly expected: string;
  /** The value received. */
  readonly received: unknown;

  constructor({ field, expected, received, cause }: GenOpsConfigErrorOptions) {
    super(`${field}: expected ${expected}, received ${describe(received)}`, { cause });
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsConfigError';
    this.field = field;
    this.expected = expected;
    this.received = received;
  }

  static override isInstance(error: unknown): error is GenOpsConfigError {
    return hasMarker(error, marker);
  }
}

/** @internal Short, safe rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length > 60 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return `an object`;
}
