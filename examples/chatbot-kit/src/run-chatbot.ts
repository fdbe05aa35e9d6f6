import type { Governor } from '@genops/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ChatEngine } from './chat/chat-engine.js';
import { colorsWanted, createPaint } from './chat/paint.js';
import { type ChatSessionReport, runChatSession } from './chat/run-chat-session.js';
import { createChatGovernor } from './create-chat-governor.js';
import { createChatLedger } from './create-chat-ledger.js';
import { displayPath } from './display-path.js';
import { type ChatbotGovernanceConfig, HELPDESK_GOVERNANCE } from './governance-config.js';
import { type ChatModelChoice, chooseChatModel } from './model-choice.js';
import { type OfflineLatency, offlineLatencyFromEnv } from './offline/offline-latency.js';
import { setupChatTelemetry } from './telemetry/setup-chat-telemetry.js';

/** What a chatbot's framework side gets to build its engine. */
export interface ChatEngineContext {
  readonly governor: Governor;
  readonly modelChoice: ChatModelChoice;
  /** The offline model's latency. */
  readonly latency: OfflineLatency;
  readonly config: ChatbotGovernanceConfig;
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
   * `GENOPS_OFFLINE`, `GENOPS_OFFLINE_LATENCY`, `GENOPS_REDIS_URL`, `GENOPS_REDIS_PREFIX`,
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
}

/**
 * Runs a governed chatbot end to end: chooses the model (offline unless a provider is
 * configured), sets up telemetry (OTLP/JSON file, plus OTLP when configured), the ledger (Redis
 * when `GENOPS_REDIS_URL` is set) and the governor from the config, runs the chat, then flushes
 * and closes everything.
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
  const modelChoice = chooseChatModel(options.offline === true ? { GENOPS_OFFLINE: '1' } : env);
  const latency = options.latency ?? offlineLatencyFromEnv(env);
  const telemetry = setupChatTelemetry({
    serviceName: options.serviceName,
    env,
    ...(options.telemetryFile === undefined ? {} : { file: options.telemetryFile }),
  });
  const ledger = await createChatLedger({
    redisUrl: env.GENOPS_REDIS_URL,
    ...(env.GENOPS_REDIS_PREFIX ? { keyPrefix: env.GENOPS_REDIS_PREFIX } : {}),
  });
  const governor = createChatGovernor({
    config,
    ledger: ledger.ledger,
    tracerProvider: telemetry.tracerProvider,
    // The model the user configured is allowed; `/model` can still ask for others.
    extraAllowedModels: modelChoice.kind === 'openai' ? [modelChoice.defaultModel] : [],
  });
  try {
    const engine = options.createEngine({ governor, modelChoice, latency, config });
    const report = await runChatSession({
      title: options.title,
      engine,
      governor,
      config,
      recorder: telemetry.recorder,
      modelChoice,
      telemetryFile: telemetry.file,
      otlpEndpoint: telemetry.otlpEndpoint,
      ledgerLabel: ledger.label,
      input: options.input ?? process.stdin,
      output,
      ...(options.interactive === undefined ? {} : { interactive: options.interactive }),
      ...(options.color === undefined ? {} : { color: options.color }),
    });
    await governor.flush();
    const paint = createPaint(options.color ?? colorsWanted(output, env));
    const file = displayPath(telemetry.file, env);
    output.write(
      `\n${paint('bold', 'Telemetry')}  ${telemetry.recorder.all.length} AWU spans written to ${file}` +
        `${paint('dim', ` — check them: npx -y pnpm@12 conformance check ${file}`)}\n`,
    );
    return { ...report, telemetryFile: telemetry.file, spans: telemetry.recorder.all };
  } finally {
    await governor.shutdown();
    await ledger.close();
    await telemetry.shutdown();
  }
}
