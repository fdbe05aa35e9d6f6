import type { BudgetView } from './budget-view.js';
import { formatMs, formatNumber, type Paint } from './paint.js';
import type { TurnRecord } from './turn-record.js';

/** Options of {@link formatTurnStatus}. */
export interface FormatTurnStatusOptions {
  readonly record: TurnRecord;
  /** The monthly budget and the customer's budget after the turn. */
  readonly budgets: readonly BudgetView[];
  readonly slaTier: string;
  readonly slaTargetMs: number;
  readonly paint: Paint;
}

/**
 * The lines printed after a turn: the status line (decision, reserved → actual, what is left,
 * latency vs SLA) for an answered turn; for a refusal, which policy refused, why, and when to
 * retry; plus one line per budget alert.
 *
 * @example
 * ```ts
 * output.write(formatTurnStatus({ record, budgets, slaTier: 'standard', slaTargetMs: 4000, paint }).join('\n'));
 * ```
 */
export function formatTurnStatus({
  record,
  budgets,
  slaTier,
  slaTargetMs,
  paint,
}: FormatTurnStatusOptions): string[] {
  const lines: string[] = [];
  const left = budgets.map((budget) => formatLeft(budget, paint)).join(', ');
  const sep = paint('dim', ' │ ');
  switch (record.result) {
    case 'ALLOWED':
    case 'WARNING': {
      const head =
        record.result === 'ALLOWED'
          ? paint('green', '✓ ALLOWED')
          : paint('yellow', `⚠ WARNING ${record.reasonCode ?? ''}`.trimEnd());
      const target = record.slaTargetMs ?? slaTargetMs;
      const met = record.slaMet ?? record.latencyMs <= target;
      // Without `genops.sla.*` on the span (no SLA policy applied) the latency is the chat's own measure.
      const measured =
        record.slaTargetMs === undefined ? paint('dim', ' (measured by the chat)') : '';
      const sla = `${formatMs(record.latencyMs)} ${met ? paint('green', '✓') : paint('red', '✗')} SLA ${slaTier} ≤ ${formatMs(target)}${measured}`;
      const tokens =
        record.reserved === undefined
          ? 'no accounting recorded'
          : `reserved ${formatNumber(record.reserved)} → actual ${formatNumber(record.actual ?? record.reserved)} tokens`;
      lines.push(`  ${head}${sep}${tokens}${sep}left: ${left}${sep}${sla}`);
      if (record.result === 'WARNING') {
        const why = record.reasonCode?.startsWith('BUDGET_')
          ? `budget ${record.policyName ?? ''} cannot cover this call; it is a soft budget`
          : `${record.policyName ?? 'a policy'}: ${record.reason ?? 'a governance condition was noted'}`;
        lines.push(paint('yellow', `    ${why} — answered anyway, flagged WARNING`));
      }
      break;
    }
    case 'RATE_LIMITED':
    case 'BLOCKED': {
      const retry =
        record.retryAfterMs === undefined
          ? ''
          : `${sep}${paint('bold', `retry in ${formatMs(record.retryAfterMs)}`)}`;
      const code =
        record.reasonCode === undefined || record.reasonCode === record.result
          ? ''
          : ` ${record.reasonCode}`;
      lines.push(
        `  ${paint('red', `✗ ${record.result}${code}`)}${paint('dim', ' by ')}${record.policyName ?? 'a policy'}${retry}`,
      );
      if (record.reason !== undefined) lines.push(`    ${record.reason}`);
      lines.push(
        paint(
          'dim',
          `    not sent to the model, nothing charged (left: ${budgets.map((budget) => formatLeft(budget, (_style, text) => text)).join(', ')}) — the chat goes on`,
        ),
      );
      break;
    }
    case 'ERROR':
      lines.push(
        `  ${paint('red', '✗ ERROR')} the model call failed: ${record.error ?? 'unknown error'}${sep}reconciled: reserved ${formatNumber(record.reserved ?? 0)} → actual ${formatNumber(record.actual ?? 0)} tokens`,
      );
      break;
  }
  for (const alert of record.alerts) {
    const share = alert.allocated > 0 ? Math.round((alert.consumed / alert.allocated) * 100) : 0;
    const crossed =
      alert.threshold === undefined ? '' : ` crossed ${Math.round(alert.threshold * 100)}%`;
    lines.push(
      paint(
        'magenta',
        `  🔔 budget alert: ${alert.budget}${crossed} — ${formatNumber(alert.consumed)} of ${formatNumber(alert.allocated)} tokens used (${share}%)`,
      ),
    );
  }
  return lines;
}

function formatLeft(budget: BudgetView, paint: Paint): string {
  const who = budget.instance === 'project' ? budget.budget : budget.instance;
  if (budget.left < 0) {
    return `${who} ${paint('yellow', `-${formatNumber(-budget.left)}/${formatNumber(budget.limit)} (overspent)`)}`;
  }
  const text = `${formatNumber(budget.left)}/${formatNumber(budget.limit)}`;
  const style = budget.left === 0 ? 'red' : budget.left < budget.limit * 0.2 ? 'yellow' : 'bold';
  return `${who} ${paint(style, text)}`;
}
