import type { DecisionResult } from '@genops/core';
import type { BudgetView } from './budget-view.js';
import { formatNumber, type Paint, plural } from './paint.js';
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
  { shared = false }: { readonly shared?: boolean } = {},
): string[] {
  const header = ['budget', 'instance', 'period', 'limit', 'used', 'reserved', 'left', 'kind'];
  const rows = budgets.map((budget) => {
    const unknown = budget.unavailable === true;
    return [
      budget.budget,
      budget.instance === 'project' ? '(whole project)' : `customer ${budget.instance}`,
      budget.periodId,
      formatNumber(budget.limit),
      unknown ? '?' : formatNumber(budget.used),
      unknown ? '?' : formatNumber(budget.reserved),
      unknown
        ? '?'
        : budget.left < 0
          ? `-${formatNumber(-budget.left)}`
          : formatNumber(budget.left),
      budget.soft ? 'soft (warns)' : 'hard (blocks)',
    ];
  });
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
  const title = shared
    ? 'Budgets (tokens, shared by every process on this ledger)'
    : 'Budgets (tokens)';
  const lines = [paint('bold', title), paint('dim', line(header))];
  for (const row of rows) lines.push(line(row));
  if (budgets.some((budget) => budget.unavailable === true)) {
    lines.push(paint('yellow', '  ? the ledger could not be read: these numbers are unknown'));
  }

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
  const stopped = records.filter((record) => record.stopped).length;
  const answered = parts.findIndex((part) => part.endsWith(' ALLOWED'));
  if (stopped > 0 && answered >= 0) parts[answered] = `${parts[answered]} (${stopped} stopped)`;
  // Every call the ledger charged, retries included: the same numbers as the budgets above.
  const tokens = records.reduce((sum, record) => sum + record.charged, 0);
  const calls = records.reduce(
    (sum, record) => sum + record.calls.filter((call) => !call.refused).length,
    0,
  );
  lines.push(
    '',
    `${paint('bold', 'Decisions')}  ${plural(records.length, 'turn')}: ${parts.join(' · ') || 'none'}  (${plural(tokens, 'token')} used by ${plural(calls, 'model call')}${shared ? ' of this process' : ''})`,
  );
  return lines;
}
