import {
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { AWU_RUN, type AwuRun } from '../accounting/awu-run.js';
import type { Estimate } from '../accounting/estimate.js';
import type { Reconciliation } from '../accounting/reconciliation.js';
import type { Reservation } from '../accounting/reservation.js';
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
import { emitAlertEvents } from '../telemetry/emit-alert-events.js';
import { emitReconciliationEvents } from '../telemetry/emit-reconciliation-events.js';
import type { Runtime } from './runtime.js';
import { validateUsage } from './validate-request.js';

/** @internal An AWU being begun: everything fixed before its policies are evaluated. */
export interface OpenedAwu {
  readonly runtime: Runtime;
  readonly id: string;
  readonly span: Span;
  /** The span records (an SDK is registered): attributes are written only then. */
  readonly recording: boolean;
  readonly parentContext: Context;
  /** The AWU's context when it was made already (log records need it), else made on demand. */
  readonly awuContext: Context | undefined;
  readonly attribution: Readonly<Attribution>;
  readonly estimate: Estimate;
  readonly policyContext: PolicyContext;
  /** A run AWU (chain, agent, or any AWU with a run limit): its actual is its children's. */
  readonly childrenAccounting: boolean;
  /** The limit this AWU sets for its children (runs). */
  readonly runLimit: RunLimit | undefined;
  /** The run this AWU belongs to. */
  readonly parentRun: AwuRun | undefined;
}

/** @internal What the pre-execution phase hands to the AWU it made. */
export interface AwuParts extends OpenedAwu {
  readonly operation: Operation;
  readonly decision: Decision;
  readonly reservation: Reservation;
}

/**
 * @internal Implementation of {@link Awu}. Ending an AWU runs three steps in order: accounting
 * (the actual, run limits, the parent run), telemetry (span attributes and events, post-execution
 * policies), ledger (settle, then alerts, then the span ends).
 */
export class AwuHandle implements Awu, AwuRun {
  state: AwuState;
  readonly id: string;
  readonly attribution: Readonly<Attribution>;
  readonly operation: Operation;
  readonly decision: Decision;
  readonly estimate: Estimate;
  readonly runLimit: RunLimit | undefined;
  readonly parentRun: AwuRun | undefined;
  readonly #parts: AwuParts;
  readonly #startMs: number;
  #context: Context | undefined;
  #lastRenewMs: number;
  /** Sum of the direct children's actuals (runs). */
  #childrenTotal = 0;

  constructor(parts: AwuParts) {
    this.#parts = parts;
    this.id = parts.id;
    this.attribution = parts.attribution;
    this.operation = parts.operation;
    this.decision = parts.decision;
    this.estimate = parts.estimate;
    this.runLimit = parts.runLimit;
    this.parentRun = parts.parentRun;
    this.#context = parts.awuContext;
    this.#startMs = parts.runtime.clock.nowMs();
    this.#lastRenewMs = this.#startMs;
    this.state = parts.decision.proceeds ? 'reserved' : 'refused';
  }

  /** The brand another copy of the core reads to recognise this AWU as a parent run. */
  get [AWU_RUN](): AwuRun {
    return this;
  }

  /** The context with this AWU's span active; made on first use (most AWUs never need it). */
  get context(): Context {
    let context = this.#context;
    if (context === undefined) {
      context = trace.setSpan(this.#parts.parentContext, this.#parts.span);
      this.#context = context;
    }
    return context;
  }

  /** What events need of the AWU's context: only log records read it (none made for span events). */
  get #eventContext(): Context | undefined {
    return this.#parts.runtime.emitter.toLogs ? this.context : undefined;
  }

  get spanContext(): SpanContext {
    return this.#parts.span.spanContext();
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
    const { runtime, span, recording, reservation } = this.#parts;
    for (const limit of reservation.ancestorLimits) limit.release(this.estimate.amount);
    if (recording) span.setAttribute(A.outcome, 'abandoned');
    const work =
      reservation.held.length === 0 ? Promise.resolve() : runtime.ledger.release(this.id);
    const done = work
      .catch((error: unknown) => runtime.report(error, 'release', this.id))
      .finally(() => span.end());
    runtime.pending.track(done);
    return done;
  }

  keepAlive(): void {
    const { runtime, reservation } = this.#parts;
    if (this.state !== 'reserved' || reservation.held.length === 0) return;
    const nowMs = runtime.clock.nowMs();
    if (nowMs - this.#lastRenewMs < runtime.leaseMs / 3) return;
    this.#lastRenewMs = nowMs;
    runtime.pending.track(
      runtime.ledger
        .renew(this.id, runtime.leaseMs)
        .catch((error: unknown) => runtime.report(error, 'renew', this.id)),
    );
  }

  /** @internal Called by each direct child when it settles or fails. */
  addChildActual(amount: number): void {
    this.#childrenTotal += amount;
  }

  #finish(state: 'settled' | 'failed', error: unknown, options: SettleOptions): Promise<void> {
    if (this.state !== 'reserved') {
      if (this.state === 'refused') {
        this.#parts.runtime.report(
          new Error(`AWU ${this.id} was refused (${this.decision.result}) and cannot be ${state}`),
          'lifecycle',
          this.id,
        );
      }
      return Promise.resolve();
    }
    this.state = state;
    const latencyMs = this.#parts.runtime.clock.nowMs() - this.#startMs;
    const usage = this.#readUsage(options.usage);
    const reconciliation = this.#account(usage, state === 'failed' || options.incomplete === true);
    this.#record(state, error, usage, reconciliation);
    this.#observe(latencyMs, usage, state === 'failed');
    return this.#settleLedger(usage, reconciliation.actual);
  }

  /** Valid usage, or `undefined` (malformed usage is reported and reconciled as unknown). */
  #readUsage(usage: TokenUsage | undefined): TokenUsage | undefined {
    if (usage === undefined) return undefined;
    try {
      return validateUsage(usage);
    } catch (invalid) {
      this.#parts.runtime.report(invalid, 'settle', this.id);
      return undefined;
    }
  }

  /** Accounting step: the actual, settled on the run limits drawn on and added to the parent run. */
  #account(usage: TokenUsage | undefined, forceIncomplete: boolean): Reconciliation {
    const { actual, incomplete } = this.#actual(usage, forceIncomplete);
    for (const limit of this.#parts.reservation.ancestorLimits) {
      limit.settle(this.estimate.amount, actual);
    }
    this.parentRun?.addChildActual(actual);
    return { actual, reserved: this.estimate.amount, unit: this.estimate.unit, incomplete };
  }

  #actual(
    usage: TokenUsage | undefined,
    forceIncomplete: boolean,
  ): { actual: number; incomplete: boolean } {
    const { runtime, policyContext, childrenAccounting } = this.#parts;
    if (childrenAccounting) return { actual: this.#childrenTotal, incomplete: forceIncomplete };
    const { converter } = runtime;
    const { provider, model } = policyContext;
    // A converter that cannot convert this model (USD without a price) gives 0, flagged incomplete.
    const uncovered = converter.covers?.(provider, model) === false;
    if (usage !== undefined) {
      return {
        actual: converter.actual(usage, provider, model),
        incomplete: forceIncomplete || uncovered,
      };
    }
    // No usage: the prompt was sent, so count it; output is unknown. Flagged incomplete.
    return {
      actual: converter.reserve(this.estimate.inputTokens, 0, provider, model),
      incomplete: true,
    };
  }

  /** Telemetry step: the span's post-execution attributes, reconciliation and cost events, status. */
  #record(
    state: 'settled' | 'failed',
    error: unknown,
    usage: TokenUsage | undefined,
    reconciliation: Reconciliation,
  ): void {
    const { runtime, span, recording, reservation } = this.#parts;
    if (recording || runtime.emitter.toLogs) {
      const cost = this.#cost(usage);
      if (recording) {
        span.setAttribute(A.actual, reconciliation.actual);
        span.setAttribute(A.outcome, state === 'settled' ? 'succeeded' : 'failed');
        if (reconciliation.incomplete) span.setAttribute(A.incomplete, true);
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
      const context = this.#eventContext;
      emitReconciliationEvents(runtime.emitter, span, context, reconciliation, reservation.held);
      if (cost !== undefined) runtime.emitter.emit(span, context, E.cost, cost);
    }
    if (state === 'failed') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      if (error instanceof Error) span.recordException(error);
    }
  }

  /** `genops.cost.*` of a model call when the governor has prices (runs and unpriced models: none). */
  #cost(usage: TokenUsage | undefined): Attributes | undefined {
    const { runtime, policyContext, childrenAccounting } = this.#parts;
    const { converter } = runtime;
    if (converter.cost === undefined || converter.currency === undefined || childrenAccounting)
      return undefined;
    const { provider, model } = policyContext;
    const total = converter.cost(
      usage ?? { inputTokens: this.estimate.inputTokens },
      provider,
      model,
    );
    if (total === undefined) return undefined;
    const cost: Attributes = { [A.costTotal]: total, [A.costCurrency]: converter.currency };
    if (provider !== undefined) cost[A.costProvider] = provider;
    if (model !== undefined) cost[A.costModel] = model;
    return cost;
  }

  /** Post-execution policies (`observe`): attributes and a post-execution decision event. */
  #observe(latencyMs: number, usage: TokenUsage | undefined, failed: boolean): void {
    const { runtime, span, policyContext } = this.#parts;
    for (const policy of runtime.observers) {
      try {
        const observation = policy.observe?.(policyContext, { latencyMs, usage, failed });
        if (observation === undefined) continue;
        if (observation.attributes) span.setAttributes(observation.attributes);
        if (observation.verdict) {
          runtime.emitter.emit(span, this.#eventContext, E.evaluated, {
            ...decisionEventAttributes({ ...observation.verdict, policyName: policy.name }),
            [A.phase]: 'post-execution',
          });
        }
      } catch (error) {
        runtime.report(error, 'observe', this.id);
      }
    }
  }

  /**
   * Ledger step: settles the held budgets and corrects token rate limits, then records alerts and
   * ends the span; never rejects. Synchronous when the ledger offers the synchronous protocol.
   */
  #settleLedger(usage: TokenUsage | undefined, actual: number): Promise<void> {
    const { runtime, span, reservation } = this.#parts;
    const { held, tokenRates } = reservation;
    const { inputTokens, outputTokens } = this.estimate;
    const tokenActual =
      usage === undefined
        ? inputTokens + outputTokens
        : (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    const tokenDelta = tokenActual - (inputTokens + outputTokens);
    const corrects = tokenRates.length > 0 && tokenDelta !== 0;
    // Nothing held and no token rate limit to correct: the ledger has nothing to settle.
    if (held.length === 0 && !corrects) {
      span.end();
      return Promise.resolve();
    }
    const awuId = this.id;
    const actuals = held.map((budget) => ({ key: budget.key, amount: actual }));
    const request: SettleRequest = corrects
      ? {
          awuId,
          actuals,
          rateCorrections: tokenRates.map((rate) => ({
            key: rate.key,
            deltaCost: tokenDelta,
            intervalMs: rate.intervalMs,
          })),
        }
      : { awuId, actuals };
    const { synchronousLedger } = runtime;
    if (synchronousLedger === undefined) return this.#settleLedgerAsync(request);
    try {
      this.#afterSettle(synchronousLedger.settle(request));
    } catch (failure) {
      runtime.report(failure, 'settle', this.id);
    } finally {
      span.end();
    }
    return Promise.resolve();
  }

  async #settleLedgerAsync(request: SettleRequest): Promise<void> {
    const { runtime, span } = this.#parts;
    runtime.pending.start();
    try {
      this.#afterSettle(await runtime.ledger.settle(request));
    } catch (failure) {
      runtime.report(failure, 'settle', this.id);
    } finally {
      span.end();
      runtime.pending.end();
    }
  }

  #afterSettle(result: SettleResult): void {
    if (!result.applied) return;
    const { runtime, span, recording, reservation } = this.#parts;
    if (result.lateAfterExpiry && recording) span.setAttribute(A.lateSettle, true);
    emitAlertEvents(runtime.emitter, span, this.#eventContext, result, reservation.held);
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'execution failed';
}
