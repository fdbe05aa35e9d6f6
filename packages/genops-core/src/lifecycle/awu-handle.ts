import {
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Estimate } from '../accounting/estimate.js';
import type { HeldBudget, HeldTokenRate } from '../accounting/held-budget.js';
import type { RunLimit } from '../accounting/run-limit.js';
import type { TokenUsage } from '../accounting/token-usage.js';
import type { Attribution } from '../attribution/attribution.js';
import type { Awu, AwuState, SettleOptions } from '../awu.js';
import type { Decision } from '../decision/decision.js';
import type { SettleRequest, SettleResult } from '../ledger/ledger.js';
import type { Operation } from '../operation.js';
import type { PolicyContext } from '../policies/governance-policy.js';
import { A, E } from '../telemetry/attribute-names.js';
import { decisionEventAttributes } from '../telemetry/decision-event-attributes.js';
import type { Runtime } from './runtime.js';
import { validateUsage } from './validate-request.js';

/** @internal Implementation of {@link Awu}. */
export class AwuHandle implements Awu {
  state: AwuState;
  readonly #runtime: Runtime;
  readonly #span: Span;
  readonly #recording: boolean;
  readonly #startMs: number;
  readonly #held: readonly HeldBudget[];
  readonly #tokenRates: readonly HeldTokenRate[];
  /** Run limits of ancestors this AWU drew on. */
  readonly #ancestorLimits: readonly RunLimit[];
  readonly #policyContext: PolicyContext;
  readonly #parentContext: Context;
  #context: Context | undefined;
  #lastRenewMs: number;
  /** The limit this AWU sets for its children (runs). */
  readonly runLimit: RunLimit | undefined;
  /** `children`: actual is the sum of the children's actuals. */
  readonly #childrenAccounting: boolean;
  readonly #parent: AwuHandle | undefined;

  /** The run this AWU belongs to, if any. */
  get parentHandle(): AwuHandle | undefined {
    return this.#parent;
  }

  constructor(
    runtime: Runtime,
    readonly id: string,
    span: Span,
    recording: boolean,
    parentContext: Context,
    awuContext: Context | undefined,
    readonly attribution: Readonly<Attribution>,
    readonly operation: Operation,
    readonly decision: Decision,
    readonly estimate: Estimate,
    policyContext: PolicyContext,
    held: readonly HeldBudget[],
    tokenRates: readonly HeldTokenRate[],
    ancestorLimits: readonly RunLimit[],
    runLimit: RunLimit | undefined,
    childrenAccounting: boolean,
    parent: AwuHandle | undefined,
  ) {
    this.#parent = parent;
    this.#parentContext = parentContext;
    this.#context = awuContext;
    this.#runtime = runtime;
    this.#span = span;
    this.#recording = recording;
    this.#startMs = runtime.clock.nowMs();
    this.#lastRenewMs = this.#startMs;
    this.#policyContext = policyContext;
    this.#held = held;
    this.#tokenRates = tokenRates;
    this.#ancestorLimits = ancestorLimits;
    this.runLimit = runLimit;
    this.#childrenAccounting = childrenAccounting;
    this.state = decision.proceeds ? 'reserved' : 'refused';
  }

  /** The context with this AWU's span active; made on first use (most AWUs never need it). */
  get context(): Context {
    let context = this.#context;
    if (context === undefined) {
      context = trace.setSpan(this.#parentContext, this.#span);
      this.#context = context;
    }
    return context;
  }

  /** What events need of the AWU's context: only log records read it (none made for span events). */
  get #eventContext(): Context | undefined {
    return this.#runtime.emitter.toLogs ? this.context : undefined;
  }

  get spanContext(): SpanContext {
    return this.#span.spanContext();
  }

  settle(options: SettleOptions = {}): Promise<void> {
    return this.#finish('settled', undefined, options);
  }

  fail(error: unknown, options: SettleOptions = {}): Promise<void> {
    return this.#finish('failed', error, options);
  }

  abandon(): Promise<void> {
    if (this.state !== 'reserved') return Promise.resolve();
    this.state = 'abandoned';
    for (const limit of this.#ancestorLimits) limit.release(this.estimate.amount);
    if (this.#recording) this.#span.setAttribute(A.outcome, 'abandoned');
    const work =
      this.#held.length === 0 ? Promise.resolve() : this.#runtime.ledger.release(this.id);
    const done = work
      .catch((error: unknown) => this.#runtime.report(error, 'release', this.id))
      .finally(() => this.#span.end());
    this.#runtime.pending.track(done);
    return done;
  }

  keepAlive(): void {
    if (this.state !== 'reserved' || this.#held.length === 0) return;
    const nowMs = this.#runtime.clock.nowMs();
    if (nowMs - this.#lastRenewMs < this.#runtime.leaseMs / 3) return;
    this.#lastRenewMs = nowMs;
    this.#runtime.pending.track(
      this.#runtime.ledger
        .renew(this.id, this.#runtime.leaseMs)
        .catch((error: unknown) => this.#runtime.report(error, 'renew', this.id)),
    );
  }

  #finish(state: 'settled' | 'failed', error: unknown, options: SettleOptions): Promise<void> {
    if (this.state !== 'reserved') {
      if (this.state === 'refused') {
        this.#runtime.report(
          new Error(`AWU ${this.id} was refused (${this.decision.result}) and cannot be ${state}`),
          'lifecycle',
          this.id,
        );
      }
      return Promise.resolve();
    }
    this.state = state;
    const runtime = this.#runtime;
    const latencyMs = runtime.clock.nowMs() - this.#startMs;
    let usage: TokenUsage | undefined;
    try {
      usage = options.usage === undefined ? undefined : validateUsage(options.usage);
    } catch (invalid) {
      runtime.report(invalid, 'settle', this.id);
    }
    const { actual, incomplete } = this.#actual(
      usage,
      state === 'failed' || options.incomplete === true,
    );
    for (const limit of this.#ancestorLimits) limit.settle(this.estimate.amount, actual);
    this.#parent?.addChildActual(actual);

    const span = this.#span;
    const reserved = this.estimate.amount;
    const delta = actual - reserved;
    if (this.#recording || runtime.emitter.toLogs) {
      const cost = this.#cost(usage);
      if (this.#recording) {
        span.setAttribute(A.actual, actual);
        span.setAttribute(A.outcome, state === 'settled' ? 'succeeded' : 'failed');
        if (incomplete) span.setAttribute(A.incomplete, true);
        if (usage !== undefined) {
          span.setAttribute(A.tokensInput, usage.inputTokens ?? 0);
          span.setAttribute(A.tokensOutput, usage.outputTokens ?? 0);
        }
        if (cost !== undefined) {
          // Provider and model are on the span already (gen_ai.*): the span gets the amount only.
          span.setAttribute(A.costTotal, cost[A.costTotal] as number);
          span.setAttribute(A.costCurrency, cost[A.costCurrency] as string);
        }
      }
      const unit = this.estimate.unit;
      if (this.#held.length === 0) {
        const attributes: Attributes = {
          [A.actual]: actual,
          [A.reserved]: reserved,
          [A.unit]: unit,
          [A.delta]: delta,
        };
        if (incomplete) attributes[A.incomplete] = true;
        runtime.emitter.emit(span, this.#eventContext, E.reconciliation, attributes);
      } else {
        for (const held of this.#held) {
          const attributes: Attributes = {
            [A.actual]: actual,
            [A.reserved]: reserved,
            [A.unit]: unit,
            [A.delta]: delta,
            [A.budgetName]: held.budget,
          };
          if (incomplete) attributes[A.incomplete] = true;
          runtime.emitter.emit(span, this.#eventContext, E.reconciliation, attributes);
        }
      }
      if (cost !== undefined) runtime.emitter.emit(span, this.#eventContext, E.cost, cost);
    }
    if (state === 'failed') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      if (error instanceof Error) span.recordException(error);
    }
    this.#observe(latencyMs, usage, state === 'failed');

    const tokenActual =
      usage === undefined
        ? this.estimate.inputTokens + this.estimate.outputTokens
        : (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    const tokenDelta = tokenActual - (this.estimate.inputTokens + this.estimate.outputTokens);
    // Nothing held and no token rate limit to correct: the ledger has nothing to settle.
    if (this.#held.length === 0 && (this.#tokenRates.length === 0 || tokenDelta === 0)) {
      span.end();
      return Promise.resolve();
    }
    const awuId = this.id;
    const actuals = this.#held.map((held) => ({ key: held.key, amount: actual }));
    return this.#settleLedger(
      this.#tokenRates.length === 0 || tokenDelta === 0
        ? { awuId, actuals }
        : {
            awuId,
            actuals,
            rateCorrections: this.#tokenRates.map((rate) => ({
              key: rate.key,
              deltaCost: tokenDelta,
              intervalMs: rate.intervalMs,
            })),
          },
    );
  }

  /**
   * Writes the settle, then records alerts and ends the span; never rejects. Synchronous when the
   * ledger offers the synchronous protocol (the in-memory default).
   */
  #settleLedger(request: SettleRequest): Promise<void> {
    const { synchronousLedger } = this.#runtime;
    if (synchronousLedger === undefined) return this.#settleLedgerAsync(request);
    try {
      this.#afterSettle(synchronousLedger.settle(request));
    } catch (failure) {
      this.#runtime.report(failure, 'settle', this.id);
    } finally {
      this.#span.end();
    }
    return Promise.resolve();
  }

  async #settleLedgerAsync(request: SettleRequest): Promise<void> {
    this.#runtime.pending.start();
    try {
      this.#afterSettle(await this.#runtime.ledger.settle(request));
    } catch (failure) {
      this.#runtime.report(failure, 'settle', this.id);
    } finally {
      this.#span.end();
      this.#runtime.pending.end();
    }
  }

  #actual(
    usage: TokenUsage | undefined,
    forceIncomplete: boolean,
  ): { actual: number; incomplete: boolean } {
    const { meter } = this.#runtime;
    const { provider, model } = this.#policyContext;
    if (this.#childrenAccounting) {
      return { actual: this.#childrenTotal, incomplete: forceIncomplete };
    }
    // A meter that cannot measure this model (USD without a price) reports 0, flagged incomplete.
    const uncovered = meter.covers?.(provider, model) === false;
    if (usage !== undefined)
      return {
        actual: meter.actual(usage, provider, model),
        incomplete: forceIncomplete || uncovered,
      };
    // No usage: the prompt was sent, so count it; output is unknown. Flagged incomplete.
    return {
      actual: meter.reserve(this.estimate.inputTokens, 0, provider, model),
      incomplete: true,
    };
  }

  /** `genops.cost.*` of a model call when the governor has prices (runs and unpriced models: none). */
  #cost(usage: TokenUsage | undefined): Attributes | undefined {
    const { meter } = this.#runtime;
    if (meter.cost === undefined || meter.currency === undefined || this.#childrenAccounting)
      return undefined;
    const { provider, model } = this.#policyContext;
    const total = meter.cost(usage ?? { inputTokens: this.estimate.inputTokens }, provider, model);
    if (total === undefined) return undefined;
    const cost: Attributes = { [A.costTotal]: total, [A.costCurrency]: meter.currency };
    if (provider !== undefined) cost[A.costProvider] = provider;
    if (model !== undefined) cost[A.costModel] = model;
    return cost;
  }

  /** Sum of the direct children's actuals (runs). */
  #childrenTotal = 0;

  /** @internal Called by each direct child when it settles or fails. */
  addChildActual(amount: number): void {
    this.#childrenTotal += amount;
  }

  #observe(latencyMs: number, usage: TokenUsage | undefined, failed: boolean): void {
    const runtime = this.#runtime;
    for (const policy of runtime.observers) {
      try {
        const observation = policy.observe?.(this.#policyContext, { latencyMs, usage, failed });
        if (observation === undefined) continue;
        if (observation.attributes) this.#span.setAttributes(observation.attributes);
        if (observation.verdict) {
          runtime.emitter.emit(this.#span, this.#eventContext, E.evaluated, {
            ...decisionEventAttributes({ ...observation.verdict, policyName: policy.name }),
            [A.phase]: 'post-execution',
          });
        }
      } catch (error) {
        runtime.report(error, 'observe', this.id);
      }
    }
  }

  #afterSettle(result: SettleResult): void {
    if (!result.applied) return;
    if (result.lateAfterExpiry && this.#recording) this.#span.setAttribute(A.lateSettle, true);
    for (const settled of result.budgets) {
      const held = this.#held.find((entry) => entry.key === settled.key);
      if (held === undefined) continue;
      for (const threshold of held.alertAt) {
        const line = threshold * settled.allocated;
        if (settled.consumedBefore < line && settled.consumedAfter >= line) {
          this.#runtime.emitter.emit(this.#span, this.#eventContext, E.alert, {
            [A.budgetName]: settled.budget,
            [A.budgetConsumed]: settled.consumedAfter,
            [A.budgetAllocated]: settled.allocated,
            [A.budgetRemaining]: settled.remaining,
            [A.budgetPeriod]: settled.periodId,
            'genopsjs.budget.alert_threshold': threshold,
          });
        }
      }
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'execution failed';
}
