import { getRule } from '../registry/rule-registry.js';
import type { Verdict } from '../report/conformance-report.js';
import type { Finding } from '../report/finding.js';

/**
 * Section 9 verdict: `compliant` without error findings, `partial` (9.2) when every error comes
 * from an accounting-invariant rule, `non-compliant` otherwise.
 */
export function computeVerdict(findings: readonly Finding[]): Verdict {
  let errors = 0;
  let telemetryErrors = 0;
  for (const finding of findings) {
    if (finding.severity !== 'error') continue;
    errors += 1;
    if (getRule(finding.ruleId).category === 'telemetry') telemetryErrors += 1;
  }
  if (errors === 0) return 'compliant';
  return telemetryErrors === 0 ? 'partial' : 'non-compliant';
}
