import { describe, expect, it } from 'vitest';
import { checkSpans } from '../check/check-spans.js';
import { checkTelemetry } from '../check/check-telemetry.js';
import { parseOtlpJson } from '../readers/parse-otlp-json.js';
import { allowedAwu, withAttributes } from '../test-support/awu-specs.js';
import { emitWithSdk3 } from '../test-support/emit-with-sdk.js';
import { readFixture } from '../test-support/fixtures.js';
import { formatReport } from './format-report.js';

describe('formatReport', () => {
  it('groups findings by rule with the offending AWUs and their messages', () => {
    const report = checkTelemetry(
      parseOtlpJson(readFixture('non-compliant.json'), { source: 'non-compliant.json' }),
    );
    expect(formatReport(report)).toMatchInlineSnapshot(`
      "GenOps conformance report (spec 0.1.0)
      Verdict: NON-COMPLIANT
      Checked 1 AWU (1 with errors) from 1 span and 0 log records, 1 GenOps event
      Findings: 4 errors, 0 warnings

      ERROR 7.1/required-attribute (Section 7.1): Required attributes present — 1 finding in 1 AWU
        Spec §7.1: "A compliant runtime MUST emit these attributes on every AWU, subject to the conditional exceptions below."
        "chat gpt-5" trace 4bf92f3577b34da6a3ce929d0e0e0001 span 00f067aa0ba90001 at non-compliant.json
          - missing required attribute genops.team (required on every AWU)

      ERROR 5.4/reason-code-taxonomy (Section 5.4): reason_code from the taxonomy — 2 findings in 1 AWU
        Spec §5.4: "The reason_code field MUST contain a value from this taxonomy or a valid extension code. Freeform strings are not permitted."
        "chat gpt-5" trace 4bf92f3577b34da6a3ce929d0e0e0001 span 00f067aa0ba90001 at non-compliant.json
          - reason code "MODEL_NOT_ALLOWED" on the AWU is neither a Section 5.2 code nor an x_ extension code
          - reason code "MODEL_NOT_ALLOWED" on genops.policy.evaluated #1 is neither a Section 5.2 code nor an x_ extension code

      ERROR 7.2.1/no-reconciliation-when-refused (Section 7.2.1): No reconciliation on a refused AWU — 1 finding in 1 AWU
        Spec §7.2.1: "An AWU that does not reach execution MUST NOT emit genops.budget.reconciliation."
        "chat gpt-5" trace 4bf92f3577b34da6a3ce929d0e0e0001 span 00f067aa0ba90001 at non-compliant.json
          - the AWU is BLOCKED, so it did not execute, yet it has genops.accounting.actual"
    `);
  });

  it('lists the first AWUs of a rule, errors before warnings, and says how many more', async () => {
    const broken = withAttributes(allowedAwu(), {
      'genops.team': null,
      'genops.x_unknown': 'x',
    });
    const { spans } = await emitWithSdk3(
      Array.from({ length: 4 }, () => broken),
      {
        fixedIds: true,
      },
    );
    const text = formatReport(checkSpans(spans), { maxAwusPerRule: 2 });
    const lines = text.split('\n');
    expect(lines.filter((line) => line.startsWith('ERROR') || line.startsWith('WARNING'))).toEqual([
      'ERROR 7.1/required-attribute (Section 7.1): Required attributes present — 4 findings in 4 AWUs',
      'WARNING 7/unknown-attribute (Section 7): Unknown genops.* attribute — 4 findings in 4 AWUs',
    ]);
    expect(lines.filter((line) => line.includes('more AWU'))).toEqual([
      '  … and 2 more AWUs',
      '  … and 2 more AWUs',
    ]);
  });

  it('explains a partial verdict (Section 9.2)', () => {
    const report = checkTelemetry(parseOtlpJson(readFixture('partial.json')));
    expect(formatReport(report).split('\n')[1]).toBe(
      'Verdict: PARTIAL: well-formed telemetry, but the Deterministic Accounting Invariant (Section 3) is not met; such a runtime must declare "GenOps v0.1 — partial" (Section 9.2)',
    );
  });

  it('reports an input without AWU', () => {
    expect(formatReport(checkSpans([]))).toContain(
      'ERROR 9.4/awu-present (Section 9.4): At least one AWU — 1 finding in 1 AWU\n  Spec §9.4: "Compliance MUST be verifiable by inspecting the telemetry output of a runtime."\n  input\n    - no AWU in the input (0 spans, none with a genops.* attribute)',
    );
  });
});
