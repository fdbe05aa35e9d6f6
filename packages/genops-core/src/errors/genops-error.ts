const marker = Symbol.for('genops.error');

/** Options accepted by every {@link GenOpsError} constructor. */
export interface GenOpsErrorOptions {
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by GenOps packages.
 *
 * Use {@link GenOpsError.isInstance} rather than `instanceof`: it recognises errors created by
 * another copy of the package (duplicate installs, bundles) through a `Symbol.for` marker.
 *
 * @example
 * ```ts
 * try { await governor.execute(request, run); }
 * catch (error) { if (GenOpsError.isInstance(error)) console.error(error.message); }
 * ```
 */
export class GenOpsError extends Error {
  constructor(message: string, options: GenOpsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsError';
  }

  /** True when `error` is a GenOps error from any copy of this package. */
  static isInstance(error: unknown): error is GenOpsError {
    return hasMarker(error, marker);
  }
}

/** @internal Checks a `Symbol.for` marker on an unknown value. */
export function hasMarker(value: unknown, symbol: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[symbol] === true
  );
}
