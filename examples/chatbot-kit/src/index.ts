export { type BudgetView, readBudgetViews } from './chat/budget-view.js';
export {
  type ChatEngine,
  type ChatTurn,
  type ChatTurnOutcome,
  outcomeOfError,
} from './chat/chat-engine.js';
export {
  colorsWanted,
  createPaint,
  formatMs,
  formatNumber,
  type Paint,
  type Style,
} from './chat/paint.js';
export {
  type ChatSessionReport,
  type RunChatSessionOptions,
  runChatSession,
} from './chat/run-chat-session.js';
export { parseSlashCommand, SLASH_COMMAND_HELP, type SlashCommand } from './chat/slash-command.js';
export type { BudgetAlert, TurnRecord } from './chat/turn-record.js';
export { type CreateChatGovernorOptions, createChatGovernor } from './create-chat-governor.js';
export {
  type ChatLedger,
  type CreateChatLedgerOptions,
  createChatLedger,
} from './create-chat-ledger.js';
export { DEMO_SESSION_FILE } from './demo-session-file.js';
export { displayPath } from './display-path.js';
export { type ChatbotGovernanceConfig, HELPDESK_GOVERNANCE } from './governance-config.js';
export {
  type ChatModelChoice,
  chooseChatModel,
  OFFLINE_MODEL_ID,
  OFFLINE_PROVIDER,
} from './model-choice.js';
export {
  type ComposeOfflineAnswerOptions,
  composeOfflineAnswer,
  type OfflineAnswer,
} from './offline/compose-offline-answer.js';
export {
  NO_LATENCY,
  type OfflineLatency,
  offlineLatencyFromEnv,
  REALISTIC_LATENCY,
  streamOfflineText,
} from './offline/offline-latency.js';
export {
  type ChatbotRun,
  type ChatEngineContext,
  type RunChatbotOptions,
  runChatbot,
} from './run-chatbot.js';
export { type ConformanceCheckRun, runConformanceCheck } from './run-conformance-check.js';
export { AwuRecorder } from './telemetry/awu-recorder.js';
export { OtlpJsonFileExporter } from './telemetry/otlp-json-file-exporter.js';
export {
  type ChatTelemetry,
  type SetupChatTelemetryOptions,
  setupChatTelemetry,
} from './telemetry/setup-chat-telemetry.js';
