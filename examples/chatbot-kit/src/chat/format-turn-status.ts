import type { BudgetView } from './budget-view.js';
import { formatMs, formatNumber, formatReason, type Paint, plural } from './paint.js';
import type { CallRecord, TurnRecord } from './turn-record.js';

/** Options of {@link formatTurnStatus}. */
export interface FormatTurnStatusOptions {
  readonly record: TurnRecord;
  /** The monthly budget and the customer's budget after the turn. */
  readonly budgets: readonly BudgetView[];
  readonly slaTier: string;
  readonly slaTargetMs: number;
  readonly paint: Paint;
  /** The budgets are shared with other processes (Redis): `left` says so. Default: `false`. */
  readonly shared?: boolean;
  /** Retries the chat allows per answer, for the line of a retried call. Default: unknown. */
  readonly maxRetries?: number;
  /** Extra lines after the status (hints: how to fix a ledger, `/new`, …). */
  readonly hints?: readonly string[];
}

/**
 * The lines printed after a turn: the status line (decision, reserved → actual, what is left,
 * latency vs SLA) for an answered turn; one line per attempt of a retried call, each with the
 * provider's error and URL; for a refusal, which policy refused, why, when to retry and what
 * earlier attempts were charged; an answer stopped by the user or cut by the output cap says so;
 * an actual that is an estimate is marked `~`, with why. Plus one line per budget alert.
 *
 * @example
 * ```ts
 * output.write(formatTurnStatus({ record, budgets, slaTier: 'standard', slaTargetMs: 4000, paint }).join('\n'));
 * ```
 */
export function formatTurnStatus(options: FormatTurnStatusOptions): string[] {
  const { record, budgets, paint } = options;
  const lines: string[] = [];
  const sep = paint('dim', ' │ ');
  const left = formatLeftAll(budgets, paint, options.shared === true);
  const attempts = countAttempts(record.calls);
  const retried = attempts > 1;
  const attemptLines = retried ? formatAttempts(record, options) : [];

  switch (record.result) {
    case 'ALLOWED':
    case 'WARNING': {
      const head = record.stopped
        ? paint('yellow', '■ stopped')
        : record.result === 'ALLOWED'
          ? paint('green', '✓ ALLOWED')
          : paint('yellow', `⚠ WARNING ${record.reasonCode ?? ''}`.trimEnd());
      const tokens =
        record.reserved === undefined
          ? 'no accounting recorded'
          : `reserved ${formatNumber(record.reserved)} → actual ${formatActual(record.actual ?? record.reserved, record.estimated)} tokens${estimateWhy(record, paint)}`;
      const charged = retried ? `${sep}${formatNumber(record.charged)} charged in all` : '';
      const sla = record.stopped ? '' : `${sep}${formatSla(record, options)}`;
      lines.push(`  ${head}${record.stopped ? ' — ' : sep}${tokens}${charged}${sep}${left}${sla}`);
      lines.push(...attemptLines);
      if (record.cutOff) {
        lines.push(
          paint(
            'yellow',
            `    ✂ cut off at the output cap of ${formatNumber(record.maxOutputTokens)} tokens — /max-tokens raises it`,
          ),
        );
      }
      if (record.stopped) {
        lines.push(
          paint(
            'dim',
            '    the partial answer stays in the conversation; the provider stream was aborted',
          ),
        );
      }
      if (record.result === 'WARNING') {
        const why = record.reasonCode?.startsWith('BUDGET_')
          ? `budget ${record.policyName ?? ''} cannot cover this call; it is a soft budget`
          : `${record.policyName ?? 'a policy'}: ${formatReason(record.reason) ?? 'a governance condition was noted'}`;
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
      if (record.reason !== undefined) lines.push(`    ${formatReason(record.reason)}`);
      lines.push(...attemptLines);
      const plainLeft = formatLeftAll(budgets, (_style, text) => text, options.shared === true);
      lines.push(
        paint(
          'dim',
          record.charged > 0
            ? `    this attempt was not sent to the model; earlier attempts were charged ${formatNumber(record.charged)} tokens (${plainLeft}) — the chat goes on`
            : `    not sent to the model, nothing charged (${plainLeft}) — the chat goes on`,
        ),
      );
      break;
    }
    case 'ERROR': {
      const failure = retried
        ? ` after ${plural(attempts, 'attempt')}${options.maxRetries === undefined ? '' : ` (retries: ${options.maxRetries})`}`
        : `: ${callFailure(record.calls.at(-1), record.error)}`;
      lines.push(`  ${paint('red', '✗ ERROR')} the model call failed${failure}`);
      lines.push(...attemptLines);
      const tokens =
        record.reserved === undefined
          ? 'nothing reserved'
          : `reserved ${formatNumber(record.reserved)} → actual ${formatActual(record.actual ?? 0, record.estimated)} tokens${estimateWhy(record, paint)}`;
      lines.push(
        `    ${retried ? `${formatNumber(record.charged)} tokens charged in all` : tokens}${sep}${left}`,
      );
      break;
    }
  }
  for (const alert of record.alerts) {
    const share = alert.allocated > 0 ? Math.round((alert.consumed / alert.allocated) * 100) : 0;
    const crossed =
      alert.threshold === undefined ? '' : ` crossed ${Math.round(alert.threshold * 100)}%`;
    const instance = budgets.find(
      (budget) => budget.budget === alert.budget && budget.instance !== 'project',
    );
    const whose = instance === undefined ? '' : ` (customer ${instance.instance})`;
    lines.push(
      paint(
        'magenta',
        `  🔔 budget alert: ${alert.budget}${whose}${crossed} — ${formatNumber(alert.consumed)} of ${formatNumber(alert.allocated)} tokens used (${share}%)`,
      ),
    );
  }
  for (const hint of options.hints ?? []) lines.push(paint('dim', `    ${hint}`));
  return lines;
}

/** Attempt lines of a retried answer: every HTTP request and every refused retry. */
function formatAttempts(record: TurnRecord, options: FormatTurnStatusOptions): string[] {
  const { paint } = options;
  const lines: string[] = [];
  let number = 0;
  for (const call of record.calls) {
    const shared =
      call.http.length > 1 ? ` (one governed call for its ${call.http.length} HTTP attempts)` : '';
    const accounting =
      call.reserved === undefined
        ? ''
        : `${paint('dim', ' │ ')}reserved ${formatNumber(call.reserved)} → actual ${formatActual(call.actual ?? 0, call.estimated)} tokens${shared}`;
    if (call.refused) {
      number += 1;
      lines.push(
        `    attempt ${number}: ${paint('red', `✗ ${call.result}`)} by ${call.policyName ?? 'a policy'} — not sent to the model, nothing charged for this attempt`,
      );
      continue;
    }
    const http = call.http.length === 0 ? [undefined] : call.http;
    for (const [index, attempt] of http.entries()) {
      number += 1;
      const what =
        attempt === undefined
          ? call.error === undefined
            ? paint('green', 'answered')
            : call.error
          : attempt.error === undefined
            ? `${paint('green', `HTTP ${attempt.status ?? ''}`.trimEnd())} — ${attempt.request}`
            : `${paint('red', attempt.error)} — ${attempt.request}`;
      // A call's accounting covers all of its HTTP attempts: printed once, on its last one.
      lines.push(`    attempt ${number}: ${what}${index === http.length - 1 ? accounting : ''}`);
    }
  }
  if (record.calls.some((call) => call.estimated)) {
    lines.push(
      paint('dim', '    ~ estimated: no usage came back from the provider (the prompt is counted)'),
    );
  }
  return lines;
}

function countAttempts(calls: readonly CallRecord[]): number {
  return calls.reduce((sum, call) => sum + (call.refused ? 1 : Math.max(1, call.http.length)), 0);
}

/** The failure of a single call: the provider's error and URL when it came over HTTP. */
function callFailure(call: CallRecord | undefined, fallback: string | undefined): string {
  const attempt = call?.http.at(-1);
  if (attempt?.error !== undefined) return `${attempt.error} — ${attempt.request}`;
  return fallback ?? call?.error ?? 'unknown error';
}

function formatActual(actual: number, estimated: boolean): string {
  return estimated ? `~${formatNumber(actual)}` : formatNumber(actual);
}

function estimateWhy(record: TurnRecord, paint: Paint): string {
  if (!record.estimated) return '';
  const why = record.stopped
    ? 'counted from what streamed before the stop'
    : record.result === 'ERROR'
      ? 'the call failed before the provider reported usage'
      : 'the provider reported no usage';
  return paint('dim', ` (estimated: ${why})`);
}

function formatSla(record: TurnRecord, options: FormatTurnStatusOptions): string {
  const { paint } = options;
  const target = record.slaTargetMs ?? options.slaTargetMs;
  const met = record.slaMet ?? record.latencyMs <= target;
  // Without `genops.sla.*` on the span (no SLA policy applied) the latency is the chat's own measure.
  const measured = record.slaTargetMs === undefined ? paint('dim', ' (measured by the chat)') : '';
  return `${formatMs(record.latencyMs)} ${met ? paint('green', '✓') : paint('red', '✗')} SLA ${options.slaTier} ≤ ${formatMs(target)}${measured}`;
}

function formatLeftAll(budgets: readonly BudgetView[], paint: Paint, shared: boolean): string {
  if (budgets.length > 0 && budgets.every((budget) => budget.unavailable === true)) {
    return `left: ${paint('yellow', 'unknown')} (the ledger cannot be read)`;
  }
  const label = shared ? 'left (shared by every process)' : 'left';
  return `${label}: ${budgets.map((budget) => formatLeft(budget, paint)).join(', ')}`;
}

function formatLeft(budget: BudgetView, paint: Paint): string {
  const who = budget.instance === 'project' ? budget.budget : budget.instance;
  if (budget.unavailable === true) return `${who} ${paint('yellow', 'unknown')}`;
  if (budget.left < 0) {
    return `${who} ${paint('yellow', `-${formatNumber(-budget.left)}/${formatNumber(budget.limit)} (overspent)`)}`;
  }
  const text = `${formatNumber(budget.left)}/${formatNumber(budget.limit)}`;
  const style = budget.left === 0 ? 'red' : budget.left < budget.limit * 0.2 ? 'yellow' : 'bold';
  return `${who} ${paint(style, text)}`;
}
