export {
  createTestTelemetry,
  type TestTelemetry,
  type TestTelemetryOptions,
} from './create-test-telemetry.js';
