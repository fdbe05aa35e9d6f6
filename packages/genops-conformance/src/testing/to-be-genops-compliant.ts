import { judgeGenOpsCompliance } from '../internal/judge-genops-compliance.js';
import type { SpanInput, TelemetryInput } from '../model/telemetry-input.js';
import type { ExpectGenOpsCompliantOptions } from './expect-genops-compliant-options.js';

/**
 * Result of a custom matcher, as `expect.extend` (vitest, Jest) expects it.
 *
 * @example
 * ```ts
 * const result: GenOpsMatcherResult = toBeGenOpsCompliant(spans);
 * result.pass; // boolean
 * ```
 */
export interface GenOpsMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function isTelemetryLike(value: unknown): value is readonly SpanInput[] | TelemetryInput {
  return Array.isArray(value) || (typeof value === 'object' && value !== null);
}

/**
 * Matcher for `expect.extend`: passes when the received spans (or `{ spans, logs }`) are
 * compliant; the failure message is the readable report. Options as
 * {@link expectGenOpsCompliant}.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { genOpsMatchers } from '@genops/conformance/vitest';
 *
 * expect.extend(genOpsMatchers);
 * expect(exporter.getFinishedSpans()).toBeGenOpsCompliant();
 * ```
 */
export function toBeGenOpsCompliant(
  received: unknown,
  options: ExpectGenOpsCompliantOptions = {},
): GenOpsMatcherResult {
  if (!isTelemetryLike(received)) {
    return {
      pass: false,
      message: () => `expected spans or { spans, logs } to check, received ${typeof received}`,
    };
  }
  const { report, failure } = judgeGenOpsCompliance(received, options);
  return {
    pass: failure === undefined,
    message: () =>
      failure ??
      `expected telemetry not to be GenOps compliant, but it is (${report.awuCount} AWUs, verdict ${report.verdict})`,
  };
}

/**
 * Matchers to register with `expect.extend(genOpsMatchers)`. For typing, merge
 * {@link GenOpsMatchers} into vitest's `Matchers` (see there).
 *
 * @example
 * ```ts
 * expect.extend(genOpsMatchers);
 * ```
 */
export const genOpsMatchers = { toBeGenOpsCompliant } as const;

/**
 * Type of the registered matchers on an assertion returning `R`. Merge it into vitest's
 * `Matchers`, repeating vitest's own type parameters (vitest 3 and 4: `Matchers<T = any>`;
 * vitest 5: `Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>`, extend
 * `GenOpsMatchers<R>`).
 *
 * @example
 * ```ts
 * import type { GenOpsMatchers } from '@genops/conformance/vitest';
 *
 * declare module 'vitest' {
 *   interface Matchers<T = any> extends GenOpsMatchers<T> {}
 * }
 * ```
 */
export interface GenOpsMatchers<R = unknown> {
  toBeGenOpsCompliant(options?: ExpectGenOpsCompliantOptions): R;
}
