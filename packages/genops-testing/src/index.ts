export {
  createTestTelemetry,
  type TestTelemetry,
  type TestTelemetryOptions,
} from './create-test-telemetry.js';
export { summarizeAwuTree } from './summarize-awu-tree.js';
export { type SpanSummary, summarizeSpans } from './summarize-spans.js';
