import type { RuleId, Severity } from '../registry/rule-registry.js';
import type { SpecReference } from '../registry/spec-reference.js';

/**
 * The AWU a finding is about: its span identity and name, plus where it was read from.
 *
 * @example
 * ```ts
 * const awu: AwuRef = { traceId: '4bf9…', spanId: '00f0…', name: 'chat gpt-4o' };
 * ```
 */
export interface AwuRef {
  /** Trace id of the AWU span (or of the log record for `4.4/event-outside-awu`). */
  readonly traceId: string;
  /** Span id of the AWU span (or of the log record for `4.4/event-outside-awu`). */
  readonly spanId: string;
  /** Span name (`(log record)` for a log record without an AWU). */
  readonly name: string;
  /** Where the AWU was read from (e.g. `traces.jsonl:3`), when known. */
  readonly source?: string;
}

/**
 * One violation of one rule.
 *
 * @example
 * ```ts
 * const finding: Finding = {
 *   ruleId: '7.1/required-attribute',
 *   section: '7.1',
 *   severity: 'error',
 *   awu: { traceId: '4bf9…', spanId: '00f0…', name: 'chat gpt-4o' },
 *   message: 'missing required attribute genops.team',
 *   attribute: 'genops.team',
 *   spec: {
 *     section: '§7.1',
 *     text: 'A compliant runtime MUST emit these attributes on every AWU, subject to the conditional exceptions below.',
 *   },
 * };
 * ```
 */
export interface Finding {
  /** Rule id, `<section>/<slug>` (see `RULES`). */
  readonly ruleId: RuleId;
  /** Spec section of the rule. */
  readonly section: string;
  /** Severity of the rule. */
  readonly severity: Severity;
  /** The AWU concerned; `null` only for `9.4/awu-present`, which concerns the whole input. */
  readonly awu: AwuRef | null;
  /** Plain-language explanation, with the offending value. */
  readonly message: string;
  /** Attribute concerned, if one. */
  readonly attribute?: string;
  /** Name of the event concerned, if one. */
  readonly event?: string;
  /**
   * The section and sentence of the spec the finding rests on: the rule's, or a more precise quote
   * (a type error quotes the attribute's row of Appendix A).
   */
  readonly spec: SpecReference;
}
