import type { DecisionResult } from '@genops/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ChatTurn, ChatTurnOutcome } from './chat-engine.js';
import type { HttpAttempt } from './http-attempt-log.js';

/** A `genops.budget.alert` raised during a turn. */
export interface BudgetAlert {
  readonly budget: string;
  readonly consumed: number;
  readonly allocated: number;
  /** The threshold crossed, as a fraction (0.8). */
  readonly threshold: number | undefined;
}

/**
 * One governed model call of a turn: one inference AWU. A retried call is several (the AI SDK
 * retries by calling the model again, each attempt its own AWU); a LangChain model retries its
 * HTTP request inside one AWU, so that AWU has several `http` attempts.
 */
export interface CallRecord {
  /** The call's decision, or `ERROR` when it ran and failed. */
  readonly result: DecisionResult | 'ERROR';
  readonly reasonCode: string | undefined;
  readonly policyName: string | undefined;
  readonly reason: string | undefined;
  /** Refused before the model was called: nothing reserved, nothing charged. */
  readonly refused: boolean;
  /** `genops.accounting.reserved` */
  readonly reserved: number | undefined;
  /** `genops.accounting.actual`: what the ledger was charged for this call. */
  readonly actual: number | undefined;
  /** The actual is an estimate (`genopsjs.accounting.incomplete`): no usage came from the provider. */
  readonly estimated: boolean;
  /** The HTTP requests the call made (none for the offline model). */
  readonly http: readonly HttpAttempt[];
  /** The failure (the span's status message), for a call that failed. */
  readonly error: string | undefined;
}

/** What happened in one turn, read from the outcome and the turn's AWU spans. */
export interface TurnRecord {
  readonly customerId: string;
  readonly model: string;
  readonly question: string;
  /** The output cap of the answer. */
  readonly maxOutputTokens: number;
  /** The final decision, or `ERROR` when an allowed call failed (provider error). */
  readonly result: DecisionResult | 'ERROR';
  readonly reasonCode: string | undefined;
  readonly policyName: string | undefined;
  readonly budgetName: string | undefined;
  /** `genops.policy.reason` */
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Tokens reserved before the last call (`genops.accounting.reserved`). */
  readonly reserved: number | undefined;
  /** Tokens the last call used (`genops.accounting.actual`). */
  readonly actual: number | undefined;
  /** The last call's actual is an estimate: the provider reported no usage. */
  readonly estimated: boolean;
  /** Every governed model call of the turn, in order (retries included). */
  readonly calls: readonly CallRecord[];
  /** Tokens charged to the ledger by every call of the turn. */
  readonly charged: number;
  /** The user stopped the answer (Ctrl-C). */
  readonly stopped: boolean;
  /** The output cap cut the answer (finish reason `length`). */
  readonly cutOff: boolean;
  /** End-to-end latency, ms (`genops.sla.actual_latency_ms`, else measured by the chat). */
  readonly latencyMs: number;
  readonly slaTargetMs: number | undefined;
  readonly slaMet: boolean | undefined;
  readonly alerts: readonly BudgetAlert[];
  /** The error message of a failed call. */
  readonly error: string | undefined;
}

/**
 * Reads a turn's record from its outcome, the AWU spans that ended during it (each `inference`
 * AWU is one model call; chain AWUs around them are ignored) and the HTTP attempts it made.
 */
export function readTurnRecord(
  turn: ChatTurn,
  outcome: ChatTurnOutcome,
  spans: readonly ReadableSpan[],
  measuredLatencyMs: number,
  http: readonly HttpAttempt[] = [],
): TurnRecord {
  const inference = spans
    .filter((span) => span.attributes['genops.operation.type'] === 'inference')
    .sort((a, b) => startMs(a) - startMs(b));
  const calls = readCalls(inference, http);
  const span = inference.at(-1);
  const attributes = span?.attributes ?? {};
  const number = (key: string) => {
    const value = attributes[key];
    return typeof value === 'number' ? value : undefined;
  };
  const last = calls.at(-1);
  const common = {
    customerId: turn.customerId,
    model: turn.model,
    question: turn.question,
    maxOutputTokens: turn.maxOutputTokens,
    latencyMs: number('genops.sla.actual_latency_ms') ?? measuredLatencyMs,
    slaTargetMs: number('genops.sla.latency_target_ms'),
    slaMet:
      typeof attributes['genops.sla.met'] === 'boolean' ? attributes['genops.sla.met'] : undefined,
    alerts: readAlerts(inference),
    calls,
    charged: calls.reduce((sum, call) => sum + (call.actual ?? 0), 0),
    stopped: outcome.kind === 'stopped',
    cutOff: outcome.kind === 'answered' && outcome.finishReason === 'length',
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
      estimated: false,
      latencyMs: 0,
      slaMet: undefined,
      error: undefined,
    };
  }
  const failed = outcome.kind === 'failed';
  return {
    ...common,
    result: failed ? 'ERROR' : last?.result === 'WARNING' ? 'WARNING' : 'ALLOWED',
    reasonCode: last?.reasonCode,
    policyName: last?.policyName,
    budgetName: undefined,
    reason: last?.reason,
    retryAfterMs: undefined,
    reserved: last?.reserved,
    actual: last?.actual,
    estimated: last?.estimated ?? false,
    error: failed ? errorMessage(outcome.error) : undefined,
  };
}

function readCalls(inference: readonly ReadableSpan[], http: readonly HttpAttempt[]): CallRecord[] {
  const calls = inference.map((span) => {
    const attributes = span.attributes;
    const string = (key: string) => {
      const value = attributes[key];
      return typeof value === 'string' ? value : undefined;
    };
    const number = (key: string) => {
      const value = attributes[key];
      return typeof value === 'number' ? value : undefined;
    };
    const decision = string('genops.policy.result');
    const refused = decision === 'BLOCKED' || decision === 'RATE_LIMITED';
    const failed = !refused && span.status.code === 2; // SpanStatusCode.ERROR
    return {
      result: (failed ? 'ERROR' : (decision ?? 'ALLOWED')) as DecisionResult | 'ERROR',
      reasonCode: string('genops.policy.reason_code'),
      policyName: string('genops.policy.name'),
      reason: string('genops.policy.reason'),
      refused,
      reserved: number('genops.accounting.reserved'),
      actual: number('genops.accounting.actual'),
      estimated: attributes['genopsjs.accounting.incomplete'] === true,
      http: [] as HttpAttempt[],
      error: failed ? span.status.message : undefined,
    };
  });
  // Each HTTP attempt belongs to the last call that ran and had started when it was sent.
  for (const attempt of http) {
    let owner: (typeof calls)[number] | undefined;
    for (const [index, call] of calls.entries()) {
      const span = inference[index];
      if (call.refused || span === undefined) continue;
      if (owner === undefined || startMs(span) <= attempt.startedAtMs + 1) owner = call;
    }
    owner?.http.push(attempt);
  }
  return calls;
}

function readAlerts(inference: readonly ReadableSpan[]): BudgetAlert[] {
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
  return alerts;
}

function startMs(span: ReadableSpan): number {
  const [seconds, nanos] = span.startTime;
  return seconds * 1000 + nanos / 1e6;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
