import { trace } from '@opentelemetry/api';
import { ATTRIBUTION_FIELDS, type Attribution } from '../attribution.js';
import type { AwuRequest } from '../awu-request.js';
import { systemClock } from '../clock.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { GenOpsInputError } from '../errors/genops-input-error.js';
import { createGptTokenizerEstimator } from '../estimators/create-gpt-tokenizer-estimator.js';
import type { TokenEstimator } from '../estimators/token-estimator.js';
import type { GovernorOptions } from '../governor.js';
import { InMemoryLedger } from '../ledger/in-memory-ledger.js';
import type {
  Estimate,
  GovernancePolicy,
  PolicyMode,
  PolicySetupContext,
} from '../policies/governance-policy.js';
import { setupPolicy, validateSlaTiers } from '../policies/internal/setup-policy.js';
import { createPriceCatalog, type PriceCatalog } from '../pricing/internal/price-catalog.js';
import { pricingGuard } from '../pricing/internal/pricing-guard.js';
import { allowedDecision } from './allowed-decision.js';
import { type CompiledBudget, compileBudget } from './compile-budget.js';
import { createEventEmitter } from './event-emitter.js';
import { isPlaceholder } from './is-placeholder.js';
import { type Meter, pricedTokenMeter, tokenMeter, usdMeter } from './meter.js';
import { PendingWork } from './pending-work.js';
import type { GovernorErrorPhase, Runtime } from './runtime.js';

/** @internal A governor's configuration, validated and resolved once. */
export interface ResolvedGovernor {
  readonly runtime: Runtime;
  readonly attribution: Readonly<Attribution>;
  readonly estimator: TokenEstimator;
  readonly ownsEstimator: boolean;
  readonly budgets: readonly CompiledBudget[];
  readonly mode: PolicyMode;
  readonly defaultMaxOutputTokens: number;
  /**
   * `undefined` when `estimate(request)` can count now, else a promise that the estimator has
   * loaded the tokenizer of the request's model (rejecting with a `GenOpsConfigError` when it
   * cannot load it).
   */
  estimatorReady(request: AwuRequest): Promise<void> | undefined;
  estimate(request: AwuRequest): Estimate;
}

const VERSION = '0.1.0';

/** @internal Validates every option and builds the runtime. Throws `GenOpsConfigError`. */
export function resolveGovernor(options: GovernorOptions): ResolvedGovernor {
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({
      field: 'options',
      expected: 'a GovernorOptions object',
      received: options,
    });
  }
  const {
    budgets = [],
    policies = [],
    unit = 'tokens',
    defaultMaxOutputTokens = 4096,
    mode = 'enforce',
    events = 'span',
    clock = systemClock,
    leaseMs = 300_000,
    warmup = false,
    onError = defaultOnError,
  } = options;

  const attribution = validateAttribution(options.attribution, 'attribution', true) as Attribution;
  if (unit !== 'tokens' && unit !== 'USD') {
    throw new GenOpsConfigError({ field: 'unit', expected: "'tokens' or 'USD'", received: unit });
  }
  if (typeof clock !== 'object' || clock === null || typeof clock.nowMs !== 'function') {
    throw new GenOpsConfigError({
      field: 'clock',
      expected: '{ nowMs(): number }',
      received: clock,
    });
  }
  const catalog: PriceCatalog | undefined =
    unit === 'USD' || options.pricing !== undefined
      ? createPriceCatalog(options.pricing, 'pricing')
      : undefined;
  const meter: Meter =
    catalog === undefined
      ? tokenMeter
      : unit === 'USD'
        ? usdMeter(catalog, clock)
        : pricedTokenMeter(catalog, clock);
  const slaTiers = validateSlaTiers(options.slaTiers);
  if (!Number.isInteger(defaultMaxOutputTokens) || defaultMaxOutputTokens < 0) {
    throw new GenOpsConfigError({
      field: 'defaultMaxOutputTokens',
      expected: 'a whole number >= 0',
      received: defaultMaxOutputTokens,
    });
  }
  if (mode !== 'enforce' && mode !== 'shadow') {
    throw new GenOpsConfigError({
      field: 'mode',
      expected: "'enforce' or 'shadow'",
      received: mode,
    });
  }
  if (events !== 'span' && events !== 'log' && events !== 'both') {
    throw new GenOpsConfigError({
      field: 'events',
      expected: "'span', 'log' or 'both'",
      received: events,
    });
  }
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new GenOpsConfigError({
      field: 'leaseMs',
      expected: 'a finite number of milliseconds > 0',
      received: leaseMs,
    });
  }
  if (typeof onError !== 'function') {
    throw new GenOpsConfigError({ field: 'onError', expected: 'a function', received: onError });
  }
  if (!Array.isArray(budgets)) {
    throw new GenOpsConfigError({
      field: 'budgets',
      expected: 'an array of budgets',
      received: budgets,
    });
  }
  if (!Array.isArray(policies)) {
    throw new GenOpsConfigError({
      field: 'policies',
      expected: 'an array of policies',
      received: policies,
    });
  }
  const compiled = budgets.map((budget, index) => compileBudget(budget, index, meter.unit, mode));
  const names = new Set<string>();
  // Under USD accounting the built-in price guard decides first, under its own name.
  const builtins: GovernancePolicy[] = unit === 'USD' && catalog ? [pricingGuard(catalog)] : [];
  for (const builtin of builtins) names.add(builtin.name);
  compiled.forEach((budget, index) => {
    if (names.has(budget.name)) {
      throw new GenOpsConfigError({
        field: `budgets[${index}].name`,
        expected: 'a name unique among budgets and policies',
        received: budget.name,
      });
    }
    names.add(budget.name);
  });
  const setupContext: PolicySetupContext = { unit: meter.unit, mode, slaTiers };
  policies.forEach((policy, index) => {
    validatePolicy(policy, index, names);
    setupPolicy(policy, index, setupContext);
  });
  const governed = [...builtins, ...policies];

  const report = (error: unknown, phase: GovernorErrorPhase, awuId?: string) => {
    try {
      onError(error, { phase, awuId });
    } catch {
      // An error handler that throws must not break the host call either.
    }
  };

  const ownsEstimator = options.estimator === undefined;
  if (!ownsEstimator) validateEstimator(options.estimator);
  const estimator = options.estimator ?? createGptTokenizerEstimator();
  // Tokenizers load on first use by default: creating a governor (often at an app's module top
  // level, on every cold start) does no tokenizer work unless `warmup` asks for it.
  if (warmup !== false) estimator.warmup?.(warmup === true ? undefined : warmup);

  const tracer = (options.tracerProvider ?? trace).getTracer('@genops/core', VERSION);
  const runtime: Runtime = {
    tracer,
    emitter: createEventEmitter(events, options.loggerProvider, VERSION, report),
    ledger: options.ledger ?? new InMemoryLedger({ clock }),
    meter,
    clock,
    leaseMs,
    policies: governed
      .filter((policy) => policy.evaluate !== undefined || policy.rateClaims !== undefined)
      .map((policy) => ({ policy, allowed: allowedDecision(policy.name) })),
    observers: governed.filter((policy) => policy.observe !== undefined),
    report,
    pending: new PendingWork(),
  };

  const estimatorReady = (request: AwuRequest): Promise<void> | undefined =>
    request.inputTokens === undefined && request.input !== undefined
      ? estimator.ready?.(request.model)
      : undefined;

  const estimate = (request: AwuRequest): Estimate => {
    const inputTokens = request.inputTokens ?? countInput(estimator, request);
    const outputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
    return {
      inputTokens,
      outputTokens,
      amount: meter.reserve(inputTokens, outputTokens, request.provider, request.model),
      unit: meter.unit,
    };
  };

  return {
    runtime,
    attribution,
    estimator,
    ownsEstimator,
    budgets: compiled,
    mode,
    defaultMaxOutputTokens,
    estimatorReady,
    estimate,
  };
}

function validateEstimator(estimator: unknown): void {
  const methods = ['countText', 'countMessages'] as const;
  const candidate = estimator as Partial<TokenEstimator> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    methods.some((method) => typeof candidate[method] !== 'function')
  ) {
    throw new GenOpsConfigError({
      field: 'estimator',
      expected: 'a TokenEstimator (countText and countMessages functions)',
      received: estimator,
    });
  }
}

function countInput(estimator: TokenEstimator, request: AwuRequest): number {
  const { input } = request;
  if (input === undefined) return 0;
  if ('messages' in input) return estimator.countMessages(input.messages, request.model);
  if (typeof input.text === 'string') return estimator.countText(input.text, request.model);
  let total = 0;
  for (const text of input.text) total += estimator.countText(text, request.model);
  return total;
}

/**
 * @internal Validates (and freezes) attribution; `required` demands team, project and environment.
 * With `base`, returns the validated fields merged over it.
 */
export function validateAttribution(
  value: unknown,
  field: string,
  required: boolean,
  ErrorClass: typeof GenOpsConfigError | typeof GenOpsInputError = GenOpsConfigError,
  base?: Readonly<Partial<Attribution>>,
): Readonly<Partial<Attribution>> {
  if (typeof value !== 'object' || value === null) {
    throw new ErrorClass({
      field,
      expected: 'an attribution object with team, project and environment',
      received: value,
    });
  }
  const source = value as Record<string, unknown>;
  // Merged over `base` in the same pass: one object per AWU (the per-call overrides path).
  const result: Record<string, string> = base === undefined ? {} : { ...base };
  for (const name of ATTRIBUTION_FIELDS) {
    const entry = source[name];
    if (entry === undefined) {
      if (required && (name === 'team' || name === 'project' || name === 'environment')) {
        throw new ErrorClass({
          field: `${field}.${name}`,
          expected: 'a non-empty, meaningful string',
          received: entry,
        });
      }
      continue;
    }
    if (typeof entry !== 'string' || isPlaceholder(entry)) {
      throw new ErrorClass({
        field: `${field}.${name}`,
        expected: "a non-empty, meaningful string (not '', 'unknown', 'n/a', 'none', …)",
        received: entry,
      });
    }
    result[name] = entry;
  }
  return Object.freeze(result);
}

function validatePolicy(policy: GovernancePolicy, index: number, names: Set<string>): void {
  const at = `policies[${index}]`;
  if (typeof policy !== 'object' || policy === null) {
    throw new GenOpsConfigError({
      field: at,
      expected: 'a policy (from rateLimit(), modelPolicy(), definePolicy(), …)',
      received: policy,
    });
  }
  if (typeof policy.name !== 'string' || isPlaceholder(policy.name)) {
    throw new GenOpsConfigError({
      field: `${at}.name`,
      expected: 'a non-empty, meaningful name',
      received: policy.name,
    });
  }
  if (names.has(policy.name)) {
    throw new GenOpsConfigError({
      field: `${at}.name`,
      expected: 'a name unique among budgets and policies',
      received: policy.name,
    });
  }
  names.add(policy.name);
  if (policy.mode !== undefined && policy.mode !== 'enforce' && policy.mode !== 'shadow') {
    throw new GenOpsConfigError({
      field: `${at}.mode`,
      expected: "'enforce' or 'shadow'",
      received: policy.mode,
    });
  }
  for (const hook of ['setup', 'evaluate', 'rateClaims', 'observe'] as const) {
    if (policy[hook] !== undefined && typeof policy[hook] !== 'function') {
      throw new GenOpsConfigError({
        field: `${at}.${hook}`,
        expected: 'a function',
        received: policy[hook],
      });
    }
  }
}

let warned = 0;
function defaultOnError(error: unknown, info: { phase: string; awuId: string | undefined }): void {
  if (warned++ < 100) {
    console.warn(`[genops] ${info.phase} error${info.awuId ? ` (AWU ${info.awuId})` : ''}:`, error);
  }
}
