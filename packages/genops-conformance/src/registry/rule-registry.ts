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
  },
  {
    id: '2.2/awu-identity-unique',
    section: '2.2',
    title: 'AWU identity is unique',
    description:
      'No two AWU spans share the same (trace id, span id); duplicates after the first are reported and not judged further.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '2.2/awu-identity-valid',
    section: '2.2',
    title: 'AWU identity is a valid W3C span context',
    description:
      'The trace id is 32 and the span id 16 hexadecimal digits, neither all zeros (W3C Trace Context).',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '7.1/required-attribute',
    section: '7.1',
    title: 'Required attributes present',
    description:
      'genops.team, genops.project, genops.environment, genops.operation.name, genops.operation.type, genops.policy.result and genops.spec.version on every AWU; genops.accounting.reserved and genops.accounting.unit once the AWU reached reservation (a reservation event or a reserved amount is present, or the decision let it proceed); genops.accounting.actual once it reached execution (a reconciliation event or an actual amount is present). An AWU refused before reservation may omit all three (7.1, 7.2.1).',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '7/attribute-type',
    section: '7',
    title: 'Attribute types',
    description:
      'Every known genops.* attribute, on the AWU or on one of its events, has its spec type: string, boolean, double (a number) or int64 (an integer). Arrays and maps are never valid.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '7/unknown-attribute',
    section: '7',
    title: 'Unknown genops.* attribute',
    description:
      'An attribute in the genops.* namespace that spec v0.1 does not define, on the AWU or on one of its events.',
    severity: 'warning',
    category: 'telemetry',
  },
  {
    id: '4.1/decision-state',
    section: '4.1',
    title: 'Closed decision set',
    description:
      'genops.policy.result, on the AWU and on every genops.policy.evaluated event, is exactly ALLOWED, BLOCKED, WARNING or RATE_LIMITED.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '5.3/reason-code-required',
    section: '5.3',
    title: 'reason_code present when not ALLOWED',
    description:
      'When genops.policy.result is BLOCKED, WARNING or RATE_LIMITED (AWU or decision event), genops.policy.reason_code is set.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '5.3/reason-code-forbidden',
    section: '5.3',
    title: 'reason_code absent when ALLOWED',
    description:
      'When genops.policy.result is ALLOWED (AWU or decision event), genops.policy.reason_code is not set.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '5.4/reason-code-taxonomy',
    section: '5.4',
    title: 'reason_code from the taxonomy',
    description:
      'A reason code that is not an extension code (x_…) is one of the nine codes of Section 5.2; freeform strings are not permitted.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '5.5/extension-code-grammar',
    section: '5.5',
    title: 'Extension code grammar',
    description: 'A reason code starting with x_ (in any case) matches ^x_[a-z0-9_]+$.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '4.2/decision-consistency',
    section: '4.2',
    title: 'AWU decision matches its decision events',
    description:
      'The AWU genops.policy.result equals the most severe result (BLOCKED > RATE_LIMITED > WARNING > ALLOWED) of its pre-execution genops.policy.evaluated events (those before the first reconciliation, all of them when there is none), and its reason code is carried by one of those decisions with that result. Decisions after the reconciliation are post-execution and are not compared.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '7.2/policy-evaluated-event',
    section: '7.2',
    title: 'genops.policy.evaluated emitted',
    description:
      'Every AWU, including one refused before reservation, emits at least one genops.policy.evaluated event (7.2, 7.2.1, 8.1).',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '8/event-required-attribute',
    section: '8',
    title: 'Event required attributes',
    description:
      'Each GenOps event carries the attributes its schema requires: policy.evaluated (8.1) genops.policy.result; budget.reservation (8.2) reserved and unit; budget.reconciliation (8.3) actual, reserved and unit; cost.calculated, budget.alert and evaluation.complete (8.4) theirs.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '8/unknown-event',
    section: '8',
    title: 'Unknown genops.* event',
    description: 'An event in the genops. namespace that spec v0.1 does not define.',
    severity: 'warning',
    category: 'telemetry',
  },
  {
    id: '4.4/event-outside-awu',
    section: '4.4',
    title: 'Every GenOps event belongs to an AWU',
    description:
      'A genops.* event recorded on a span that is not an AWU, or a genops.* log record whose trace/span id matches no AWU span of the input, has no parent AWU.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '2.4/decision-before-reservation',
    section: '2.4',
    title: 'Decision before reservation',
    description:
      'Lifecycle order decision → reservation: the first genops.policy.evaluated event precedes the first genops.budget.reservation event (ordered by event time, then emission order).',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '3.3/reservation-recorded',
    section: '3.3',
    title: 'Reservation event emitted',
    description:
      'An AWU that reached reservation (it carries genops.accounting.reserved, or its decision let it proceed) emits a genops.budget.reservation event before execution (3.3 condition 1, 7.2.1).',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '3.3/reconciliation-recorded',
    section: '3.3',
    title: 'Reconciliation event emitted',
    description:
      'An AWU that reached execution (it carries genops.accounting.actual) emits a genops.budget.reconciliation event (3.3 condition 3).',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '3.3/reconciliation-without-reservation',
    section: '3.3',
    title: 'No reconciliation without reservation',
    description:
      'An AWU with a genops.budget.reconciliation event also has a genops.budget.reservation event: there is nothing to reconcile against otherwise.',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '3.3/reservation-before-reconciliation',
    section: '3.3',
    title: 'Reservation before reconciliation',
    description:
      'Lifecycle order reservation → reconciliation: every genops.budget.reservation event precedes the first genops.budget.reconciliation event.',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '7.2.1/no-reconciliation-when-refused',
    section: '7.2.1',
    title: 'No reconciliation on a refused AWU',
    description:
      'An AWU whose decision is BLOCKED or RATE_LIMITED does not execute (4.1), so it emits no genops.budget.reconciliation event and no genops.accounting.actual.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '7.2.1/stopped-after-reservation',
    section: '7.2.1',
    title: 'Allowed AWU without reconciliation',
    description:
      'An AWU allowed to proceed that has a reservation but neither a reconciliation nor an actual amount is accepted as stopped after reservation (7.2.1); reported as a warning because telemetry cannot tell it from an AWU that executed without reconciling.',
    severity: 'warning',
    category: 'accounting-invariant',
  },
  {
    id: '3.4/unit-consistency',
    section: '3.4',
    title: 'Accounting unit consistent',
    description:
      'When an AWU emits reservation (or reconciliation) events, at least one of them is in the AWU genops.accounting.unit.',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '3.4/reserved-consistency',
    section: '3.4',
    title: 'Reserved amount consistent',
    description:
      'Every reservation and reconciliation event in the AWU unit reports the AWU genops.accounting.reserved (relative tolerance 1e-9).',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '3.4/actual-consistency',
    section: '3.4',
    title: 'Actual amount consistent',
    description:
      'Every reconciliation event in the AWU unit reports the AWU genops.accounting.actual (relative tolerance 1e-9).',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '8.3/reconciliation-delta',
    section: '8.3',
    title: 'reconciliation_delta = actual - reserved',
    description:
      'genops.accounting.reconciliation_delta, on the AWU or on a reconciliation event, equals actual - reserved of the same carrier (relative tolerance 1e-9).',
    severity: 'error',
    category: 'accounting-invariant',
  },
  {
    id: '6.3/sla-attributes-complete',
    section: '6.3',
    title: 'SLA attributes complete',
    description:
      'When any genops.sla.* attribute is present, all four are: tier, latency_target_ms, actual_latency_ms and met.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '6.3/sla-met-consistency',
    section: '6.3',
    title: 'SLA met is consistent',
    description: 'genops.sla.met is true exactly when actual_latency_ms <= latency_target_ms.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '11.3/spec-version-format',
    section: '11.3',
    title: 'Spec version is MAJOR.MINOR.PATCH',
    description: 'genops.spec.version is a SemVer MAJOR.MINOR.PATCH version, e.g. 0.1.0.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '11.3/spec-version-match',
    section: '11.3',
    title: 'Spec version is the one checked',
    description:
      'genops.spec.version equals the spec version the report checks against (option specVersion, default 0.1.0).',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '2.3/attribution-consistency',
    section: '2.3',
    title: 'Attribution immutable across events',
    description:
      'An event carrying genops.team, genops.project, genops.environment or a customer-context attribute (customer_id, feature, session_id, cost_center) carries the same value as its AWU.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '9.1.8/placeholder-value',
    section: '9.1.8',
    title: 'No placeholder in required values',
    description:
      'Required attributes (7.1, 6.3 once SLA is active) and the required attributes of events carry meaningful values: no empty or whitespace-only string, no unknown, n/a, none, null, undefined, placeholder, todo, tbd, changeme, - or ?, no missing value, no NaN or Infinity, no negative amount.',
    severity: 'error',
    category: 'telemetry',
  },
  {
    id: '9.1.8/placeholder-optional-value',
    section: '9.1.8',
    title: 'No placeholder in optional values',
    description:
      'The same placeholder check on optional genops.* attributes; a warning, since Section 9.1 only requires it of required attributes and events.',
    severity: 'warning',
    category: 'telemetry',
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
