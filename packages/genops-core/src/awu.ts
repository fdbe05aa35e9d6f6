import type { Context, SpanContext } from '@opentelemetry/api';
import type { Estimate } from './accounting/estimate.js';
import type { TokenUsage } from './accounting/token-usage.js';
import type { Attribution } from './attribution/attribution.js';
import type { Decision } from './decision/decision.js';
import type { Operation } from './operation.js';

/** Lifecycle state of an AWU. */
export type AwuState = 'refused' | 'reserved' | 'settled' | 'failed' | 'abandoned';

/** Options of {@link Awu.settle} and {@link Awu.fail}. */
export interface SettleOptions {
  /** Usage reported by the provider. Without it the reservation is used and the record is flagged incomplete. */
  usage?: TokenUsage;
  /** Marks the record incomplete even with usage (for example usage counted from a cut stream). */
  incomplete?: boolean;
}

/**
 * An AI Workload Unit: one governed piece of work, represented by one OpenTelemetry span. Obtained
 * from `governor.begin()`. Every AWU that proceeds must end with exactly one of `settle`, `fail` or
 * `abandon`; further calls are ignored. None of them throws.
 *
 * @example
 * ```ts
 * const awu = await governor.begin(request);
 * if (!awu.decision.proceeds) throw new GenOpsPolicyError(awu.decision);
 * try {
 *   const result = await context.with(awu.context, () => callModel());
 *   void awu.settle({ usage: result.usage });
 * } catch (error) {
 *   void awu.fail(error);
 *   throw error;
 * }
 * ```
 */
export interface Awu {
  /** Unique, opaque id: `traceId-spanId` when tracing is on, a process-unique id otherwise. */
  readonly id: string;
  /** The AWU span's context (`(trace_id, span_id)` is the AWU identity). */
  readonly spanContext: SpanContext;
  /** OpenTelemetry context with the AWU span active: run the governed work inside it. */
  readonly context: Context;
  /** Attribution, fixed at `begin` (frozen). */
  readonly attribution: Readonly<Attribution>;
  readonly operation: Operation;
  /** The pre-execution decision (immutable). */
  readonly decision: Decision;
  /** The reservation estimate. */
  readonly estimate: Estimate;
  /** Current lifecycle state. */
  readonly state: AwuState;
  /** Post-execution: records the actual consumption and reconciles it with the reservation. */
  settle(options?: SettleOptions): Promise<void>;
  /** Execution failed: reconciles with the best data known (flagged incomplete) and marks the span as an error. */
  fail(error: unknown, options?: SettleOptions): Promise<void>;
  /** Stopped after reservation, before execution: releases the reservation; no reconciliation is emitted. */
  abandon(): Promise<void>;
  /** Renews the reservation's lease during long executions (throttled; safe to call per stream chunk). */
  keepAlive(): void;
}
