import {
  type BudgetOptions,
  createGovernor,
  type GovernancePolicy,
  type Governor,
  type GovernorOptions,
  modelPolicy,
  rateLimit,
  type TokenEstimator,
} from '@genops/core';
import { createTiktokenEstimator } from '@genops/core/tiktoken';

/** Default attribution of test governors. */
export const TEST_ATTRIBUTION = {
  team: 'support',
  project: 'helpdesk-bot',
  environment: 'production',
} as const;

/** A fixed clock (2026-11-21T12:00Z), so budget periods and rate limits are deterministic. */
export const TEST_CLOCK = { nowMs: () => Date.UTC(2026, 10, 21, 12) };

/** Options of {@link createTestGovernor}. */
export interface TestGovernorOptions extends Partial<GovernorOptions> {
  budgets?: BudgetOptions[];
  policies?: GovernancePolicy[];
}

const reported: unknown[] = [];
let estimator: TokenEstimator | undefined;

/** One warmed-up tiktoken estimator shared by the governors of a test file (building one takes ~300 ms). */
export function sharedEstimator(): TokenEstimator {
  if (estimator === undefined) {
    estimator = createTiktokenEstimator();
    estimator.warmup?.(['gpt-4o', 'text-embedding-3-small']);
  }
  return estimator;
}

/** Errors the test governors reported through `onError` since the last call (then cleared). */
export function takeGovernorErrors(): unknown[] {
  return reported.splice(0);
}

/**
 * A governor for tests: tiktoken estimator (exact counts), in-memory ledger, fixed clock, and
 * `onError` collecting into {@link takeGovernorErrors} (assert it is empty after each test).
 */
export function createTestGovernor(options: TestGovernorOptions = {}): Governor {
  return createGovernor({
    attribution: TEST_ATTRIBUTION,
    clock: TEST_CLOCK,
    estimator: sharedEstimator(),
    onError: (error, info) => {
      reported.push(new Error(`governor ${info.phase} error`, { cause: error }));
    },
    ...options,
  });
}

/** A budget over every AWU of the governor, for one month. */
export function monthlyBudget(limit: number, extra: Partial<BudgetOptions> = {}): BudgetOptions {
  return { name: 'support-monthly', scope: { team: 'support' }, limit, period: 'month', ...extra };
}

/** Refuses one model with `POLICY_DENY_MODEL` (the core's `modelPolicy`). */
export function denyModel(model: string): GovernancePolicy {
  return modelPolicy({ name: 'approved-models', deny: [model] });
}

/** A request-rate limit of `perMinute` requests per minute with a burst of `burst` (the core's `rateLimit`). */
export function requestRate(perMinute: number, burst: number): GovernancePolicy {
  return rateLimit({ name: 'requests-per-minute', requestsPerMinute: perMinute, burst });
}
