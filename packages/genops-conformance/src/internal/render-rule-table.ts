import { RULES } from '../registry/rule-registry.js';

const VERDICT_IMPACT = {
  telemetry: 'non-compliant',
  'accounting-invariant': 'partial (9.2)',
} as const;

/** The Markdown table of every rule, as the package README shows it. */
export function renderRuleTable(): string {
  const rows = RULES.map((rule) => {
    const impact = rule.severity === 'warning' ? 'none (warning)' : VERDICT_IMPACT[rule.category];
    const cells = [`\`${rule.id}\``, rule.section, rule.severity, impact, rule.description];
    return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  return [
    '| Rule id | Section | Severity | Verdict when violated | What is checked |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
