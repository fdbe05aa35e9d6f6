import type { PolicyVerdict } from '../decision/decision.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { pairMemo } from '../internal/bounded-memo.js';
import { A } from '../telemetry/attribute-names.js';
import type { GovernancePolicy, PolicySetupContext } from './governance-policy.js';
import { checkChoice, checkObject, checkText, checkWhole } from './internal/check-options.js';
import { LatencyWindow } from './internal/latency-window.js';

/**
 * Options of {@link sla}.
 *
 * @example
 * ```ts
 * const options: SlaOptions = { tier: 'premium', latencyTargetMs: 2_000, onPredictedViolation: 'block' };
 * ```
 */
export interface SlaOptions {
  /** The tier (`genops.sla.tier`) this policy governs: AWUs whose request `slaTier` equals it. */
  readonly tier: string;
  /** Maximum acceptable end-to-end latency of the execution, ms; a whole number >= 1. */
  readonly latencyTargetMs: number;
  /** What a predicted violation yields before execution: `warn` (WARNING) or `block` (BLOCKED). Default: `warn`. */
  readonly onPredictedViolation?: 'warn' | 'block';
  /** `genops.policy.name`. Default: `sla-<tier>`. */
  readonly name?: string;
  /** Latencies kept per `provider:model` for the prediction; a whole number >= 1. Default: 50. */
  readonly windowSize?: number;
  /** Percentile of the window used as the prediction, in (0, 100]. Default: 90. */
  readonly percentile?: number;
  /** Observations needed before predicting; a whole number in [1, windowSize]. Default: 5. */
  readonly minSamples?: number;
  /** Default: the governor's mode. */
  readonly mode?: PolicyMode;
}

interface Compiled {
  readonly tier: string;
  readonly targetMs: number;
  readonly block: boolean;
  readonly minSamples: number;
  readonly percentile: number;
  readonly windowSize: number;
}

/** Tiers already governed by an `sla` policy, per governor being created. */
const tiersBySetup = new WeakMap<PolicySetupContext, Set<string>>();

/**
 * A latency SLA for one tier (Section 6 of the spec), applied to AWUs whose request `slaTier`
 * equals `tier`.
 *
 * After execution the AWU carries `genops.sla.tier`, `genops.sla.latency_target_ms`,
 * `genops.sla.actual_latency_ms` (the execution's latency, rounded to whole ms) and
 * `genops.sla.met` (exactly `actual_latency_ms <= latency_target_ms`). A miss is also recorded as
 * its own post-execution `genops.policy.evaluated` event (`WARNING`, `SLA_LATENCY_VIOLATION`,
 * `genopsjs.policy.phase: post-execution`); the pre-execution decision is never rewritten.
 *
 * Before execution it predicts the latency: the `percentile` (default p90, nearest rank) of the
 * last `windowSize` (default 50) latencies observed by this policy for the same `provider:model`
 * — from successful executions of every tier — once `minSamples` (default 5) are known. A
 * prediction above the target yields `SLA_LATENCY_VIOLATION`: `WARNING` by default, `BLOCKED` with
 * `onPredictedViolation: 'block'`. Without a model or enough observations it allows, saying why.
 *
 * Options are validated by `createGovernor` (`GenOpsConfigError` naming `policies[i].<field>`);
 * when the governor declares `slaTiers`, an unknown `tier` is an error, and two `sla` policies may
 * not govern the same tier.
 *
 * @example
 * ```ts
 * const governor = createGovernor({ attribution, slaTiers: ['basic', 'premium'],
 *   policies: [sla({ tier: 'premium', latencyTargetMs: 2_000 })] });
 * await governor.execute({ ...request, slaTier: 'premium' }, run);
 * ```
 */
// Longer than ~60 lines: the policy object's three hooks share the compiled options and
// the per-model state of this closure.
export function sla(options: SlaOptions): GovernancePolicy {
  let compiled: Compiled | undefined;
  let models: ((provider: string | undefined, model: string | undefined) => ModelState) | undefined;
  const prepare = () => {
    compiled ??= compile(options, undefined);
    return compiled;
  };
  /** The observations and cached verdict of one provider:model. */
  const stateOf = (provider: string | undefined, model: string): ModelState => {
    models ??= pairMemo<ModelState>((given, id) => {
      const { windowSize, percentile } = prepare();
      return {
        key: `${given ?? ''}:${id}`,
        window: new LatencyWindow(windowSize, percentile),
        verdict: undefined,
      };
    });
    return models(provider, model);
  };
  return {
    name: options?.name ?? `sla-${String(options?.tier)}`,
    ...(options?.mode === undefined ? {} : { mode: options.mode }),
    setup(context) {
      // The options do not change: observations survive a second setup (another governor).
      compiled = compile(options, context);
    },
    evaluate({ slaTier, provider, model }) {
      const config = prepare();
      if (slaTier !== config.tier) return undefined;
      if (model === undefined) return NO_MODEL;
      const state = stateOf(provider, model);
      const samples = state.window.count;
      const predicted = samples >= config.minSamples ? state.window.predict() : undefined;
      // The verdict depends on (samples, prediction) only: reused while they do not change.
      const cached = state.verdict;
      if (cached !== undefined && cached.samples === samples && cached.predicted === predicted) {
        return cached.verdict;
      }
      const verdict = predictionVerdict(config, state.key, samples, predicted);
      state.verdict = { samples, predicted, verdict };
      return verdict;
    },
    observe({ slaTier, provider, model }, { latencyMs, failed }) {
      const { tier, targetMs } = prepare();
      if (!failed && model !== undefined) stateOf(provider, model).window.record(latencyMs);
      if (slaTier !== tier) return undefined;
      const actualMs = Math.round(latencyMs);
      const met = actualMs <= targetMs;
      const attributes = {
        [A.slaTier]: tier,
        [A.slaTarget]: targetMs,
        [A.slaActual]: actualMs,
        [A.slaMet]: met,
      };
      if (met) return { attributes };
      return {
        attributes,
        verdict: {
          result: 'WARNING',
          reasonCode: 'SLA_LATENCY_VIOLATION',
          reason: `took ${actualMs} ms; the ${tier} target is ${targetMs} ms`,
        },
      };
    },
  };
}

interface ModelState {
  readonly key: string;
  readonly window: LatencyWindow;
  verdict:
    | {
        readonly samples: number;
        readonly predicted: number | undefined;
        readonly verdict: PolicyVerdict;
      }
    | undefined;
}

const NO_MODEL: PolicyVerdict = Object.freeze({
  result: 'ALLOWED',
  reason: 'no latency prediction for an AWU without a model',
});

function predictionVerdict(
  { tier, targetMs, block, minSamples, percentile }: Compiled,
  key: string,
  samples: number,
  predicted: number | undefined,
): PolicyVerdict {
  if (predicted === undefined) {
    return {
      result: 'ALLOWED',
      reason: `no latency prediction yet (${samples} of ${minSamples} observations of ${key})`,
    };
  }
  const basis = `p${percentile} of the last ${samples} latencies of ${key}`;
  if (predicted <= targetMs) {
    return {
      result: 'ALLOWED',
      reason: `predicted ${predicted} ms (${basis}) within ${targetMs} ms`,
    };
  }
  return {
    result: block ? 'BLOCKED' : 'WARNING',
    reasonCode: 'SLA_LATENCY_VIOLATION',
    reason: `predicted ${predicted} ms (${basis}) exceeds the ${tier} target of ${targetMs} ms`,
  };
}

function compile(options: SlaOptions, context: PolicySetupContext | undefined): Compiled {
  const checked = checkObject(options, 'sla options { tier, latencyTargetMs, … }');
  const tier = checkText(checked.tier, 'tier', 'tier name');
  if (context?.slaTiers !== undefined && !context.slaTiers.includes(tier)) {
    throw new GenOpsConfigError({
      field: 'tier',
      expected: `one of the governor's slaTiers (${context.slaTiers.join(', ')})`,
      received: tier,
    });
  }
  if (context !== undefined) {
    let governed = tiersBySetup.get(context);
    if (governed === undefined) {
      governed = new Set();
      tiersBySetup.set(context, governed);
    }
    if (governed.has(tier)) {
      throw new GenOpsConfigError({
        field: 'tier',
        expected: 'a tier no other sla policy of the governor governs',
        received: tier,
      });
    }
    governed.add(tier);
  }
  const targetMs = checkWhole(checked.latencyTargetMs, 'latencyTargetMs', 'milliseconds', 1);
  const block =
    checkChoice(checked.onPredictedViolation, 'onPredictedViolation', ['warn', 'block'], 'warn') ===
    'block';
  const windowSize = checkWhole(checked.windowSize ?? 50, 'windowSize', 'observations', 1);
  const minSamples = checkWhole(checked.minSamples ?? 5, 'minSamples', 'observations', 1);
  if (minSamples > windowSize) {
    throw new GenOpsConfigError({
      field: 'minSamples',
      expected: `at most windowSize (${windowSize})`,
      received: minSamples,
    });
  }
  const percentile = checked.percentile ?? 90;
  if (typeof percentile !== 'number' || !(percentile > 0 && percentile <= 100)) {
    throw new GenOpsConfigError({
      field: 'percentile',
      expected: 'a number in (0, 100]',
      received: percentile,
    });
  }
  return {
    tier,
    targetMs,
    block,
    minSamples,
    percentile,
    windowSize,
  };
}
