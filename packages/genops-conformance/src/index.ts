export type { CheckOptions } from './check/check-options.js';
export { checkSpans } from './check/check-spans.js';
export { checkTelemetry } from './check/check-telemetry.js';
export type {
  HrTimeLike,
  ReadableLogRecordLike,
  ReadableSpanLike,
  SpanContextLike,
  TimedEventLike,
} from './model/sdk-inputs.js';
export type {
  Telemetry,
  TelemetryAttributes,
  TelemetryEvent,
  TelemetryLogRecord,
  TelemetrySpan,
} from './model/telemetry.js';
export type { LogRecordInput, SpanInput, TelemetryInput } from './model/telemetry-input.js';
export { fromReadableLogRecord } from './readers/from-readable-log-record.js';
export { fromReadableSpan } from './readers/from-readable-span.js';
export { type ParseOtlpJsonOptions, parseOtlpJson } from './readers/parse-otlp-json.js';
export { type ReadOtlpJsonOptions, readOtlpJson } from './readers/read-otlp-json.js';
export { readTelemetryFiles } from './readers/read-telemetry-files.js';
export {
  TelemetryReadError,
  type TelemetryReadErrorOptions,
} from './readers/telemetry-read-error.js';
export {
  ALWAYS_REQUIRED_ATTRIBUTES,
  ATTRIBUTE_REGISTRY,
  ATTRIBUTION_ATTRIBUTES,
  type AttributeDefinition,
  type AttributeRequirement,
  type AttributeType,
  CUSTOMER_CONTEXT_ATTRIBUTES,
  GENOPS_NAMESPACE_PREFIX,
  SLA_ATTRIBUTES,
} from './registry/attribute-registry.js';
export {
  DECISION_STATES,
  type DecisionState,
  isDecisionState,
  REFUSING_DECISION_STATES,
  SPEC_DECISION_SEVERITY,
} from './registry/decision-states.js';
export {
  EVENT_REGISTRY,
  type EventDefinition,
  type EventPhase,
  GENOPS_EVENTS,
} from './registry/event-registry.js';
export { isPlaceholderString, PLACEHOLDER_STRINGS } from './registry/placeholder-values.js';
export {
  EXTENSION_REASON_CODE_PATTERN,
  isSpecReasonCode,
  SPEC_REASON_CODES,
  type SpecReasonCode,
} from './registry/reason-codes.js';
export {
  getRule,
  RULES,
  type RuleCategory,
  type RuleDefinition,
  type RuleId,
  type Severity,
} from './registry/rule-registry.js';
export type { SpecReference } from './registry/spec-reference.js';
export {
  SPEC_VERSION,
  SPEC_VERSION_PATTERN,
  SUPPORTED_SPEC_VERSIONS,
} from './registry/spec-version.js';
export type { ConformanceReport, ReportCounts, Verdict } from './report/conformance-report.js';
export type { AwuRef, Finding } from './report/finding.js';
export { type FormatReportOptions, formatReport } from './report/format-report.js';
