import type { DecisionResult } from '@genops/core';
import type { BudgetView } from './budget-view.js';
import { formatNumber, type Paint } from './paint.js';
import type { TurnRecord } from './turn-record.js';

/**
 * The summary printed at exit: one row per budget instance, then the decisions of the session.
 *
 * @example
 * ```ts
 * output.write(formatSummary(budgets, records, paint).join('\n'));
 * ```
 */
export function formatSummary(
  budgets: readonly BudgetView[],
  records: readonly TurnRecord[],
  paint: Paint,
): string[] {
  const header = ['budget', 'instance', 'period', 'limit', 'used', 'reserved', 'left', 'kind'];
  const rows = budgets.map((budget) => [
    budget.budget,
    budget.instance === 'project' ? '(whole project)' : `customer ${budget.instance}`,
    budget.periodId,
    formatNumber(budget.limit),
    formatNumber(budget.used),
    formatNumber(budget.reserved),
    budget.left < 0 ? `-${formatNumber(-budget.left)}` : formatNumber(budget.left),
    budget.soft ? 'soft (warns)' : 'hard (blocks)',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = new Set([3, 4, 5, 6]);
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()}`;
  const lines = [paint('bold', 'Budgets (tokens)'), paint('dim', line(header))];
  for (const row of rows) lines.push(line(row));

  const counts = new Map<DecisionResult | 'ERROR', number>();
  for (const record of records) counts.set(record.result, (counts.get(record.result) ?? 0) + 1);
  const order: (DecisionResult | 'ERROR')[] = [
    'ALLOWED',
    'WARNING',
    'RATE_LIMITED',
    'BLOCKED',
    'ERROR',
  ];
  const parts = order
    .filter((result) => (counts.get(result) ?? 0) > 0)
    .map((result) => `${counts.get(result)} ${result}`);
  const tokens = records.reduce((sum, record) => sum + (record.actual ?? 0), 0);
  lines.push(
    '',
    `${paint('bold', 'Decisions')}  ${records.length} turns: ${parts.join(' · ') || 'none'}  (${formatNumber(tokens)} tokens used)`,
  );
  return lines;
}
