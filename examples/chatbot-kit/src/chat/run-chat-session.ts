import { setTimeout as sleep } from 'node:timers/promises';
import type { Governor } from '@genops/core';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { ChatModelChoice } from '../model-choice.js';
import type { AwuRecorder } from '../telemetry/awu-recorder.js';
import { type BudgetView, readBudgetViews } from './budget-view.js';
import type { ChatEngine, ChatTurn } from './chat-engine.js';
import { type ChatInput, createChatInput } from './chat-input.js';
import { ChatNotices, describeError } from './chat-notices.js';
import { formatBanner } from './format-banner.js';
import { formatSummary } from './format-summary.js';
import { formatTurnStatus } from './format-turn-status.js';
import { historyHint } from './history-hint.js';
import { HttpAttemptLog } from './http-attempt-log.js';
import { colorsWanted, createPaint, plural } from './paint.js';
import { parseSlashCommand, SLASH_COMMAND_HELP } from './slash-command.js';
import { readTurnRecord, type TurnRecord } from './turn-record.js';
import { createStreamWrapper, displayWidth, wrapLines } from './wrap-text.js';

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
  const { engine, governor, config, recorder, output } = options;
  const interactive = options.interactive ?? (options.input as { isTTY?: boolean }).isTTY === true;
  const paint = createPaint(options.color ?? colorsWanted(output));
  const notices = options.notices ?? new ChatNotices();
  const httpLog = options.httpLog ?? new HttpAttemptLog();
  const shared = options.sharedLedger === true;
  const width = () => {
    const columns = (output as { columns?: number; isTTY?: boolean }).columns;
    return (output as { isTTY?: boolean }).isTTY === true &&
      typeof columns === 'number' &&
      columns > 0
      ? columns
      : undefined;
  };
  const write = (text: string) => output.write(text);
  const writeLines = (lines: readonly string[]) =>
    write(`${wrapLines(lines, width()).join('\n')}\n`);
  const printNotices = () => {
    for (const notice of notices.drain()) writeLines([paint('yellow', `  ⚠ ${notice}`)]);
  };
  const flushGovernor = async () => {
    try {
      await governor.flush();
    } catch (error) {
      // A ledger known to be down is already on screen (refusals, its one-line fix); what stays
      // unwritten is reported at exit.
      if (options.ledgerProblem?.() !== undefined) return;
      notices.warn(
        `flush:${describeError(error)}`,
        `the ledger has not recorded everything yet: ${describeError(error)}`,
      );
    }
  };

  let customerId = options.customerId ?? 'acme';
  let model = options.modelChoice.defaultModel;
  let maxOutputTokens = config.maxOutputTokens;
  let conversation = 1;
  const tag = options.sessionTag ?? Math.random().toString(36).slice(2, 6);
  const sessionId = () => `${customerId}-${conversation}-${tag}`;
  /** Customers with at least one turn, for the budget tables. */
  const customers = new Set<string>();
  const customersShown = () => (customers.size === 0 ? [customerId] : [...customers]);
  const records: TurnRecord[] = [];
  const allowed = [...config.modelAllowList.allow, ...(options.extraAllowedModels ?? [])];

  writeLines(
    formatBanner({ ...options, interactive, paint, allowedModels: allowed, width: width() }),
  );
  for (const warning of options.startupWarnings ?? []) {
    writeLines([paint('yellow', `  ⚠ ${warning}`)]);
  }
  printNotices();
  if (interactive) write('\n');
  const promptText = () => `${paint('cyan', customerId)} ${paint('dim', '›')} `;

  const input: ChatInput = createChatInput({ input: options.input, output, interactive });
  let quitAfterTurn = false;

  const ask = async (question: string) => {
    customers.add(customerId);
    const controller = new AbortController();
    const turn: ChatTurn = {
      sessionId: sessionId(),
      customerId,
      feature: config.feature,
      slaTier: config.sla.tier,
      model,
      maxOutputTokens,
      question,
      signal: controller.signal,
    };
    recorder.take();
    httpLog.take();
    const prefix = `${paint('bold', 'bot')} ${paint('dim', '›')} `;
    write(prefix);
    const wrapper = createStreamWrapper({
      width: width(),
      startColumn: displayWidth(prefix),
      write,
    });
    const endAnswering = input.answering({
      onStop: () => controller.abort(),
      onQuit: () => {
        quitAfterTurn = true;
        controller.abort();
      },
    });
    const startedMs = performance.now();
    let outcome: Awaited<ReturnType<ChatEngine['ask']>>;
    try {
      outcome = await engine.ask(turn, (delta) => wrapper.push(delta));
    } finally {
      endAnswering();
    }
    const latencyMs = performance.now() - startedMs;
    wrapper.finish();
    const answered =
      outcome.kind === 'answered' || (outcome.kind === 'stopped' && outcome.text !== '');
    write(
      answered
        ? '\n'
        : `${paint('dim', outcome.kind === 'stopped' ? '(stopped)' : '(no answer)')}\n`,
    );
    await flushGovernor();
    const record = readTurnRecord(turn, outcome, recorder.take(), latencyMs, httpLog.take());
    records.push(record);
    const budgets = await readBudgetViews(governor, config, [customerId]);
    const hints: string[] = [];
    if (record.reasonCode === 'x_ledger_unavailable') {
      const problem = options.ledgerProblem?.();
      if (problem !== undefined) hints.push(problem);
    }
    const fit = await historyHint({ record, turn, budgets, engine, config });
    if (fit !== undefined) hints.push(fit);
    if (record.stopped && interactive && !quitAfterTurn) hints.push('Ctrl-C again quits');
    writeLines(
      formatTurnStatus({
        record,
        budgets,
        slaTier: config.sla.tier,
        slaTargetMs: config.sla.latencyTargetMs,
        paint,
        shared,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        hints,
      }),
    );
  };

  /** Runs one line; resolves `true` to quit. */
  const handleLine = async (line: string): Promise<boolean> => {
    if (line.trim() === '') return false;
    if (!line.startsWith('/')) {
      await ask(line);
      return false;
    }
    const command = parseSlashCommand(line);
    const note = (text: string) => writeLines([paint('dim', `  (${text})`)]);
    switch (command.name) {
      case 'help':
        writeLines(SLASH_COMMAND_HELP.map((text) => `  ${text}`));
        break;
      case 'quit':
        return true;
      case 'budgets':
        await flushGovernor();
        writeLines(
          formatSummary(await readBudgetViews(governor, config, customersShown()), records, paint, {
            shared,
          }),
        );
        break;
      case 'new':
        conversation += 1;
        note(`new conversation ${sessionId()}: empty history`);
        break;
      case 'customer':
        customerId = command.customerId;
        conversation = 1;
        note(`now talking as customer ${customerId}, conversation ${sessionId()}`);
        break;
      case 'model':
        if (command.model === undefined) {
          note(`model: ${model} · allowed: ${allowed.join(', ')} · /model <id> to change`);
        } else {
          model = command.model;
          note(`model: ${model}`);
        }
        break;
      case 'max-tokens':
        if (command.maxOutputTokens === undefined) {
          note(
            `output cap: ${plural(maxOutputTokens, 'token')} per answer · /max-tokens <n> to change`,
          );
        } else {
          maxOutputTokens = command.maxOutputTokens;
          note(`output cap: ${plural(maxOutputTokens, 'token')} per answer`);
        }
        break;
      case 'sleep':
        note(`waiting ${command.seconds} s`);
        await sleep(command.seconds * 1000);
        break;
      case 'invalid':
        writeLines([paint('yellow', `  ${command.message}`)]);
        break;
    }
    return false;
  };

  let inComment = false;
  let ended: ChatSessionReport['ended'] = 'eof';
  try {
    for (;;) {
      const event = await input.next(promptText());
      if (event.kind === 'end') {
        ended = event.reason;
        break;
      }
      const line = event.text.trim();
      // Script comments are narration; a block of them gets one blank line before it. Typed at
      // the keyboard, a line starting with `#` is a question like any other.
      if (!interactive && line.startsWith('#')) {
        write(`${inComment ? '' : '\n'}${paint('cyan', line)}\n`);
        inComment = true;
        continue;
      }
      inComment = false;
      if (!interactive && line !== '') write(`${promptText()}${line}\n`);
      if (interactive && event.lines > 1) {
        writeLines([paint('dim', `  (${event.lines} lines pasted: one question)`)]);
      }
      const quit = await handleLine(line);
      printNotices();
      if (quit) {
        ended = 'quit';
        break;
      }
      if (quitAfterTurn) {
        ended = 'interrupt';
        break;
      }
    }
  } finally {
    input.close();
  }

  await flushGovernor();
  const budgets = await readBudgetViews(governor, config, customersShown());
  write('\n');
  writeLines(formatSummary(budgets, records, paint, { shared }));
  printNotices();
  return { turns: records, budgets, ended };
}
