import type { Context, Span } from '@opentelemetry/api';
import type { PolicyDecision } from '../decision/decision.js';
import type { Runtime } from '../lifecycle/runtime.js';
import { E } from './attribute-names.js';
import { allowedEventAttributes, decisionEventAttributes } from './decision-event-attributes.js';

/**
 * @internal Emits the `genops.policy.evaluated` events of an AWU's decisions. Every refusal,
 * warning and reasoned decision is an event of its own; the plain `ALLOWED` decisions are one
 * `ALLOWED` event naming their policies (an SDK event per policy would be most of what a governor
 * with several policies costs).
 *
 * @example
 * ```ts
 * emitDecisionEvents(runtime, span, awuContext, decision.evaluations);
 * ```
 */
export function emitDecisionEvents(
  runtime: Runtime,
  span: Span,
  context: Context | undefined,
  evaluations: readonly PolicyDecision[],
): void {
  let allowedBy: string[] | undefined;
  for (const evaluation of evaluations) {
    if (evaluation.result === 'ALLOWED' && evaluation.reason === undefined) {
      allowedBy ??= [];
      allowedBy.push(evaluation.policyName);
    } else {
      runtime.emitter.emit(span, context, E.evaluated, decisionEventAttributes(evaluation));
    }
  }
  if (allowedBy !== undefined) {
    runtime.emitter.emit(span, context, E.evaluated, allowedEventAttributes(allowedBy));
  }
}
