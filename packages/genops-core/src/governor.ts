import { context as otelContext, type TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { Attribution } from './attribution.js';
import type { Awu } from './awu.js';
import type { AwuRequest, TokenUsage } from './awu-request.js';
import type { BudgetOptions } from './budget-options.js';
import type { Clock } from './clock.js';
import { GenOpsPolicyError } from './errors/genops-policy-error.js';
import type { TokenEstimator } from './estimators/token-estimator.js';
import { beginAwu } from './internal/begin-awu.js';
import type { EventDestination } from './internal/event-emitter.js';
import { resolveGovernor } from './internal/resolve-governor.js';
import type { GovernorErrorPhase } from './internal/runtime.js';
import type { BudgetSnapshot, Ledger } from './ledger/ledger.js';
import type { Estimate, GovernancePolicy, PolicyMode } from './policies/governance-policy.js';
import type { DEFAULT_PRICE_TABLE } from './pricing/default-price-table.js';
import type { PricingOptions } from './pricing/pricing-options.js';

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

/** What the function given to {@link Governor.execute} returns. */
export interface ExecuteResult<T> {
  readonly value: T;
  readonly usage?: TokenUsage;
}

/**
 * Governs AI work. Create one per application (or per configuration) with {@link createGovernor}.
 */
export interface Governor {
  /** The resolved default attribution. */
  readonly attribution: Readonly<Attribution>;
  readonly ledger: Ledger;
  readonly estimator: TokenEstimator;
  /** Accounting unit of every AWU. */
  readonly unit: string;
  /**
   * Pre-execution: opens the AWU span, estimates, evaluates policies and reserves. Resolves whether
   * or not execution is allowed: check `awu.decision.proceeds`. Rejects only with `GenOpsInputError`
   * for a malformed request (nothing reserved).
   */
  begin(request: AwuRequest): Promise<Awu>;
  /**
   * {@link Governor.begin} without scheduling when it need not wait: returns the AWU itself when
   * every policy that applies answered synchronously and the ledger implements `reserveSync` (the
   * in-memory default), else a promise of it. A malformed request throws `GenOpsInputError` (it is
   * checked before anything could wait); other failures may throw or reject. For framework adapters
   * on a host's hot path, where a microtask per call is measurable; everything else should use
   * `begin`. The GenOps adapters call this method, so a wrapper around a governor must wrap both.
   *
   * @example
   * ```ts
   * const begun = governor.beginEager(request);
   * // Test for a promise with `then` (an app may replace the global Promise).
   * const awu = 'then' in begun ? await begun : begun;
   * ```
   */
  beginEager(request: AwuRequest): Awu | Promise<Awu>;
  /**
   * The whole lifecycle around `run`: begin, run inside the AWU's context, then settle (or fail and
   * rethrow). Rejects with `GenOpsPolicyError` without calling `run` when execution is refused.
   */
  execute<T>(request: AwuRequest, run: (awu: Awu) => Promise<ExecuteResult<T>>): Promise<T>;
  /**
   * The reservation estimate of a request, without side effects. Counting needs the model's
   * tokenizer loaded (by an earlier call for the model, or `await governor.estimator.ready?.(model)`).
   */
  estimate(request: AwuRequest): Estimate;
  /** Current state of a budget (for a scoped budget, the instance selected by `attribution`). */
  snapshot(budget: string, attribution?: Partial<Attribution>): Promise<BudgetSnapshot | undefined>;
  /** Waits for every pending settle, release and renew, then flushes the ledger. */
  flush(): Promise<void>;
  /** Flushes, then frees the estimator the governor created. The governor must not be used afterwards. */
  shutdown(): Promise<void>;
}

/**
 * Creates a governor.
 *
 * @example
 * ```ts
 * const governor = createGovernor({
 *   attribution: { team: 'support', project: 'helpdesk-bot', environment: 'production' },
 *   budgets: [{ name: 'support-monthly', scope: { team: 'support' }, limit: 2_000_000, unit: 'tokens', period: 'month', alertAt: [0.8] }],
 * });
 * const answer = await governor.execute(
 *   { operation: { name: 'chat gpt-4o', type: 'inference' }, model: 'gpt-4o', input: { text: 'Hi' }, maxOutputTokens: 200 },
 *   async () => { const r = await callModel(); return { value: r.text, usage: r.usage }; },
 * );
 * ```
 */
export function createGovernor(options: GovernorOptions): Governor {
  const resolved = resolveGovernor(options);
  const { runtime, attribution, estimator, ownsEstimator, budgets } = resolved;

  const governor: Governor = {
    attribution,
    ledger: runtime.ledger,
    estimator,
    unit: runtime.meter.unit,
    begin(request) {
      try {
        return Promise.resolve(beginAwu(resolved, request));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    beginEager: (request) => beginAwu(resolved, request),
    async execute(request, run) {
      const awu = await beginAwu(resolved, request);
      if (!awu.decision.proceeds) throw new GenOpsPolicyError(awu.decision);
      let result: ExecuteResult<Awaited<ReturnType<typeof run>>['value']>;
      try {
        result = await otelContext.with(awu.context, run, undefined, awu);
      } catch (error) {
        void awu.fail(error);
        throw error;
      }
      void awu.settle(result.usage === undefined ? {} : { usage: result.usage });
      return result.value;
    },
    estimate: (request) => resolved.estimate(request),
    snapshot(budget, scope = {}) {
      const compiled = budgets.find((candidate) => candidate.name === budget);
      const key = compiled?.keyFor({ ...attribution, ...scope } as Attribution);
      return runtime.ledger.snapshot(budget, key ?? budget);
    },
    async flush() {
      await runtime.pending.idle();
      await runtime.ledger.flush?.();
    },
    async shutdown() {
      await governor.flush();
      if (ownsEstimator) estimator.dispose?.();
    },
  };
  return governor;
}
