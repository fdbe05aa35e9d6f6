import type { Governor } from '@genops/core';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { ChatModelChoice } from '../model-choice.js';
import type { AwuRecorder } from '../telemetry/awu-recorder.js';
import { type AnswerTurnContext, answerTurn } from './answer-turn.js';
import { type BudgetView, readBudgetViews } from './budget-view.js';
import type { ChatEngine } from './chat-engine.js';
import { createChatInput } from './chat-input.js';
import { ChatNotices, describeError } from './chat-notices.js';
import { createChatScreen } from './chat-screen.js';
import { formatBanner } from './format-banner.js';
import { formatSummary } from './format-summary.js';
import { HttpAttemptLog } from './http-attempt-log.js';
import { colorsWanted, createPaint } from './paint.js';
import {
  type ChatSettings,
  runSlashCommand,
  type SlashCommandContext,
} from './run-slash-command.js';
import { parseSlashCommand } from './slash-command.js';
import type { TurnRecord } from './turn-record.js';

/** Options of {@link runChatSession}. */
export interface RunChatSessionOptions {
  /** The chatbot's name in the banner, e.g. `AI SDK chatbot`. */
  readonly title: string;
  readonly engine: ChatEngine;
  readonly governor: Governor;
  readonly config: ChatbotGovernanceConfig;
  /** The AWU spans of the governor's tracer provider. */
  readonly recorder: AwuRecorder;
  readonly modelChoice: ChatModelChoice;
  /** Where the telemetry goes, for the banner. */
  readonly telemetryFile: string;
  readonly otlpEndpoint?: string | undefined;
  /** What the ledger is, for the banner. */
  readonly ledgerLabel: string;
  /** The budgets are shared with other processes (Redis). Default: `false`. */
  readonly sharedLedger?: boolean;
  /**
   * What is wrong with the ledger now and how to fix it, in one line (Redis unreachable), shown
   * under a refusal with `x_ledger_unavailable`. Default: none.
   */
  readonly ledgerProblem?: () => string | undefined;
  /** Warnings for the banner (a service found unreachable at start-up). Default: none. */
  readonly startupWarnings?: readonly string[];
  /** Models allowed on top of the config's allow-list, for the banner and `/model`. */
  readonly extraAllowedModels?: readonly string[];
  /** Retries per answer the engine was given, for the banner and retried calls. */
  readonly maxRetries?: number;
  /** The HTTP requests of the engine's provider client. Default: none recorded. */
  readonly httpLog?: HttpAttemptLog;
  /** Warnings of the run (telemetry, ledger writes), printed between turns. Default: a new one. */
  readonly notices?: ChatNotices;
  /** User turns: a terminal, or a script (one turn or command per line). */
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompt and line editing. Default: whether `input` is a terminal. */
  readonly interactive?: boolean;
  /** Default: colours when `output` is a terminal (`NO_COLOR` / `FORCE_COLOR` respected). */
  readonly color?: boolean;
  /** The first customer. Default: `acme`. */
  readonly customerId?: string;
  /**
   * Makes this process's conversation ids unique (`acme-1-<tag>`), so that processes sharing a
   * ledger do not share session ids. Default: a random 4-character tag.
   */
  readonly sessionTag?: string;
}

/** What a session did. */
export interface ChatSessionReport {
  readonly turns: readonly TurnRecord[];
  /** The budgets at exit. */
  readonly budgets: readonly BudgetView[];
  /** How the session ended: the script or Ctrl-D (`eof`), `/quit`, or Ctrl-C twice (`interrupt`). */
  readonly ended: 'eof' | 'quit' | 'interrupt';
}

/**
 * Runs a chat: reads user turns (interactively, or a script when stdin is not a terminal: one
 * turn per line, `/commands`, `#` comments printed as narration), streams each answer, prints a
 * status line after it (decision, reserved → actual, budgets left, latency vs SLA) or a refusal
 * message (policy, reason, retry-after) and goes on; at the end prints a summary table per budget.
 * A fault (a ledger or a model server that does not answer) is a status line, never a stack trace.
 *
 * @example
 * ```ts
 * const report = await runChatSession({ title: 'AI SDK chatbot', engine, governor, config, recorder,
 *   modelChoice, telemetryFile, ledgerLabel, input: process.stdin, output: process.stdout });
 * ```
 */
export async function runChatSession(options: RunChatSessionOptions): Promise<ChatSessionReport> {
  const { governor, config, output } = options;
  const interactive = options.interactive ?? (options.input as { isTTY?: boolean }).isTTY === true;
  const paint = createPaint(options.color ?? colorsWanted(output));
  const screen = createChatScreen(output, paint);
  const notices = options.notices ?? new ChatNotices();
  const shared = options.sharedLedger === true;
  const printNotices = () => {
    for (const notice of notices.drain()) screen.writeLines([paint('yellow', `  ⚠ ${notice}`)]);
  };
  const flushGovernor = async () => {
    try {
      await governor.flush();
    } catch (error) {
      // A ledger known to be down is already on screen (refusals, its one-line fix); what stays
      // unwritten is reported at exit.
      if (options.ledgerProblem?.() !== undefined) return;
      const message = describeError(error);
      notices.warn(`flush:${message}`, `the ledger has not recorded everything yet: ${message}`);
    }
  };

  const settings: ChatSettings = {
    customerId: options.customerId ?? 'acme',
    model: options.modelChoice.defaultModel,
    maxOutputTokens: config.maxOutputTokens,
    conversation: 1,
  };
  const tag = options.sessionTag ?? Math.random().toString(36).slice(2, 6);
  const sessionId = () => `${settings.customerId}-${settings.conversation}-${tag}`;
  /** Customers with at least one turn, for the budget tables. */
  const customers = new Set<string>();
  const customersShown = () => (customers.size === 0 ? [settings.customerId] : [...customers]);
  const records: TurnRecord[] = [];
  const allowedModels = [...config.modelAllowList.allow, ...(options.extraAllowedModels ?? [])];
  const showBudgets = async () => {
    await flushGovernor();
    const budgets = await readBudgetViews(governor, config, customersShown());
    screen.writeLines(formatSummary(budgets, records, paint, { shared }));
    return budgets;
  };

  screen.writeLines(
    formatBanner({ ...options, interactive, paint, allowedModels, width: screen.width() }),
  );
  for (const warning of options.startupWarnings ?? []) {
    screen.writeLines([paint('yellow', `  ⚠ ${warning}`)]);
  }
  printNotices();
  if (interactive) screen.write('\n');

  const input = createChatInput({ input: options.input, output, interactive });
  const turnContext: AnswerTurnContext = {
    engine: options.engine,
    governor,
    config,
    recorder: options.recorder,
    httpLog: options.httpLog ?? new HttpAttemptLog(),
    input,
    screen,
    shared,
    maxRetries: options.maxRetries,
    ledgerProblem: options.ledgerProblem,
    flushGovernor,
  };
  const commandContext: SlashCommandContext = {
    settings,
    screen,
    allowedModels,
    sessionId,
    showBudgets: async () => {
      await showBudgets();
    },
  };

  let inComment = false;
  let ended: ChatSessionReport['ended'] = 'eof';
  try {
    for (;;) {
      const promptText = `${paint('cyan', settings.customerId)} ${paint('dim', '›')} `;
      const event = await input.next(promptText);
      if (event.kind === 'end') {
        ended = event.reason;
        break;
      }
      const line = event.text.trim();
      // Script comments are narration; a block of them gets one blank line before it. Typed at
      // the keyboard, a line starting with `#` is a question like any other.
      if (!interactive && line.startsWith('#')) {
        screen.write(`${inComment ? '' : '\n'}${paint('cyan', line)}\n`);
        inComment = true;
        continue;
      }
      inComment = false;
      if (line === '') continue;
      if (!interactive) screen.write(`${promptText}${line}\n`);
      if (event.lines > 1) {
        screen.writeLines([paint('dim', `  (${event.lines} lines pasted: one question)`)]);
      }
      if (line.startsWith('/')) {
        const quit = await runSlashCommand(parseSlashCommand(line), commandContext);
        printNotices();
        if (quit) {
          ended = 'quit';
          break;
        }
        continue;
      }
      customers.add(settings.customerId);
      const { customerId, model, maxOutputTokens } = settings;
      const turn = { sessionId: sessionId(), customerId, model, maxOutputTokens, question: line };
      const answered = await answerTurn(
        { ...turn, feature: config.feature, slaTier: config.sla.tier },
        turnContext,
      );
      records.push(answered.record);
      printNotices();
      if (answered.quit) {
        ended = 'interrupt';
        break;
      }
    }
  } finally {
    input.close();
  }

  screen.write('\n');
  const budgets = await showBudgets();
  printNotices();
  return { turns: records, budgets, ended };
}
