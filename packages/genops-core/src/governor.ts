import { context as otelContext } from '@opentelemetry/api';
import type { Estimate } from './accounting/estimate.js';
import type { TokenUsage } from './accounting/token-usage.js';
import type { Attribution } from './attribution/attribution.js';
import type { Awu } from './awu.js';
import type { AwuRequest } from './awu-request.js';
import { resolveGovernor } from './config/resolve-governor.js';
import { GenOpsPolicyError } from './errors/genops-policy-error.js';
import type { TokenEstimator } from './estimators/token-estimator.js';
import type { GovernorOptions } from './governor-options.js';
import type { BudgetSnapshot, Ledger } from './ledger/ledger.js';
import { beginAwu } from './lifecycle/begin-awu.js';

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
  /**
   * Flushes, then frees the estimator the governor created (also when the flush rejects: a ledger
   * that cannot write what is pending rejects with its error, saying what was not written). The
   * governor must not be used afterwards.
   */
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
    unit: runtime.converter.unit,
    begin(request) {
      try {
        return Promise.resolve(beginAwu(resolved, request));
      } catch (error) {
        return Promise.reject(error);
      }
    },
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
      try {
        await governor.flush();
      } finally {
        // Freed even when the ledger cannot be flushed (its store is down): the caller is exiting.
        if (ownsEstimator) estimator.dispose?.();
      }
    },
  };
  return governor;
}
