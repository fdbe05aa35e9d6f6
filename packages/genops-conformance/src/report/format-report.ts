import { RULES } from '../registry/rule-registry.js';
import type { SpecReference } from '../registry/spec-reference.js';
import type { ConformanceReport, Verdict } from './conformance-report.js';
import type { AwuRef, Finding } from './finding.js';

/**
 * Options of {@link formatReport}.
 *
 * @example
 * ```ts
 * formatReport(report, { maxAwusPerRule: 10 });
 * ```
 */
export interface FormatReportOptions {
  /** How many offending AWUs to list under each rule. Default `5`. */
  readonly maxAwusPerRule?: number;
}

const VERDICT_LINES: Readonly<Record<Verdict, string>> = {
  compliant: 'COMPLIANT',
  partial:
    'PARTIAL: well-formed telemetry, but the Deterministic Accounting Invariant (Section 3) is not met; such a runtime must declare "GenOps v0.1 — partial" (Section 9.2)',
  'non-compliant': 'NON-COMPLIANT',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function describeAwu(awu: AwuRef | null): string {
  if (awu === null) return 'input';
  const where = awu.source === undefined ? '' : ` at ${awu.source}`;
  return `"${awu.name}" trace ${awu.traceId || '(none)'} span ${awu.spanId || '(none)'}${where}`;
}

function quote(spec: SpecReference): string {
  return `${spec.section}: "${spec.text}"`;
}

function awuKey(awu: AwuRef | null): string {
  return awu === null ? '' : `${awu.traceId}/${awu.spanId}/${awu.source ?? ''}/${awu.name}`;
}

function formatRule(ruleFindings: readonly Finding[], maxAwus: number): string[] {
  const first = ruleFindings[0];
  if (first === undefined) return [];
  const rule = RULES.find((candidate) => candidate.id === first.ruleId);
  const ruleSpec = rule?.spec ?? first.spec;
  const byAwu = new Map<string, { awu: AwuRef | null; messages: string[] }>();
  for (const finding of ruleFindings) {
    const key = awuKey(finding.awu);
    const own = finding.spec.text === ruleSpec.text ? '' : ` (${quote(finding.spec)})`;
    const message = `${finding.message}${own}`;
    const group = byAwu.get(key);
    if (group === undefined) byAwu.set(key, { awu: finding.awu, messages: [message] });
    else group.messages.push(message);
  }
  const lines = [
    `${first.severity.toUpperCase()} ${first.ruleId} (Section ${first.section}): ${rule?.title ?? ''} — ${plural(ruleFindings.length, 'finding')} in ${plural(byAwu.size, 'AWU')}`,
    `  Spec ${quote(ruleSpec)}`,
  ];
  let shown = 0;
  for (const { awu, messages } of byAwu.values()) {
    if (shown === maxAwus) break;
    shown += 1;
    lines.push(`  ${describeAwu(awu)}`);
    for (const message of messages) lines.push(`    - ${message}`);
  }
  if (byAwu.size > shown) lines.push(`  … and ${plural(byAwu.size - shown, 'more AWU')}`);
  return lines;
}

/**
 * Renders a report as readable text: the verdict, the counts, then the findings grouped by rule
 * (errors first, rules in registry order), each rule with the spec sentence it applies and its
 * first offending AWUs.
 *
 * @example
 * ```ts
 * const report = checkSpans(exporter.getFinishedSpans());
 * if (report.verdict !== 'compliant') throw new Error(formatReport(report));
 * ```
 */
export function formatReport(report: ConformanceReport, options: FormatReportOptions = {}): string {
  const maxAwus = Math.max(1, options.maxAwusPerRule ?? 5);
  const { counts } = report;
  const lines = [
    `GenOps conformance report (spec ${report.specVersion})`,
    `Verdict: ${VERDICT_LINES[report.verdict]}`,
    `Checked ${plural(report.awuCount, 'AWU')} (${counts.awusWithErrors} with errors) from ${plural(report.spanCount, 'span')} and ${plural(report.logRecordCount, 'log record')}, ${plural(report.eventCount, 'GenOps event')}`,
    `Findings: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`,
  ];
  const byRule = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byRule.get(finding.ruleId);
    if (list === undefined) byRule.set(finding.ruleId, [finding]);
    else list.push(finding);
  }
  for (const severity of ['error', 'warning'] as const) {
    for (const rule of RULES) {
      if (rule.severity !== severity) continue;
      const ruleFindings = byRule.get(rule.id);
      if (ruleFindings === undefined) continue;
      lines.push('', ...formatRule(ruleFindings, maxAwus));
    }
  }
  return lines.join('\n');
}
