import type { TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { BudgetOptions } from './accounting/budget-options.js';
import type { Attribution } from './attribution/attribution.js';
import type { Clock } from './clock.js';
import type { PolicyMode } from './decision/policy-mode.js';
import type { TokenEstimator } from './estimators/token-estimator.js';
import type { Ledger } from './ledger/ledger.js';
import type { GovernancePolicy } from './policies/governance-policy.js';
import type { DEFAULT_PRICE_TABLE } from './pricing/default-price-table.js';
import type { PricingOptions } from './pricing/pricing-options.js';
import type { EventDestination } from './telemetry/event-emitter.js';

/** What an error report is about. */
export type GovernorErrorPhase =
  | 'policy'
  | 'reserve'
  | 'settle'
  | 'release'
  | 'renew'
  | 'observe'
  | 'telemetry'
  | 'lifecycle';

/** Information passed to {@link GovernorOptions.onError}. */
export interface GovernorErrorInfo {
  readonly phase: GovernorErrorPhase;
  readonly awuId: string | undefined;
}

/**
 * Options of {@link createGovernor}. Everything is validated once, at creation; a bad option throws
 * a `GenOpsConfigError` naming the field.
 */
export interface GovernorOptions {
  /** Default attribution of every AWU; `team`, `project` and `environment` are required. */
  attribution: Attribution;
  /** Budgets (see {@link BudgetOptions}). Default: none. */
  budgets?: readonly BudgetOptions[];
  /**
   * Other policies (`rateLimit`, `modelPolicy`, `regionPolicy`, `contentPolicy`, `maxOutputTokens`,
   * `sla`, `definePolicy`), evaluated in order (see {@link GovernancePolicy} and `docs/policies.md`).
   * Their options are validated here: a bad option throws `GenOpsConfigError` naming
   * `policies[i].<field>`. Default: none.
   */
  policies?: readonly GovernancePolicy[];
  /** Where budget and rate-limit state lives. Default: a new `InMemoryLedger`. */
  ledger?: Ledger;
  /**
   * Token estimator. Default: `createGptTokenizerEstimator()` (exact OpenAI counts, pure
   * JavaScript, every runtime), which loads a model's tokenizer the first time a call needs it.
   * Also: `createTiktokenEstimator()` from `@genops/core/tiktoken`, `createHeuristicEstimator()`.
   */
  estimator?: TokenEstimator;
  /**
   * Models whose tokenizer starts loading at creation, in the background (`true`: the tokenizer of
   * unknown models, `o200k_base`). Default: `false`: each tokenizer loads when a call first needs it,
   * and that call waits for it; creating a governor does no tokenizer work.
   */
  warmup?: boolean | readonly string[];
  /**
   * Accounting unit (`genops.accounting.unit`) of reservations, actuals, budgets and run limits:
   * `tokens` (input plus output tokens) or `USD` (tokens priced with `pricing`; see
   * `docs/pricing.md`). Budgets must use the same unit. Default: `tokens`.
   */
  unit?: 'tokens' | 'USD';
  /**
   * Model prices. Under `unit: 'USD'` they turn tokens into dollars (default: the shipped
   * {@link DEFAULT_PRICE_TABLE}); a model without a price is refused with `x_price_unknown` by the
   * built-in `pricing` policy unless `pricing.fallback` is set. With either unit, a governor with
   * prices sets `genops.cost.*` and emits `genops.cost.calculated` when an AWU settles.
   * Default: none under `tokens`, the default table under `USD`.
   *
   * @example
   * ```ts
   * createGovernor({ attribution, unit: 'USD', pricing: { models: { 'acme:llm-1': { inputPerMillion: 1, outputPerMillion: 4 } } },
   *   budgets: [{ name: 'monthly', limit: 500, unit: 'USD', period: 'month' }] });
   * ```
   */
  pricing?: PricingOptions;
  /**
   * The SLA tiers this governor knows. When set, an `sla()` policy for any other tier is a
   * configuration error (`policies[i].tier`). Default: any tier is accepted.
   */
  slaTiers?: readonly string[];
  /** Output tokens reserved when a call sets no cap. Default: 4096. */
  defaultMaxOutputTokens?: number;
  /**
   * `shadow` evaluates everything and never refuses: a refusal (BLOCKED, RATE_LIMITED) is recorded
   * as a `WARNING` with the refusing reason code and `genopsjs.policy.shadowed: true`, and the AWU
   * proceeds. A policy's or budget's own `mode` overrides it. Default: `enforce`.
   */
  mode?: PolicyMode;
  /** Where GenOps events are emitted: span events, log records or both. Default: `span`. */
  events?: EventDestination;
  /** Default: the global tracer provider. */
  tracerProvider?: TracerProvider;
  /** Default: the global logger provider (only used when `events` includes logs). */
  loggerProvider?: LoggerProvider;
  /** Default: the system clock. */
  clock?: Clock;
  /** Reservation lease, ms: a reservation not settled by then is released. Default: 300,000 (5 min). */
  leaseMs?: number;
  /**
   * Receives errors from side effects (ledger writes, telemetry, user policies) that GenOps never
   * throws into the host call. Default: `console.warn`.
   */
  onError?: (error: unknown, info: GovernorErrorInfo) => void;
}
