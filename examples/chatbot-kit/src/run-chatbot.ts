import type { Governor } from '@genops/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ChatEngine } from './chat/chat-engine.js';
import { ChatNotices, describeError } from './chat/chat-notices.js';
import { HttpAttemptLog } from './chat/http-attempt-log.js';
import { colorsWanted, createPaint } from './chat/paint.js';
import { type ChatSessionReport, runChatSession } from './chat/run-chat-session.js';
import { wrapLine } from './chat/wrap-text.js';
import { createChatGovernor } from './create-chat-governor.js';
import { type ChatLedger, createChatLedger } from './create-chat-ledger.js';
import { displayPath } from './display-path.js';
import { type ChatbotGovernanceConfig, HELPDESK_GOVERNANCE } from './governance-config.js';
import { type ChatModelChoice, chooseChatModel } from './model-choice.js';
import { type OfflineLatency, offlineLatencyFromEnv } from './offline/offline-latency.js';
import { type ChatTelemetry, setupChatTelemetry } from './telemetry/setup-chat-telemetry.js';

/** What a chatbot's framework side gets to build its engine. */
export interface ChatEngineContext {
  readonly governor: Governor;
  readonly modelChoice: ChatModelChoice;
  /** The offline model's latency. */
  readonly latency: OfflineLatency;
  readonly config: ChatbotGovernanceConfig;
  /** Give its `fetch` to the provider client: every HTTP attempt is then shown with its URL. */
  readonly httpLog: HttpAttemptLog;
  /** Retries per answer (`GENOPS_MAX_RETRIES`, default 1): set it on the framework's call. */
  readonly maxRetries: number;
}

/** Options of {@link runChatbot}. */
export interface RunChatbotOptions {
  /** The chatbot's name in the banner, e.g. `AI SDK chatbot`. */
  readonly title: string;
  /** `service.name`, and the default telemetry file name (`.genops/<serviceName>.otlp.jsonl`). */
  readonly serviceName: string;
  /** Builds the framework side. */
  readonly createEngine: (context: ChatEngineContext) => ChatEngine;
  /**
   * Default: `process.env`. Read from it: `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL`,
   * `GENOPS_OFFLINE`, `GENOPS_OFFLINE_LATENCY`, `GENOPS_MAX_RETRIES`, `GENOPS_REDIS_URL`, `GENOPS_REDIS_PREFIX`,
   * `GENOPS_TELEMETRY_FILE`, `OTEL_EXPORTER_OTLP_ENDPOINT` (and the other `OTEL_*` variables).
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: `process.stdin`. */
  readonly input?: NodeJS.ReadableStream;
  /** Default: `process.stdout`. */
  readonly output?: NodeJS.WritableStream;
  /** Default: whether `input` is a terminal. */
  readonly interactive?: boolean;
  /** Default: colours when `output` is a terminal. */
  readonly color?: boolean;
  /** Default: see `setupChatTelemetry`. */
  readonly telemetryFile?: string;
  /** Default: `HELPDESK_GOVERNANCE`. */
  readonly config?: ChatbotGovernanceConfig;
  /** The offline model's latency. Default: from `GENOPS_OFFLINE_LATENCY` (realistic). */
  readonly latency?: OfflineLatency;
  /** Use the offline model even when a provider is configured. Default: `false`. */
  readonly offline?: boolean;
}

/** What {@link runChatbot} returns. */
export interface ChatbotRun extends ChatSessionReport {
  /** The OTLP/JSON file the spans were written to. */
  readonly telemetryFile: string;
  /** Every AWU span of the session. */
  readonly spans: readonly ReadableSpan[];
  /** Every warning printed during the session (telemetry, ledger writes). */
  readonly warnings: readonly string[];
}

/**
 * Runs a governed chatbot end to end: chooses the model (offline unless a provider is
 * configured), sets up telemetry (OTLP/JSON file, plus OTLP when configured), the ledger (Redis
 * when `GENOPS_REDIS_URL` is set) and the governor from the config, checks that Redis and the OTLP
 * endpoint answer, runs the chat, then flushes and closes everything. A service that does not
 * answer is a warning line, never a stack trace: it resolves (the process exits 0) unless the
 * chat itself could not start.
 *
 * @example
 * ```ts
 * await runChatbot({ title: 'AI SDK chatbot', serviceName: 'ai-sdk-chatbot', createEngine: createAiSdkChatEngine });
 * ```
 */
export async function runChatbot(options: RunChatbotOptions): Promise<ChatbotRun> {
  const env = options.env ?? process.env;
  const config = options.config ?? HELPDESK_GOVERNANCE;
  const output = options.output ?? process.stdout;
  const paint = createPaint(options.color ?? colorsWanted(output, env));
  const writeLine = (line: string) => {
    const { isTTY, columns } = output as { isTTY?: boolean; columns?: number };
    output.write(`${wrapLine(line, isTTY === true ? columns : undefined).join('\n')}\n`);
  };
  const modelChoice = chooseChatModel(options.offline === true ? { GENOPS_OFFLINE: '1' } : env);
  const latency = options.latency ?? offlineLatencyFromEnv(env);
  const maxRetries = maxRetriesFromEnv(env);
  const notices = new ChatNotices();
  const telemetry = setupChatTelemetry({
    serviceName: options.serviceName,
    env,
    onExportError: (message) => notices.warn('otlp-export', message),
    ...(options.telemetryFile === undefined ? {} : { file: options.telemetryFile }),
  });
  const [ledger, otlpProblem] = await Promise.all([
    createChatLedger({
      redisUrl: env.GENOPS_REDIS_URL,
      ...(env.GENOPS_REDIS_PREFIX ? { keyPrefix: env.GENOPS_REDIS_PREFIX } : {}),
    }),
    telemetry.probe(),
  ]);
  // The model the user configured is allowed too (unless a pattern of the list already allows it).
  const extraAllowedModels =
    modelChoice.kind === 'openai' &&
    !config.modelAllowList.allow.some((pattern) => globMatches(pattern, modelChoice.defaultModel))
      ? [modelChoice.defaultModel]
      : [];
  const governor = createChatGovernor({
    config,
    ledger: ledger.ledger,
    tracerProvider: telemetry.tracerProvider,
    // The model the user configured is allowed; `/model` can still ask for others.
    extraAllowedModels,
    onError: (error, { phase }) => reportGovernorError(notices, error, phase),
  });
  const httpLog = new HttpAttemptLog();
  let report: ChatSessionReport;
  try {
    const engine = options.createEngine({
      governor,
      modelChoice,
      latency,
      config,
      httpLog,
      maxRetries,
    });
    report = await runChatSession({
      title: options.title,
      engine,
      governor,
      config,
      recorder: telemetry.recorder,
      modelChoice,
      telemetryFile: telemetry.file,
      otlpEndpoint: telemetry.otlpEndpoint,
      ledgerLabel: ledger.label,
      sharedLedger: ledger.shared,
      ledgerProblem: ledger.problem,
      startupWarnings: [ledger.startupProblem, otlpProblem].filter(
        (warning): warning is string => warning !== undefined,
      ),
      extraAllowedModels,
      maxRetries,
      httpLog,
      notices,
      input: options.input ?? process.stdin,
      output,
      ...(options.interactive === undefined ? {} : { interactive: options.interactive }),
      ...(options.color === undefined ? {} : { color: options.color }),
    });
  } finally {
    // Whatever happened, what is pending is written (or said not to be) and the process can exit.
    const warnings = await closeAll(governor, ledger, telemetry);
    for (const warning of warnings) writeLine(paint('yellow', `⚠ ${warning}`));
  }
  const file = displayPath(telemetry.file, env);
  const spans = telemetry.recorder.all.length;
  output.write('\n');
  writeLine(
    `${paint('bold', 'Telemetry')}  ${spans} AWU ${spans === 1 ? 'span' : 'spans'} written to ${file}` +
      `${paint('dim', ` — check them: npx -y pnpm@12 conformance check ${file}`)}`,
  );
  return {
    ...report,
    telemetryFile: telemetry.file,
    spans: telemetry.recorder.all,
    warnings: notices.all,
  };
}

function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`).test(value);
}

/** Retries per answer: `GENOPS_MAX_RETRIES` (a whole number from 0 to 5), default 1. */
function maxRetriesFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.GENOPS_MAX_RETRIES;
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 5) {
    throw new RangeError(
      `GENOPS_MAX_RETRIES must be a whole number from 0 to 5, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/**
 * What the governor cannot throw into a call, as one warning per kind of problem. A reservation
 * the ledger could not make is already a refusal on screen (`x_ledger_unavailable`).
 */
function reportGovernorError(notices: ChatNotices, error: unknown, phase: string): void {
  const message = describeError(error);
  if (phase === 'reserve' && /ledger unavailable/i.test(message)) return;
  if (phase === 'settle' || phase === 'release' || phase === 'renew') {
    notices.warn(
      `ledger-${phase}`,
      `the ledger could not record a ${phase} yet (${message}); it is kept and written when the ledger answers again`,
    );
    return;
  }
  notices.warn(`${phase}:${message}`, `genops ${phase}: ${message}`);
}

/** Flushes and shuts down the governor, the ledger and telemetry; the warnings of what failed. */
async function closeAll(
  governor: Governor,
  ledger: ChatLedger,
  telemetry: ChatTelemetry,
): Promise<string[]> {
  const warnings: string[] = [];
  try {
    await governor.shutdown();
  } catch {
    // The ledger's close below says what could not be written.
  }
  const ledgerWarning = await ledger.close();
  if (ledgerWarning !== undefined) warnings.push(ledgerWarning);
  const telemetryWarning = await telemetry.shutdown();
  if (telemetryWarning !== undefined) warnings.push(telemetryWarning);
  return warnings;
}
