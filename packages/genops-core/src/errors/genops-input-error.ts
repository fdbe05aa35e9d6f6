import { describe } from './genops-config-error.js';
import { GenOpsError, type GenOpsErrorOptions, hasMarker } from './genops-error.js';

const marker = Symbol.for('genops.error.input');

/** Options of {@link GenOpsInputError}. */
export interface GenOpsInputErrorOptions extends GenOpsErrorOptions {
  /** Path of the offending field of the request or usage, e.g. `request.maxOutputTokens`. */
  field: string;
  /** What was expected. */
  expected: string;
  /** The value received. */
  received?: unknown;
}

/**
 * Thrown when a governed request or a reported usage is malformed (for example a negative
 * `maxOutputTokens`). It is raised before anything is reserved, so nothing has to be released.
 *
 * @example
 * ```ts
 * // GenOpsInputError: request.maxOutputTokens: expected a whole number >= 0, received -1
 * await governor.begin({ ...request, maxOutputTokens: -1 });
 * ```
 */
export class GenOpsInputError extends GenOpsError {
  readonly field: string;
  readonly expected: string;
  readonly received: unknown;

  constructor({ field, expected, received, cause }: GenOpsInputErrorOptions) {
    super(`${field}: expected ${expected}, received ${describe(received)}`, { cause });
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsInputError';
    this.field = field;
    this.expected = expected;
    this.received = received;
  }

  static override isInstance(error: unknown): error is GenOpsInputError {
    return hasMarker(error, marker);
  }
}
