import { describe, expect, it } from 'vitest';
import { formatReport } from '../report/format-report.js';
import {
  allowedAwu,
  allowedAwuViaLogs,
  compliantAwus,
  withAttributes,
  withEvents,
} from '../test-support/awu-specs.js';
import { emitWithSdk3 } from '../test-support/emit-with-sdk.js';
import {
  expectGenOpsCompliant,
  GenOpsComplianceError,
  type GenOpsMatchers,
  genOpsMatchers,
} from '../vitest.js';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: repeats vitest's own declaration so that they merge.
  interface Matchers<T = any> extends GenOpsMatchers<T> {}
}

expect.extend(genOpsMatchers);

describe('expectGenOpsCompliant', () => {
  it('passes compliant spans and returns the report', async () => {
    const { spans } = await emitWithSdk3(compliantAwus());
    expect(expectGenOpsCompliant(spans)).toMatchObject({ verdict: 'compliant', awuCount: 4 });
  });

  it('accepts { spans, logs } when events are log records', async () => {
    const telemetry = await emitWithSdk3([allowedAwuViaLogs()]);
    expect(expectGenOpsCompliant(telemetry).eventCount).toBe(6);
    expect(() => expectGenOpsCompliant(telemetry.spans)).toThrow(/7\.2\/policy-evaluated-event/);
  });

  it('throws the readable report as the error message', async () => {
    const { spans } = await emitWithSdk3([withAttributes(allowedAwu(), { 'genops.team': null })]);
    let caught: unknown;
    try {
      expectGenOpsCompliant(spans);
    } catch (error) {
      caught = error;
    }
    expect(GenOpsComplianceError.isInstance(caught)).toBe(true);
    if (!GenOpsComplianceError.isInstance(caught)) return;
    expect(caught.message).toBe(formatReport(caught.report));
    expect(caught.message).toContain('ERROR 7.1/required-attribute');
    expect(caught.report.verdict).toBe('non-compliant');
  });

  it('fails a partial report, and on warnings only with failOnWarnings', async () => {
    const partial = await emitWithSdk3([withEvents(allowedAwu(), (events) => events.slice(0, 4))]);
    expect(() => expectGenOpsCompliant(partial.spans)).toThrow('Verdict: PARTIAL');
    const warned = await emitWithSdk3([withAttributes(allowedAwu(), { 'genops.x_extra': 1 })]);
    expect(expectGenOpsCompliant(warned.spans).counts.warnings).toBe(1);
    expect(() => expectGenOpsCompliant(warned.spans, { failOnWarnings: true })).toThrow(
      'WARNING 7/unknown-attribute',
    );
  });
});

describe('toBeGenOpsCompliant', () => {
  it('works as a vitest matcher, including .not', async () => {
    const good = await emitWithSdk3([allowedAwu()]);
    const bad = await emitWithSdk3([withAttributes(allowedAwu(), { 'genops.spec.version': '1' })]);
    const assertion = (value: unknown) => expect(value);
    assertion(good.spans).toBeGenOpsCompliant();
    assertion(bad.spans).not.toBeGenOpsCompliant();
    expect(() => assertion(bad.spans).toBeGenOpsCompliant()).toThrow('11.3/spec-version-format');
    expect(() => assertion(42).toBeGenOpsCompliant()).toThrow('expected spans or { spans, logs }');
  });
});
