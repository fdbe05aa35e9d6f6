import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { BudgetView } from './budget-view.js';
import type { ChatEngine, ChatTurn } from './chat-engine.js';
import { formatNumber } from './paint.js';
import type { TurnRecord } from './turn-record.js';

/**
 * When a hard budget refused a question because the reservation (the prompt, with the whole
 * conversation history, plus the output cap) did not fit: what would make it fit — `/new` when the
 * history is what makes it too big, else a lower `/max-tokens`. `undefined` when nothing would.
 *
 * @example
 * ```ts
 * const hint = await historyHint({ record, turn, budgets, engine, config });
 * // 'hint: 410 of the tokens needed are this conversation's history, sent with every question — /new …'
 * ```
 */
export async function historyHint({
  record,
  turn,
  budgets,
  engine,
  config,
}: {
  readonly record: TurnRecord;
  readonly turn: ChatTurn;
  readonly budgets: readonly BudgetView[];
  readonly engine: ChatEngine;
  readonly config: ChatbotGovernanceConfig;
}): Promise<string | undefined> {
  if (record.result !== 'BLOCKED' || record.reasonCode !== 'BUDGET_RESERVATION_FAILED') return;
  if (engine.countPromptTokens === undefined) return;
  const budget = budgets.find(
    (view) => view.budget === (record.budgetName ?? record.policyName) && view.unavailable !== true,
  );
  if (budget === undefined || budget.budget !== config.customerBudget.name) return;
  const left = budget.left;
  const withHistory = await engine.countPromptTokens(turn, { withHistory: true });
  const fresh = await engine.countPromptTokens(turn, { withHistory: false });
  const history = withHistory - fresh;
  if (history > 0 && fresh + turn.maxOutputTokens <= left) {
    return `hint: ~${formatNumber(history)} of the tokens needed are this conversation's history, sent (and reserved) with every question — /new starts an empty conversation, where this question needs ~${formatNumber(fresh + turn.maxOutputTokens)}`;
  }
  const cap = left - withHistory;
  if (cap >= 50 && cap < turn.maxOutputTokens) {
    return `hint: the output cap (${formatNumber(turn.maxOutputTokens)} tokens) is reserved up front — /max-tokens ${cap} would fit what is left`;
  }
  return undefined;
}
