import type { SpecReference } from './spec-reference.js';

/**
 * Severity of a finding: an `error` breaks compliance, a `warning` never changes the verdict.
 *
 * @example
 * ```ts
 * const severity: Severity = 'warning';
 * ```
 */
export type Severity = 'error' | 'warning';

/**
 * What a rule protects, which decides the verdict (Section 9.2): errors of `accounting-invariant`
 * rules alone make a report `partial`; any `telemetry` error makes it `non-compliant`.
 *
 * @example
 * ```ts
 * const category: RuleCategory = 'accounting-invariant';
 * ```
 */
export type RuleCategory = 'telemetry' | 'accounting-invariant';

/**
 * One conformance rule: a requirement of the spec decidable from telemetry.
 *
 * @example
 * ```ts
 * const rule = getRule('7.1/required-attribute');
 * rule.section; // '7.1'
 * ```
 */
export interface RuleDefinition {
  /** Stable id `<section>/<slug>`. */
  readonly id: string;
  /** Spec section the requirement comes from (`9.1.8` is Section 9.1, requirement 8). */
  readonly section: string;
  /** Short title. */
  readonly title: string;
  /** What the rule checks, in plain words. */
  readonly description: string;
  /** Severity of every finding of this rule. */
  readonly severity: Severity;
  /** Whether a violation breaks the accounting invariant only (Section 9.2) or the telemetry. */
  readonly category: RuleCategory;
  /** The section and sentence of the spec the rule applies. */
  readonly spec: SpecReference;
}

/**
 * Every rule of this suite, in report order. README's rule table and the tests derive from it.
 *
 * @example
 * ```ts
 * RULES.map((rule) => rule.id).includes('8.3/reconciliation-delta'); // true
 * ```
 */
export const RULES = [
  {
    id: '9.4/awu-present',
    section: '9.4',
    title: 'At least one AWU',
    description:
      'The input contains at least one AWU (a span with a genops.* attribute); otherwise there is nothing to judge.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§9.4',
      text: 'Compliance MUST be verifiable by inspecting the telemetry output of a runtime.',
    },
  },
  {
    id: '2.2/awu-identity-unique',
    section: '2.2',
    title: 'AWU identity is unique',
    description:
      'No two AWU spans share the same (trace id, span id); duplicates after the first are reported and not judged further.',
    severity: 'error',
    category: 'telemetry',
    spec: { section: '§2.2', text: 'Implementations MUST NOT reuse AWU identifiers.' },
  },
  {
    id: '2.2/awu-identity-valid',
    section: '2.2',
    title: 'AWU identity is a valid W3C span context',
    description:
      'The trace id is 32 and the span id 16 hexadecimal digits, neither all zeros (W3C Trace Context).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§2.2',
      text: 'When an AWU is represented as an OpenTelemetry span, its identity maps to the tuple (trace_id, span_id) as defined by the W3C Trace Context specification.',
    },
  },
  {
    id: '7.1/required-attribute',
    section: '7.1',
    title: 'Required attributes present',
    description:
      'genops.team, genops.project, genops.environment, genops.operation.name, genops.operation.type, genops.policy.result and genops.spec.version on every AWU; genops.accounting.reserved and genops.accounting.unit once the AWU reached reservation (a reservation event or a reserved amount is present, or the decision let it proceed); genops.accounting.actual once it reached execution (a reconciliation event, an actual amount, output tokens or an SLA actual latency is present). An AWU refused before reservation may omit all three (7.1, 7.2.1).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§7.1',
      text: 'A compliant runtime MUST emit these attributes on every AWU, subject to the conditional exceptions below.',
    },
  },
  {
    id: '7/attribute-type',
    section: '7',
    title: 'Attribute types',
    description:
      'Every known genops.* attribute, on the AWU or on one of its events, has its spec type, judged by value: string, boolean, double (any number) or int64 (an integer; NaN and Infinity are not). Arrays and maps are never valid.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§11.2, Appendix A',
      text: 'Required attributes (Section 7.1) and required events (Section 7.2) are stable. Their semantics, types, and cardinality MUST NOT change within the same major version.',
    },
  },
  {
    id: '7/unknown-attribute',
    section: '7',
    title: 'Unknown genops.* attribute',
    description:
      'An attribute in the genops.* namespace that spec v0.1 does not define, on the AWU or on one of its events.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§11',
      text: 'The GenOps specification is the authoritative definition of event names, attribute names, decision states, and reason codes.',
    },
  },
  {
    id: '4.1/decision-state',
    section: '4.1',
    title: 'Closed decision set',
    description:
      'genops.policy.result, wherever it appears (the AWU, a genops.policy.evaluated event or any other event), is exactly ALLOWED, BLOCKED, WARNING or RATE_LIMITED; an empty OTLP value or a non-string is outside the set.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§4.1',
      text: 'These four states are the complete set for version 0.1. Implementations MUST NOT emit decision states outside this set.',
    },
  },
  {
    id: '5.3/reason-code-required',
    section: '5.3',
    title: 'reason_code present when not ALLOWED',
    description:
      'Wherever genops.policy.result is BLOCKED, WARNING or RATE_LIMITED, genops.policy.reason_code is set to a value (an empty OTLP value is not one).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§5.3',
      text: 'When genops.policy.result is not ALLOWED, the genops.policy.reason_code attribute MUST be set to exactly one value from the enumeration above, or to an extension code (Section 5.5).',
    },
  },
  {
    id: '5.3/reason-code-forbidden',
    section: '5.3',
    title: 'reason_code absent when ALLOWED',
    description:
      'Wherever genops.policy.result is ALLOWED, genops.policy.reason_code is not set (not even to an empty value).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§5.3',
      text: 'When genops.policy.result is ALLOWED, the genops.policy.reason_code attribute MUST NOT be set.',
    },
  },
  {
    id: '5.4/reason-code-taxonomy',
    section: '5.4',
    title: 'reason_code from the taxonomy',
    description:
      'A genops.policy.reason_code, wherever it appears, that is not an extension code (x_…) is one of the nine codes of Section 5.2; freeform strings and non-strings are not permitted.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§5.4',
      text: 'The reason_code field MUST contain a value from this taxonomy or a valid extension code. Freeform strings are not permitted.',
    },
  },
  {
    id: '5.5/extension-code-grammar',
    section: '5.5',
    title: 'Extension code grammar',
    description: 'A reason code starting with x_ (in any case) matches ^x_[a-z0-9_]+$.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§5.5',
      text: 'Extension codes MUST begin with x_ followed by one or more lowercase alphanumeric characters or underscores.',
    },
  },
  {
    id: '4.3/decision-consistency',
    section: '4.3',
    title: 'AWU decision matches its decision events',
    description:
      'The AWU genops.policy.result equals the most severe result (BLOCKED > RATE_LIMITED > WARNING > ALLOWED) of its pre-execution genops.policy.evaluated events (those before the first reconciliation, all of them when there is none), and its reason code is carried by one of those decisions with that result. A RATE_LIMITED decision followed by a new evaluation of the same policy is a retry (4.3/retry-in-same-awu): then the decisions after the last RATE_LIMITED one count.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§4.3',
      text: 'An enforcement decision, once recorded, MUST NOT be modified.',
    },
  },
  {
    id: '4.3/retry-in-same-awu',
    section: '4.3',
    title: 'Retry recorded in the same AWU',
    description:
      'An AWU that was RATE_LIMITED, evaluated again by the same policy (genops.policy.name, when named) and then proceeded records its retry as separate decision events, as 4.3 requires; a warning, because 4.3 says retries SHOULD be distinct AWUs.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§4.3',
      text: 'If a subsequent evaluation produces a different result (for example, a retry after a rate limit), it MUST be recorded as a separate decision event. Retries SHOULD be represented as distinct AWUs.',
    },
  },
  {
    id: '8.1/decision-pre-execution',
    section: '8.1',
    title: 'Decisions are pre-execution',
    description:
      'A genops.policy.evaluated event after the first genops.budget.reconciliation is post-execution; only an SLA_LATENCY_VIOLATION decision (6.4, an observed latency per 5.2) may be recorded there.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§8.1',
      text: 'When emitted: Pre-execution, on every enforcement decision.',
    },
  },
  {
    id: '6.4/post-execution-refusal',
    section: '6.4',
    title: 'Post-execution SLA decision refuses',
    description:
      'A post-execution SLA_LATENCY_VIOLATION decision whose result is BLOCKED or RATE_LIMITED: 6.4 allows the decision, but a BLOCKED AWU MUST NOT proceed (4.1) and this one already ran; WARNING describes it. A warning, since 6.4 does not say which result to use.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§6.4',
      text: 'When genops.sla.met is false, the runtime MAY emit an enforcement decision with reason_code of SLA_LATENCY_VIOLATION. The specification does not mandate a specific enforcement response to SLA violations.',
    },
  },
  {
    id: '7.2/policy-evaluated-event',
    section: '7.2',
    title: 'genops.policy.evaluated emitted',
    description:
      'Every AWU, including one refused before reservation, emits at least one genops.policy.evaluated event (7.2, 7.2.1, 8.1).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§7.2.1',
      text: 'If an AWU does not reach resource reservation due to a pre-execution decision (for example, BLOCKED or RATE_LIMITED), only the genops.policy.evaluated event is REQUIRED.',
    },
  },
  {
    id: '8/event-required-attribute',
    section: '8',
    title: 'Event required attributes',
    description:
      'Each GenOps event carries the attributes its schema requires: policy.evaluated (8.1) genops.policy.result; budget.reservation (8.2) reserved and unit; budget.reconciliation (8.3) actual, reserved and unit; cost.calculated, budget.alert and evaluation.complete (8.4) theirs.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§8',
      text: 'This section defines the normative schema for each required event and the schema for optional events.',
    },
  },
  {
    id: '8/unknown-event',
    section: '8',
    title: 'Unknown genops.* event',
    description: 'An event in the genops. namespace that spec v0.1 does not define.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§11',
      text: 'The GenOps specification is the authoritative definition of event names, attribute names, decision states, and reason codes.',
    },
  },
  {
    id: '4.4/event-outside-awu',
    section: '4.4',
    title: 'Every GenOps event belongs to an AWU',
    description:
      'A genops.* event recorded on a span that is not an AWU, or a genops.* log record whose trace/span id matches no AWU span of the input, has no parent AWU.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§4.4',
      text: 'Implementations MUST NOT emit enforcement decisions without a parent AWU.',
    },
  },
  {
    id: '3.3/reservation-recorded',
    section: '3.3',
    title: 'Reservation event emitted',
    description:
      'An AWU that reached reservation (it carries genops.accounting.reserved, or its decision let it proceed) emits a genops.budget.reservation event before execution (3.3 condition 1, 7.2.1).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.3',
      text: 'A resource reservation MUST be recorded before execution begins. The reservation represents the estimated resource consumption for the AWU. The genops.budget.reservation event (Section 8.2) MUST be emitted at this point.',
    },
  },
  {
    id: '3.3/reconciliation-recorded',
    section: '3.3',
    title: 'Reconciliation event emitted',
    description:
      'An AWU that reached execution (it carries genops.accounting.actual, genops.tokens.output or genops.sla.actual_latency_ms) emits a genops.budget.reconciliation event (3.3 condition 3, 2.4).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§2.4, §3.3',
      text: 'A compliant runtime MUST emit telemetry from all three phases for every AWU that reaches execution.',
    },
  },
  {
    id: '3.3/reconciliation-without-reservation',
    section: '3.3',
    title: 'No reconciliation without reservation',
    description:
      'An AWU with a genops.budget.reconciliation event also has a genops.budget.reservation event: there is nothing to reconcile against otherwise.',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.3',
      text: 'A reconciliation MUST occur that compares the reserved amount against the actual amount.',
    },
  },
  {
    id: '3.3/reconciliation-matches-reservation',
    section: '3.3',
    title: 'Each reconciliation settles one reservation',
    description:
      'Each genops.budget.reconciliation event settles one genops.budget.reservation event of the same budget (genops.budget.name; an event without it matches any), in the same unit and with the same reserved amount (relative tolerance 1e-9), and no reservation is reconciled twice.',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.3',
      text: 'A reconciliation MUST occur that compares the reserved amount against the actual amount.',
    },
  },
  {
    id: '3.3/reservation-before-reconciliation',
    section: '3.3',
    title: 'Reservation before reconciliation',
    description:
      'Lifecycle order reservation → reconciliation: every genops.budget.reservation event precedes the first genops.budget.reconciliation event (ordered by event time, then emission order).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§2.4',
      text: 'An AWU has three ordered phases',
    },
  },
  {
    id: '7.2.1/no-reconciliation-when-refused',
    section: '7.2.1',
    title: 'No reconciliation on a refused AWU',
    description:
      'An AWU whose decision is BLOCKED or RATE_LIMITED does not execute (4.1), so it emits no genops.budget.reconciliation event and no genops.accounting.actual.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§7.2.1',
      text: 'An AWU that does not reach execution MUST NOT emit genops.budget.reconciliation.',
    },
  },
  {
    id: '7.2.1/stopped-after-reservation',
    section: '7.2.1',
    title: 'Allowed AWU without reconciliation',
    description:
      'An AWU allowed to proceed that has a reservation but no sign of execution (no reconciliation, actual amount, output tokens or SLA actual latency) is accepted as stopped after reservation (7.2.1); a warning, because telemetry cannot tell it from an AWU that executed without recording anything of it.',
    severity: 'warning',
    category: 'accounting-invariant',
    spec: {
      section: '§7.2.1',
      text: 'If an AWU does not reach execution but is stopped after reservation and before execution begins, the genops.budget.reservation event MUST have been emitted. In this case, genops.budget.reconciliation is not required.',
    },
  },
  {
    id: '3.4/unit-consistency',
    section: '3.4',
    title: 'Accounting unit consistent',
    description:
      'When an AWU emits reservation (or reconciliation) events, at least one of them is in the AWU genops.accounting.unit (compared exactly, case-sensitive).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.2',
      text: 'The unit MUST be declared on AWUs that reach resource reservation, subject to the conditional exceptions in Section 7.1.',
    },
  },
  {
    id: '3.4/reserved-consistency',
    section: '3.4',
    title: 'Reserved amount consistent',
    description:
      'Every reservation and reconciliation event in the AWU unit reports the AWU genops.accounting.reserved (relative tolerance 1e-9).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.4',
      text: 'The estimated resource consumption reserved before execution.',
    },
  },
  {
    id: '3.4/actual-consistency',
    section: '3.4',
    title: 'Actual amount consistent',
    description:
      'Every reconciliation event in the AWU unit reports the AWU genops.accounting.actual (relative tolerance 1e-9).',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§3.4',
      text: 'The measured resource consumption after execution.',
    },
  },
  {
    id: '8.3/reconciliation-delta',
    section: '8.3',
    title: 'reconciliation_delta = actual - reserved',
    description:
      'genops.accounting.reconciliation_delta, on the AWU or on a reconciliation event, equals actual - reserved of the same carrier (relative tolerance 1e-9); NaN or Infinity never does.',
    severity: 'error',
    category: 'accounting-invariant',
    spec: {
      section: '§7.3, §8.3',
      text: 'Difference between actual and reserved (actual - reserved).',
    },
  },
  {
    id: '6.3/sla-attributes-complete',
    section: '6.3',
    title: 'SLA attributes complete',
    description:
      'When any genops.sla.* attribute is present, all four are: tier, latency_target_ms, actual_latency_ms and met. A refused AWU (BLOCKED, RATE_LIMITED) never ran, so it may declare tier and target without actual_latency_ms and met.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§6.3',
      text: 'When SLA enforcement is active for an AWU, all attributes in this section that are marked REQUIRED below MUST be present.',
    },
  },
  {
    id: '6.3/sla-met-consistency',
    section: '6.3',
    title: 'SLA met is consistent',
    description: 'genops.sla.met is true exactly when actual_latency_ms <= latency_target_ms.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§6.3',
      text: 'true if actual_latency_ms <= latency_target_ms, false otherwise.',
    },
  },
  {
    id: '11.3/spec-version-format',
    section: '11.3',
    title: 'Spec version is MAJOR.MINOR.PATCH',
    description: 'genops.spec.version is a SemVer MAJOR.MINOR.PATCH version, e.g. 0.1.0.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§11.3',
      text: 'A runtime MUST declare the specification version it implements using the format MAJOR.MINOR.PATCH as defined by Semantic Versioning 2.0.0.',
    },
  },
  {
    id: '11.3/spec-version-match',
    section: '11.3',
    title: 'Spec version is the one checked',
    description:
      'genops.spec.version equals the spec version the report checks against (option specVersion, default 0.1.0).',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§11.4',
      text: 'A runtime MUST NOT claim compliance with a specification version it does not implement.',
    },
  },
  {
    id: '2.3/attribution-consistency',
    section: '2.3',
    title: 'Attribution immutable across events',
    description:
      'An event carrying genops.team, genops.project or genops.environment carries the same value as its AWU.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§2.3',
      text: 'Attribution attributes MUST be immutable for the lifetime of the AWU. Once set, they MUST NOT change.',
    },
  },
  {
    id: '7.3/customer-context-consistency',
    section: '7.3',
    title: 'Customer context consistent across events',
    description:
      'An event carrying genops.customer_id, genops.feature, genops.session_id or genops.cost_center carries the same value as its AWU; a warning, since 2.3 makes only team, project and environment immutable.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§7.3',
      text: 'The following attributes and events are OPTIONAL. They are not required for compliance but are defined here to promote interoperability across implementations that choose to support them.',
    },
  },
  {
    id: '9.1.8/placeholder-value',
    section: '9.1.8',
    title: 'No placeholder in required values',
    description:
      'Required attributes (7.1, 6.3 once SLA is active) and the required attributes of events carry meaningful values: no empty or whitespace-only string, no unknown, n/a, na, none, null, undefined, placeholder, todo, tbd, changeme, - or ?, no empty OTLP value (also for genops.policy.result and reason_code), no NaN or Infinity, no negative amount.',
    severity: 'error',
    category: 'telemetry',
    spec: {
      section: '§9.1 (8)',
      text: 'A compliant runtime MUST NOT emit required attributes or required events with null, empty, placeholder, or semantically meaningless values.',
    },
  },
  {
    id: '9.1.8/placeholder-optional-value',
    section: '9.1.8',
    title: 'No placeholder in optional values',
    description:
      'The same placeholder check on optional genops.* attributes; a warning, since Section 9.1 only requires it of required attributes and events.',
    severity: 'warning',
    category: 'telemetry',
    spec: {
      section: '§9.1 (8)',
      text: 'A compliant runtime MUST NOT emit required attributes or required events with null, empty, placeholder, or semantically meaningless values.',
    },
  },
] as const satisfies readonly RuleDefinition[];

/**
 * Id of one of the {@link RULES}, `<section>/<slug>`.
 *
 * @example
 * ```ts
 * const id: RuleId = '3.3/reservation-recorded';
 * ```
 */
export type RuleId = (typeof RULES)[number]['id'];

const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(
  RULES.map((rule) => [rule.id, rule]),
);

/**
 * The definition of a rule by id.
 *
 * @throws RangeError when the id is not in {@link RULES}.
 * @example
 * ```ts
 * getRule('6.3/sla-met-consistency').severity; // 'error'
 * ```
 */
export function getRule(id: RuleId): RuleDefinition {
  const rule = RULES_BY_ID.get(id);
  if (rule === undefined) throw new RangeError(`Unknown GenOps conformance rule: ${id}`);
  return rule;
}
