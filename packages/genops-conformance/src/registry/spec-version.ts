/**
 * The GenOps specification version this conformance suite judges: `0.1.0`.
 *
 * It is the default `specVersion` of {@link checkTelemetry} and the only value it accepts.
 *
 * @example
 * ```ts
 * import { SPEC_VERSION, checkSpans } from '@genops/conformance';
 * checkSpans(spans, { specVersion: SPEC_VERSION });
 * ```
 */
export const SPEC_VERSION = '0.1.0';

/**
 * Spec versions this suite can judge (today only `0.1.0`).
 *
 * @example
 * ```ts
 * SUPPORTED_SPEC_VERSIONS.includes('0.1.0'); // true
 * ```
 */
export const SUPPORTED_SPEC_VERSIONS: readonly string[] = [SPEC_VERSION];

/**
 * SemVer `MAJOR.MINOR.PATCH` (no pre-release or build metadata, no leading zeros), as Section 11.3
 * requires for `genops.spec.version`.
 *
 * @example
 * ```ts
 * SPEC_VERSION_PATTERN.test('0.1.0'); // true
 * SPEC_VERSION_PATTERN.test('v0.1'); // false
 * ```
 */
export const SPEC_VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
