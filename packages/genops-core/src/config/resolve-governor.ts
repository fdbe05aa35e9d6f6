import { trace } from '@opentelemetry/api';
import {
  type AccountingConverter,
  pricedTokenConverter,
  tokenConverter,
  usdConverter,
} from '../accounting/accounting-converter.js';
import { type CompiledBudget, compileBudget } from '../accounting/compile-budget.js';
import type { Estimate } from '../accounting/estimate.js';
import type { Attribution } from '../attribution/attribution.js';
import { isPlaceholder } from '../attribution/is-placeholder.js';
import { validateAttribution } from '../attribution/validate-attribution.js';
import type { AwuRequest } from '../awu-request.js';
import { type Clock, systemClock } from '../clock.js';
import { allowedDecision } from '../decision/allowed-decision.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { createGptTokenizerEstimator } from '../estimators/create-gpt-tokenizer-estimator.js';
import type { TokenEstimator } from '../estimators/token-estimator.js';
import type { GovernorErrorPhase, GovernorOptions } from '../governor-options.js';
import { InMemoryLedger } from '../ledger/in-memory-ledger.js';
import { synchronousLedgerOf } from '../ledger/internal/synchronous-ledger.js';
import { PendingWork } from '../lifecycle/pending-work.js';
import type { ResolvedGovernor, Runtime } from '../lifecycle/runtime.js';
import type { GovernancePolicy, PolicySetupContext } from '../policies/governance-policy.js';
import { setupPolicy, validateSlaTiers } from '../policies/internal/setup-policy.js';
import { pricingGuard } from '../policies/pricing-guard.js';
import { createPriceCatalog, type PriceCatalog } from '../pricing/internal/price-catalog.js';
import type { PricingOptions } from '../pricing/pricing-options.js';
import { createEventEmitter } from '../telemetry/event-emitter.js';

const VERSION = '0.1.0';

/**
 * @internal Validates every option and builds the runtime. Throws `GenOpsConfigError`. Longer than
 * ~60 lines on purpose: it reads as the options in the order they are checked, and the estimator
 * block stays one piece.
 */
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

  const attribution = validateAttribution(options.attribution, {
    field: 'attribution',
    required: true,
  }) as Attribution;
  const { catalog, converter } = createConverter(unit, clock, options.pricing);
  const slaTiers = validateSlaTiers(options.slaTiers);
  checkScalars({ defaultMaxOutputTokens, mode, events, leaseMs, onError, budgets, policies });
  // Under USD accounting the built-in price guard decides first, under its own name.
  const builtins: GovernancePolicy[] = unit === 'USD' && catalog ? [pricingGuard(catalog)] : [];
  const compiled = budgets.map((budget, index) =>
    compileBudget(budget, index, converter.unit, mode),
  );
  setUpPolicies(builtins, compiled, policies, { unit: converter.unit, mode, slaTiers });
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
  const ledger = options.ledger ?? new InMemoryLedger({ clock });
  const runtime: Runtime = {
    tracer,
    emitter: createEventEmitter(events, options.loggerProvider, VERSION, report),
    ledger,
    synchronousLedger: synchronousLedgerOf(ledger),
    converter,
    clock,
    leaseMs,
    policies: governed
      .filter((policy) => policy.evaluate !== undefined || policy.rateClaims !== undefined)
      .map((policy) => ({ policy, allowed: allowedDecision(policy.name) })),
    observers: governed.filter((policy) => policy.observe !== undefined),
    report,
    pending: new PendingWork(),
  };

  const estimate = estimateWith(estimator, converter, defaultMaxOutputTokens);
  const estimatorReady = (request: AwuRequest): Promise<void> | undefined =>
    request.inputTokens === undefined && request.input !== undefined
      ? estimator.ready?.(request.model)
      : undefined;

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

/** The accounting converter of `unit`, pricing with the catalog when there is one. */
function createConverter(
  unit: unknown,
  clock: Clock,
  pricing: PricingOptions | undefined,
): { catalog: PriceCatalog | undefined; converter: AccountingConverter } {
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
  if (unit === 'tokens' && pricing === undefined)
    return { catalog: undefined, converter: tokenConverter };
  const catalog = createPriceCatalog(pricing, 'pricing');
  const converter =
    unit === 'USD' ? usdConverter(catalog, clock) : pricedTokenConverter(catalog, clock);
  return { catalog, converter };
}

/**
 * The options checked on their own (types and ranges), in the order their errors are reported; one
 * check per option, hence its length.
 */
function checkScalars({
  defaultMaxOutputTokens,
  mode,
  events,
  leaseMs,
  onError,
  budgets,
  policies,
}: {
  defaultMaxOutputTokens: unknown;
  mode: unknown;
  events: unknown;
  leaseMs: unknown;
  onError: unknown;
  budgets: unknown;
  policies: unknown;
}): void {
  if (!Number.isInteger(defaultMaxOutputTokens) || (defaultMaxOutputTokens as number) < 0) {
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
}

/** Checks that budget and policy names are unique, then validates and sets up each policy. */
function setUpPolicies(
  builtins: readonly GovernancePolicy[],
  budgets: readonly CompiledBudget[],
  policies: readonly GovernancePolicy[],
  context: PolicySetupContext,
): void {
  const names = new Set<string>(builtins.map((builtin) => builtin.name));
  budgets.forEach((budget, index) => {
    if (names.has(budget.name)) {
      throw new GenOpsConfigError({
        field: `budgets[${index}].name`,
        expected: 'a name unique among budgets and policies',
        received: budget.name,
      });
    }
    names.add(budget.name);
  });
  policies.forEach((policy, index) => {
    validatePolicy(policy, index, names);
    setupPolicy(policy, index, context);
  });
}

/** The reservation estimate of a request: counted input tokens plus the output cap, converted. */
function estimateWith(
  estimator: TokenEstimator,
  converter: AccountingConverter,
  defaultMaxOutputTokens: number,
): (request: AwuRequest) => Estimate {
  return (request) => {
    const inputTokens = request.inputTokens ?? countInput(estimator, request);
    const outputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
    return {
      inputTokens,
      outputTokens,
      amount: converter.reserve(inputTokens, outputTokens, request.provider, request.model),
      unit: converter.unit,
    };
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
