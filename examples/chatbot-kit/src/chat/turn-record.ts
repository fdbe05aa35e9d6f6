import type { DecisionResult } from '@genops/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ChatTurn, ChatTurnOutcome } from './chat-engine.js';

/** A `genops.budget.alert` raised during a turn. */
export interface BudgetAlert {
  readonly budget: string;
  readonly consumed: number;
  readonly allocated: number;
  /** The threshold crossed, as a fraction (0.8). */
  readonly threshold: number | undefined;
}

/** What happened in one turn, read from the outcome and the turn's AWU span. */
export interface TurnRecord {
  readonly customerId: string;
  readonly model: string;
  readonly question: string;
  /** The decision, or `ERROR` when an allowed call failed (provider error). */
  readonly result: DecisionResult | 'ERROR';
  readonly reasonCode: string | undefined;
  readonly policyName: string | undefined;
  readonly budgetName: string | undefined;
  /** `genops.policy.reason`. */
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Tokens reserved before the call (`genops.accounting.reserved`). */
  readonly reserved: number | undefined;
  /** Tokens actually used (`genops.accounting.actual`). */
  readonly actual: number | undefined;
  /** End-to-end latency, ms (`genops.sla.actual_latency_ms`, else measured by the chat). */
  readonly latencyMs: number;
  readonly slaTargetMs: number | undefined;
  readonly slaMet: boolean | undefined;
  readonly alerts: readonly BudgetAlert[];
  /** The error message of a failed call. */
  readonly error: string | undefined;
}

/**
 * Reads a turn's record from its outcome and the AWU spans that ended during it (the last
 * `inference` AWU is the model call; chain AWUs around it are ignored).
 */
export function readTurnRecord(
  turn: ChatTurn,
  outcome: ChatTurnOutcome,
  spans: readonly ReadableSpan[],
  measuredLatencyMs: number,
): TurnRecord {
  const inference = spans.filter(
    (span) => span.attributes['genops.operation.type'] === 'inference',
  );
  const span = inference.at(-1);
  const attributes = span?.attributes ?? {};
  const number = (key: string) => {
    const value = attributes[key];
    return typeof value === 'number' ? value : undefined;
  };
  const string = (key: string) => {
    const value = attributes[key];
    return typeof value === 'string' ? value : undefined;
  };
  const alerts: BudgetAlert[] = [];
  for (const candidate of inference) {
    for (const event of candidate.events) {
      if (event.name !== 'genops.budget.alert') continue;
      const eventAttributes = event.attributes ?? {};
      const threshold = eventAttributes['genopsjs.budget.alert_threshold'];
      alerts.push({
        budget: String(eventAttributes['genops.budget.name']),
        consumed: Number(eventAttributes['genops.budget.consumed']),
        allocated: Number(eventAttributes['genops.budget.allocated']),
        threshold: typeof threshold === 'number' ? threshold : undefined,
      });
    }
  }
  const common = {
    customerId: turn.customerId,
    model: turn.model,
    question: turn.question,
    latencyMs: number('genops.sla.actual_latency_ms') ?? measuredLatencyMs,
    slaTargetMs: number('genops.sla.latency_target_ms'),
    slaMet:
      typeof attributes['genops.sla.met'] === 'boolean' ? attributes['genops.sla.met'] : undefined,
    alerts,
  };
  if (outcome.kind === 'refused') {
    const { decision } = outcome.error;
    return {
      ...common,
      result: decision.result,
      reasonCode: decision.reasonCode,
      policyName: decision.policyName,
      budgetName: decision.budgetName,
      reason: decision.reason,
      retryAfterMs: decision.retryAfterMs,
      reserved: undefined,
      actual: undefined,
      latencyMs: 0,
      slaMet: undefined,
      error: undefined,
    };
  }
  const result = string('genops.policy.result');
  return {
    ...common,
    result:
      outcome.kind === 'failed'
        ? 'ERROR'
        : result === 'WARNING' || result === 'BLOCKED' || result === 'RATE_LIMITED'
          ? result
          : 'ALLOWED',
    reasonCode: string('genops.policy.reason_code'),
    policyName: string('genops.policy.name'),
    budgetName: undefined,
    reason: string('genops.policy.reason'),
    retryAfterMs: undefined,
    reserved: number('genops.accounting.reserved'),
    actual: number('genops.accounting.actual'),
    error: outcome.kind === 'failed' ? errorMessage(outcome.error) : undefined,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
