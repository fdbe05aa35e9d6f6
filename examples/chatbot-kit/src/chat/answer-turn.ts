import type { Governor } from '@genops/core';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { AwuRecorder } from '../telemetry/awu-recorder.js';
import { readBudgetViews } from './budget-view.js';
import type { ChatEngine, ChatTurn, ChatTurnOutcome } from './chat-engine.js';
import type { ChatInput } from './chat-input.js';
import type { ChatScreen } from './chat-screen.js';
import { formatTurnStatus } from './format-turn-status.js';
import { historyHint } from './history-hint.js';
import type { HttpAttemptLog } from './http-attempt-log.js';
import { readTurnRecord, type TurnRecord } from './turn-record.js';
import { createStreamWrapper, displayWidth } from './wrap-text.js';

/** What {@link answerTurn} needs besides the turn. */
export interface AnswerTurnContext {
  readonly engine: ChatEngine;
  readonly governor: Governor;
  readonly config: ChatbotGovernanceConfig;
  readonly recorder: AwuRecorder;
  readonly httpLog: HttpAttemptLog;
  readonly input: ChatInput;
  readonly screen: ChatScreen;
  /** Budgets shared with other processes (Redis). */
  readonly shared: boolean;
  readonly maxRetries: number | undefined;
  /** The ledger's current problem and fix, for an `x_ledger_unavailable` refusal. */
  readonly ledgerProblem: (() => string | undefined) | undefined;
  /** Waits until the ledger has settled what is pending (never rejects). */
  flushGovernor(): Promise<void>;
}

/** What a turn did, and whether the user asked to quit during it (Ctrl-D, Ctrl-C twice). */
export interface AnsweredTurn {
  readonly record: TurnRecord;
  readonly quit: boolean;
}

/**
 * Answers one question: streams the answer (wrapped; Ctrl-C stops it and aborts the provider's
 * stream), then prints the status lines read from the turn's AWU spans, the HTTP attempts and the
 * ledger — with the hints that apply (how to fix the ledger, `/new`, Ctrl-C again quits).
 *
 * @example
 * ```ts
 * const { record, quit } = await answerTurn(turn, context);
 * ```
 */
export async function answerTurn(
  turn: Omit<ChatTurn, 'signal'>,
  context: AnswerTurnContext,
): Promise<AnsweredTurn> {
  const { engine, governor, config, recorder, httpLog, screen } = context;
  const { paint } = screen;
  const controller = new AbortController();
  let quit = false;
  recorder.take();
  httpLog.take();
  const prefix = `${paint('bold', 'bot')} ${paint('dim', '›')} `;
  screen.write(prefix);
  const wrapper = createStreamWrapper({
    width: screen.width(),
    startColumn: displayWidth(prefix),
    write: screen.write,
  });
  const endAnswering = context.input.answering({
    onStop: () => controller.abort(),
    onQuit: () => {
      quit = true;
      controller.abort();
    },
  });
  const startedMs = performance.now();
  const asked: ChatTurn = { ...turn, signal: controller.signal };
  let outcome: ChatTurnOutcome;
  try {
    outcome = await engine.ask(asked, (delta) => wrapper.push(delta));
  } finally {
    endAnswering();
  }
  const latencyMs = performance.now() - startedMs;
  wrapper.finish();
  const shown = outcome.kind === 'answered' || (outcome.kind === 'stopped' && outcome.text !== '');
  const none = outcome.kind === 'stopped' ? '(stopped)' : '(no answer)';
  screen.write(shown ? '\n' : `${paint('dim', none)}\n`);

  await context.flushGovernor();
  const record = readTurnRecord(asked, outcome, recorder.take(), latencyMs, httpLog.take());
  const budgets = await readBudgetViews(governor, config, [turn.customerId]);
  const hints: string[] = [];
  if (record.reasonCode === 'x_ledger_unavailable') {
    const problem = context.ledgerProblem?.();
    if (problem !== undefined) hints.push(problem);
  }
  const fit = await historyHint({ record, turn: asked, budgets, engine, config });
  if (fit !== undefined) hints.push(fit);
  if (record.stopped && context.input.interactive && !quit) hints.push('Ctrl-C again quits');
  screen.writeLines(
    formatTurnStatus({
      record,
      budgets,
      slaTier: config.sla.tier,
      slaTargetMs: config.sla.latencyTargetMs,
      paint,
      shared: context.shared,
      ...(context.maxRetries === undefined ? {} : { maxRetries: context.maxRetries }),
      hints,
    }),
  );
  return { record, quit };
}
