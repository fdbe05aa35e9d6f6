import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Governor } from '@genops/core';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { ChatModelChoice } from '../model-choice.js';
import type { AwuRecorder } from '../telemetry/awu-recorder.js';
import { type BudgetView, readBudgetViews } from './budget-view.js';
import type { ChatEngine, ChatTurn } from './chat-engine.js';
import { formatBanner } from './format-banner.js';
import { formatSummary } from './format-summary.js';
import { formatTurnStatus } from './format-turn-status.js';
import { colorsWanted, createPaint } from './paint.js';
import { parseSlashCommand, SLASH_COMMAND_HELP } from './slash-command.js';
import { readTurnRecord, type TurnRecord } from './turn-record.js';

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
  /** User turns: a terminal, or a script (one turn or command per line). */
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompt and line editing. Default: whether `input` is a terminal. */
  readonly interactive?: boolean;
  /** Default: colours when `output` is a terminal (`NO_COLOR` / `FORCE_COLOR` respected). */
  readonly color?: boolean;
  /** The first customer. Default: `acme`. */
  readonly customerId?: string;
}

/** What a session did. */
export interface ChatSessionReport {
  readonly turns: readonly TurnRecord[];
  /** The budgets at exit. */
  readonly budgets: readonly BudgetView[];
}

/**
 * Runs a chat: reads user turns (interactively, or a script when stdin is not a terminal: one
 * turn per line, `/commands`, `#` comments printed as narration), streams each answer, prints a
 * status line after it (decision, reserved → actual, budgets left, latency vs SLA) or a refusal
 * message (policy, reason, retry-after) and goes on; at the end prints a summary table per budget.
 *
 * @example
 * ```ts
 * const report = await runChatSession({ title: 'AI SDK chatbot', engine, governor, config, recorder,
 *   modelChoice, telemetryFile, ledgerLabel, input: process.stdin, output: process.stdout });
 * ```
 */
export async function runChatSession(options: RunChatSessionOptions): Promise<ChatSessionReport> {
  const { engine, governor, config, recorder, input, output } = options;
  const interactive = options.interactive ?? (input as { isTTY?: boolean }).isTTY === true;
  const paint = createPaint(options.color ?? colorsWanted(output));
  const write = (text: string) => output.write(text);
  const writeLines = (lines: readonly string[]) => write(`${lines.join('\n')}\n`);

  let customerId = options.customerId ?? 'acme';
  let model = options.modelChoice.defaultModel;
  let maxOutputTokens = config.maxOutputTokens;
  let conversation = 1;
  const sessionId = () => `${customerId}-${conversation}`;
  /** Customers with at least one turn, for the budget tables. */
  const customers = new Set<string>();
  const customersShown = () => (customers.size === 0 ? [customerId] : [...customers]);
  const records: TurnRecord[] = [];

  writeLines(formatBanner({ ...options, interactive, paint }));
  if (interactive) write('\n');
  const promptText = () => `${paint('cyan', customerId)} ${paint('dim', '›')} `;

  const rl = createInterface({ input, output, terminal: interactive, historySize: 100 });
  rl.on('SIGINT', () => rl.close());
  if (interactive) {
    rl.setPrompt(promptText());
    rl.prompt();
  }

  const ask = async (question: string) => {
    customers.add(customerId);
    const turn: ChatTurn = {
      sessionId: sessionId(),
      customerId,
      feature: config.feature,
      slaTier: config.sla.tier,
      model,
      maxOutputTokens,
      question,
    };
    recorder.take();
    write(`${paint('bold', 'bot')} ${paint('dim', '›')} `);
    const startedMs = performance.now();
    const outcome = await engine.ask(turn, write);
    const latencyMs = performance.now() - startedMs;
    write(outcome.kind === 'answered' ? '\n' : `${paint('dim', '(no answer)')}\n`);
    await governor.flush();
    const record = readTurnRecord(turn, outcome, recorder.take(), latencyMs);
    records.push(record);
    const budgets = await readBudgetViews(governor, config, [customerId]);
    writeLines(
      formatTurnStatus({
        record,
        budgets,
        slaTier: config.sla.tier,
        slaTargetMs: config.sla.latencyTargetMs,
        paint,
      }),
    );
  };

  /** Runs one line; resolves `true` to quit. */
  const handleLine = async (line: string): Promise<boolean> => {
    if (line === '') return false;
    if (!line.startsWith('/')) {
      await ask(line);
      return false;
    }
    const command = parseSlashCommand(line);
    switch (command.name) {
      case 'help':
        writeLines(SLASH_COMMAND_HELP.map((text) => `  ${text}`));
        break;
      case 'quit':
        return true;
      case 'budgets':
        writeLines(
          formatSummary(await readBudgetViews(governor, config, customersShown()), records, paint),
        );
        break;
      case 'new':
        conversation += 1;
        writeLines([paint('dim', `  (new conversation ${sessionId()})`)]);
        break;
      case 'customer':
        customerId = command.customerId;
        conversation = 1;
        writeLines([
          paint('dim', `  (now talking as customer ${customerId}, conversation ${sessionId()})`),
        ]);
        break;
      case 'model':
        model = command.model;
        writeLines([paint('dim', `  (model: ${model})`)]);
        break;
      case 'max-tokens':
        maxOutputTokens = command.maxOutputTokens;
        writeLines([paint('dim', `  (output cap: ${maxOutputTokens} tokens per answer)`)]);
        break;
      case 'sleep':
        writeLines([paint('dim', `  (waiting ${command.seconds} s)`)]);
        await sleep(command.seconds * 1000);
        break;
      case 'invalid':
        writeLines([paint('yellow', `  ${command.message}`)]);
        break;
    }
    return false;
  };

  let inComment = false;
  for await (const raw of rl) {
    const line = raw.trim();
    let quit = false;
    if (line.startsWith('#')) {
      // Script comments are narration; a block of them gets one blank line before it.
      if (!interactive) write(`${inComment ? '' : '\n'}${paint('cyan', line)}\n`);
      inComment = true;
    } else {
      inComment = false;
      if (!interactive && line !== '') write(`${promptText()}${line}\n`);
      quit = await handleLine(line);
    }
    if (quit) break;
    if (interactive) {
      rl.setPrompt(promptText());
      rl.prompt();
    }
  }
  rl.close();

  await governor.flush();
  const budgets = await readBudgetViews(governor, config, customersShown());
  write('\n');
  writeLines(formatSummary(budgets, records, paint));
  return { turns: records, budgets };
}
