import {
  createGovernor,
  type Governor,
  type GovernorOptions,
  type TokenEstimator,
} from '@genops/core';
import { createTiktokenEstimator } from '@genops/core/tiktoken';
import type { TestTelemetry } from '@genops/testing';

let shared: TokenEstimator | undefined;

/**
 * Test support: a governor with a fixed attribution, a monthly budget, 200 output tokens reserved
 * by default, the test telemetry's tracer provider, one tiktoken estimator shared by every test,
 * and errors collected instead of logged.
 */
export function createTestGovernor(
  telemetry: TestTelemetry,
  overrides: Partial<GovernorOptions> = {},
): { governor: Governor; errors: unknown[] } {
  const errors: unknown[] = [];
  shared ??= createTiktokenEstimator();
  const governor = createGovernor({
    attribution: { team: 'ml-platform', project: 'helpdesk', environment: 'test' },
    budgets: [{ name: 'monthly', limit: 1_000_000, unit: 'tokens', period: 'month' }],
    defaultMaxOutputTokens: 200,
    estimator: shared,
    tracerProvider: telemetry.tracerProvider,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { governor, errors };
}
