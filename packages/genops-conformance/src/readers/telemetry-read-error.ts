const BRAND = Symbol.for('@genops/conformance.TelemetryReadError');

/**
 * Options of {@link TelemetryReadError}.
 *
 * @example
 * ```ts
 * new TelemetryReadError({ source: 'traces.jsonl', line: 3, reason: 'is not JSON' });
 * ```
 */
export interface TelemetryReadErrorOptions {
  /** File (or other source) that could not be read. Default: none. */
  readonly source?: string | undefined;
  /** 1-based line of a JSON-lines file. Default: none (the whole input). */
  readonly line?: number | undefined;
  /** What is wrong, e.g. `is not JSON (Unexpected token)`. */
  readonly reason: string;
  /** Underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Thrown by the readers when an input is not readable telemetry: not JSON, not an OTLP/JSON
 * document, or an OTLP structure of the wrong shape. The message names the source, the line and
 * what was wrong. (This independent judge does not depend on `@genops/core`, so it extends
 * `Error` rather than `GenOpsError`.)
 *
 * @example
 * ```ts
 * try {
 *   parseOtlpJson(text, { source: 'traces.jsonl' });
 * } catch (error) {
 *   if (TelemetryReadError.isInstance(error)) console.error(error.message, error.line);
 * }
 * ```
 */
export class TelemetryReadError extends Error {
  override readonly name = 'TelemetryReadError';
  /** File (or other source) that could not be read. */
  readonly source: string | undefined;
  /** 1-based line of a JSON-lines file, when the problem is on one line. */
  readonly line: number | undefined;
  /** What is wrong, without the location. */
  readonly reason: string;
  readonly [BRAND] = true;

  constructor({ source, line, reason, cause }: TelemetryReadErrorOptions) {
    const location = [source, line === undefined ? undefined : `line ${line}`]
      .filter((part) => part !== undefined)
      .join(', ');
    super(location === '' ? reason : `${location}: ${reason}`, { cause });
    this.source = source;
    this.line = line;
    this.reason = reason;
  }

  /**
   * Whether a value is a `TelemetryReadError`, also across duplicate installs of this package.
   *
   * @example
   * ```ts
   * TelemetryReadError.isInstance(new TelemetryReadError({ reason: 'empty' })); // true
   * ```
   */
  static isInstance(value: unknown): value is TelemetryReadError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
