/**
 * Options of {@link checkTelemetry} and {@link checkSpans}.
 *
 * @example
 * ```ts
 * checkSpans(spans, { specVersion: '0.1.0' });
 * ```
 */
export interface CheckOptions {
  /**
   * Spec version to judge against; every AWU's `genops.spec.version` must equal it.
   * Default `'0.1.0'` ({@link SPEC_VERSION}), the only supported version.
   */
  readonly specVersion?: string;
}
