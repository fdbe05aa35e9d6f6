import type { TelemetryAttributes, TelemetryEvent, TelemetrySpan } from '../model/telemetry.js';
import { parseOtlpJson } from '../readers/parse-otlp-json.js';
import { readOtlpJson } from '../readers/read-otlp-json.js';
import {
  ALWAYS_REQUIRED_ATTRIBUTES,
  ATTRIBUTE_REGISTRY,
  ATTRIBUTION_ATTRIBUTES,
} from '../registry/attribute-registry.js';
import { EVENT_REGISTRY, GENOPS_EVENTS } from '../registry/event-registry.js';
import type { RuleId } from '../registry/rule-registry.js';
import { compliantAwus } from './awu-specs.js';
import { readFixture } from './fixtures.js';
import { otlpAwu, otlpDocument } from './otlp-awus.js';

/**
 * Mutation testing of the validator: compliant AWUs, each changed in one way the spec forbids,
 * with the rule that must catch the change. The expected rule comes from the kind of change (what
 * the spec says about it), never from running the validator.
 */

/** One change to one compliant AWU and the rule that must report it. */
export interface Mutant {
  /** Base AWU and change, e.g. `demo#2 span genops.team removed`. */
  readonly name: string;
  readonly spans: readonly TelemetrySpan[];
  readonly expected: RuleId;
}

/** A compliant AWU to mutate, named for failure messages. */
export interface BaseAwu {
  readonly name: string;
  readonly span: TelemetrySpan;
}

const REMOVE = Symbol('remove');
type Change = unknown;
type Changes = Readonly<Record<string, Change>>;

const RESULT = 'genops.policy.result';
const REASON_CODE = 'genops.policy.reason_code';
const RESERVED = 'genops.accounting.reserved';
const ACTUAL = 'genops.accounting.actual';
const UNIT = 'genops.accounting.unit';
const DELTA = 'genops.accounting.reconciliation_delta';

/**
 * The compliant AWUs mutated: the hand-built shapes of the rule tests and one AWU of each shape
 * the demo emitted (ALLOWED with two budgets and a budget alert, WARNING on a soft budget,
 * RATE_LIMITED and BLOCKED by three policies, LangChain chain AWUs reserving 0).
 */
export function compliantBases(): BaseAwu[] {
  const handBuilt = readOtlpJson(otlpDocument(compliantAwus().map(otlpAwu))).spans;
  const demo = parseOtlpJson(readFixture('demo-sample.jsonl'), { source: 'demo-sample.jsonl' });
  return [
    ...handBuilt.map((span, index) => ({ name: `spec#${index} ${span.name}`, span })),
    ...demo.spans.map((span, index) => ({ name: `demo#${index} ${span.name}`, span })),
  ];
}

function applyChanges(attributes: TelemetryAttributes, changes: Changes): TelemetryAttributes {
  const result: Record<string, unknown> = { ...attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === REMOVE) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** Events renumbered in array order, 1 ms apart, so that a reordering is what the time says. */
function retimed(events: readonly TelemetryEvent[], start: bigint): TelemetryEvent[] {
  return events.map((event, index) => ({
    ...event,
    timeUnixNano: start + BigInt(index) * 1_000_000n,
  }));
}

function withSpanAttributes(span: TelemetrySpan, changes: Changes): TelemetrySpan {
  return { ...span, attributes: applyChanges(span.attributes, changes) };
}

function withEventAttributes(span: TelemetrySpan, index: number, changes: Changes): TelemetrySpan {
  return {
    ...span,
    events: span.events.map((event, position) =>
      position === index
        ? { ...event, attributes: applyChanges(event.attributes, changes) }
        : event,
    ),
  };
}

function withEventList(span: TelemetrySpan, events: readonly TelemetryEvent[]): TelemetrySpan {
  const start = span.events[0]?.timeUnixNano ?? 1_767_225_600_000_000_000n;
  return { ...span, events: retimed(events, start) };
}

/** A value of another type than the spec's. */
function wrongType(key: string): unknown {
  switch (ATTRIBUTE_REGISTRY[key]?.type) {
    case 'string':
      return 42;
    case 'boolean':
      return 'true';
    case 'int64':
      return 12.5;
    default:
      return '0.25';
  }
}

/** Placeholder values of the attribute's type (9.1.8), an empty OTLP value (`null`) first. */
function placeholders(key: string): unknown[] {
  const definition = ATTRIBUTE_REGISTRY[key];
  const values: unknown[] = [null];
  if (definition?.closedSet === true) return values;
  if (definition?.type === 'string') values.push('unknown', '', '   ', 'N/A', 'TBD', 'null', 'na');
  if (definition?.type === 'double') values.push(Number.NaN, Number.POSITIVE_INFINITY);
  if (definition?.nonNegative === true) values.push(-1);
  return values;
}

/** Values outside the closed set of a decision attribute, with the rule that must catch them. */
function outOfSet(key: string): Array<[unknown, RuleId]> {
  if (key === RESULT) {
    return ['allowed', 'DENIED', 'ALLOW', 'unknown', '', 7].map((value) => [
      value,
      '4.1/decision-state',
    ]);
  }
  if (key === REASON_CODE) {
    return [
      ['MODEL_NOT_ALLOWED', '5.4/reason-code-taxonomy'],
      ['budget exceeded', '5.4/reason-code-taxonomy'],
      ['unknown', '5.4/reason-code-taxonomy'],
      ['', '5.4/reason-code-taxonomy'],
      ['x_Bad-Code', '5.5/extension-code-grammar'],
      ['X_upper', '5.5/extension-code-grammar'],
    ];
  }
  if (key === 'genops.spec.version') {
    return [
      ['0.1', '11.3/spec-version-format'],
      ['v0.1.0', '11.3/spec-version-format'],
      ['0.2.0', '11.3/spec-version-match'],
    ];
  }
  return [];
}

const isRefused = (span: TelemetrySpan) =>
  span.attributes[RESULT] === 'BLOCKED' || span.attributes[RESULT] === 'RATE_LIMITED';

function indexesOf(span: TelemetrySpan, name: string): number[] {
  return span.events.flatMap((event, index) => (event.name === name ? [index] : []));
}

/** Every mutant of one base AWU. */
export function mutantsOf(base: BaseAwu): Mutant[] {
  const mutants: Mutant[] = [];
  const add = (change: string, spans: TelemetrySpan | TelemetrySpan[], expected: RuleId) => {
    mutants.push({
      name: `${base.name}: ${change}`,
      spans: Array.isArray(spans) ? spans : [spans],
      expected,
    });
  };
  spanAttributeMutants(base.span, add);
  otherSpanAttributeMutants(base.span, add);
  eventAttributeMutants(base.span, add);
  eventMutants(base.span, add);
  executedEventMutants(base.span, add);
  lifecycleMutants(base.span, add);
  identityMutants(base.span, add);
  accountingMutants(base.span, add);
  decisionMutants(base.span, add);
  return mutants;
}

type Add = (change: string, spans: TelemetrySpan | TelemetrySpan[], expected: RuleId) => void;

function spanAttributeMutants(span: TelemetrySpan, add: Add): void {
  const conditional = [RESERVED, ACTUAL, UNIT, REASON_CODE].filter(
    (key) => span.attributes[key] !== undefined,
  );
  for (const key of [...ALWAYS_REQUIRED_ATTRIBUTES, ...conditional]) {
    add(
      `span ${key} removed`,
      withSpanAttributes(span, { [key]: REMOVE }),
      key === REASON_CODE ? '5.3/reason-code-required' : '7.1/required-attribute',
    );
    add(
      `span ${key} of the wrong type`,
      withSpanAttributes(span, { [key]: wrongType(key) }),
      '7/attribute-type',
    );
    for (const value of placeholders(key)) {
      add(
        `span ${key} = ${String(value)}`,
        withSpanAttributes(span, { [key]: value }),
        key === REASON_CODE && value === null
          ? '5.3/reason-code-required'
          : '9.1.8/placeholder-value',
      );
    }
    for (const [value, rule] of outOfSet(key)) {
      add(
        `span ${key} = ${JSON.stringify(value)}`,
        withSpanAttributes(span, { [key]: value }),
        rule,
      );
    }
  }
}

/** A reason code where none may be, unknown, optional and SLA attributes of the span. */
function otherSpanAttributeMutants(span: TelemetrySpan, add: Add): void {
  if (span.attributes[RESULT] === 'ALLOWED') {
    add(
      'reason code on an ALLOWED AWU',
      withSpanAttributes(span, { [REASON_CODE]: 'BUDGET_EXCEEDED' }),
      '5.3/reason-code-forbidden',
    );
  }
  add(
    'an undefined genops.* attribute',
    withSpanAttributes(span, { 'genops.x_extra': 1 }),
    '7/unknown-attribute',
  );
  if (typeof span.attributes['genops.tokens.input'] === 'number') {
    add(
      'negative genops.tokens.input',
      withSpanAttributes(span, { 'genops.tokens.input': -1 }),
      '9.1.8/placeholder-optional-value',
    );
    add(
      'NaN genops.tokens.input',
      withSpanAttributes(span, { 'genops.tokens.input': Number.NaN }),
      '7/attribute-type',
    );
  }
  if (typeof span.attributes['genops.sla.met'] === 'boolean') {
    add(
      'genops.sla.met flipped',
      withSpanAttributes(span, { 'genops.sla.met': !span.attributes['genops.sla.met'] }),
      '6.3/sla-met-consistency',
    );
    add(
      'genops.sla.tier removed',
      withSpanAttributes(span, { 'genops.sla.tier': REMOVE }),
      '6.3/sla-attributes-complete',
    );
  }
}

/** Mutants of each GenOps event's attributes. */
function eventAttributeMutants(span: TelemetrySpan, add: Add): void {
  span.events.forEach((event, index) => {
    const schema = EVENT_REGISTRY[event.name];
    if (schema === undefined) return;
    const target: EventTarget = { span, event, index, label: `${event.name}[${index}]` };
    requiredEventAttributeMutants(target, schema.requiredAttributes, add);
    decisionAttributeMutants(target, add);
    eventAttributionMutants(target, add);
  });
}

interface EventTarget {
  readonly span: TelemetrySpan;
  readonly event: TelemetryEvent;
  readonly index: number;
  readonly label: string;
}

function requiredEventAttributeMutants(
  { span, index, label }: EventTarget,
  required: readonly string[],
  add: Add,
): void {
  for (const key of required) {
    add(
      `${label} ${key} removed`,
      withEventAttributes(span, index, { [key]: REMOVE }),
      '8/event-required-attribute',
    );
    add(
      `${label} ${key} of the wrong type`,
      withEventAttributes(span, index, { [key]: wrongType(key) }),
      '7/attribute-type',
    );
    for (const value of placeholders(key)) {
      add(
        `${label} ${key} = ${String(value)}`,
        withEventAttributes(span, index, { [key]: value }),
        '9.1.8/placeholder-value',
      );
    }
    for (const [value, rule] of outOfSet(key)) {
      add(
        `${label} ${key} = ${JSON.stringify(value)}`,
        withEventAttributes(span, index, { [key]: value }),
        rule,
      );
    }
  }
}

function decisionAttributeMutants({ span, event, index, label }: EventTarget, add: Add): void {
  if (event.name === GENOPS_EVENTS.policyEvaluated) {
    if (event.attributes[REASON_CODE] === undefined) {
      add(
        `${label} reason code on an ALLOWED decision`,
        withEventAttributes(span, index, { [REASON_CODE]: 'RATE_LIMITED' }),
        '5.3/reason-code-forbidden',
      );
    } else {
      add(
        `${label} reason code removed`,
        withEventAttributes(span, index, { [REASON_CODE]: REMOVE }),
        '5.3/reason-code-required',
      );
      add(
        `${label} reason code with no value`,
        withEventAttributes(span, index, { [REASON_CODE]: null }),
        '5.3/reason-code-required',
      );
      for (const [value, rule] of outOfSet(REASON_CODE)) {
        add(
          `${label} reason code ${JSON.stringify(value)}`,
          withEventAttributes(span, index, { [REASON_CODE]: value }),
          rule,
        );
      }
    }
  } else {
    add(
      `${label} carries result "allowed"`,
      withEventAttributes(span, index, { [RESULT]: 'allowed' }),
      '4.1/decision-state',
    );
    add(
      `${label} carries a freeform reason code`,
      withEventAttributes(span, index, { [RESULT]: 'WARNING', [REASON_CODE]: 'near the limit' }),
      '5.4/reason-code-taxonomy',
    );
  }
}

function eventAttributionMutants({ span, index, label }: EventTarget, add: Add): void {
  for (const key of ATTRIBUTION_ATTRIBUTES) {
    add(
      `${label} ${key} differs from the AWU`,
      withEventAttributes(span, index, { [key]: `${String(span.attributes[key])}-other` }),
      '2.3/attribution-consistency',
    );
  }
  if (typeof span.attributes['genops.customer_id'] === 'string') {
    add(
      `${label} for another customer`,
      withEventAttributes(span, index, { 'genops.customer_id': 'someone-else' }),
      '7.3/customer-context-consistency',
    );
  }
}

/** The AWU's events by kind, and a copy of them without some. */
function eventIndexes(span: TelemetrySpan) {
  const events = span.events;
  return {
    events,
    decisions: indexesOf(span, GENOPS_EVENTS.policyEvaluated),
    reservations: indexesOf(span, GENOPS_EVENTS.budgetReservation),
    reconciliations: indexesOf(span, GENOPS_EVENTS.budgetReconciliation),
    without: (drop: readonly number[]) => events.filter((_event, index) => !drop.includes(index)),
  };
}

/** Required events removed, unknown events, a refused AWU that executed. */
function eventMutants(span: TelemetrySpan, add: Add): void {
  const { events, decisions, reservations, reconciliations, without } = eventIndexes(span);
  add(
    'every decision removed',
    withEventList(span, without(decisions)),
    '7.2/policy-evaluated-event',
  );
  if (reservations.length > 0) {
    add(
      'every reservation removed',
      withEventList(span, without(reservations)),
      reconciliations.length > 0
        ? '3.3/reconciliation-without-reservation'
        : '3.3/reservation-recorded',
    );
  }
  add(
    'an undefined genops.* event',
    withEventList(span, [
      ...events,
      { name: 'genops.budget.exhausted', timeUnixNano: 0n, attributes: {} },
    ]),
    '8/unknown-event',
  );
  if (isRefused(span)) {
    add(
      'a reconciliation on a refused AWU',
      withEventList(span, [
        ...events,
        {
          name: GENOPS_EVENTS.budgetReconciliation,
          timeUnixNano: 0n,
          attributes: { [ACTUAL]: 0, [RESERVED]: 0, [UNIT]: 'tokens' },
        },
      ]),
      '7.2.1/no-reconciliation-when-refused',
    );
    add(
      'an actual amount on a refused AWU',
      withSpanAttributes(span, { [ACTUAL]: 1 }),
      '7.2.1/no-reconciliation-when-refused',
    );
  }
}

/** An AWU that executed: its reconciliation or every sign of execution removed. */
function executedEventMutants(span: TelemetrySpan, add: Add): void {
  const { reconciliations, without } = eventIndexes(span);
  if (reconciliations.length === 0) return;
  add(
    'every reconciliation removed',
    withEventList(span, without(reconciliations)),
    '3.3/reconciliation-recorded',
  );
  const ran = ['genops.tokens.output', 'genops.sla.actual_latency_ms'].some(
    (key) => span.attributes[key] !== undefined,
  );
  const stopped = withSpanAttributes(withEventList(span, without(reconciliations)), {
    [ACTUAL]: REMOVE,
    [DELTA]: REMOVE,
  });
  add(
    'reconciliations and actual removed',
    stopped,
    ran ? '7.1/required-attribute' : '7.2.1/stopped-after-reservation',
  );
  if (ran) {
    add(
      'reconciliations, actual and every sign of execution removed',
      withSpanAttributes(stopped, {
        'genops.tokens.output': REMOVE,
        'genops.sla.tier': REMOVE,
        'genops.sla.latency_target_ms': REMOVE,
        'genops.sla.actual_latency_ms': REMOVE,
        'genops.sla.met': REMOVE,
      }),
      '7.2.1/stopped-after-reservation',
    );
  }
}

/** Reconciliations moved first, duplicated or in another unit; decisions moved after execution. */
function lifecycleMutants(span: TelemetrySpan, add: Add): void {
  const { events, decisions, reconciliations, without } = eventIndexes(span);
  if (reconciliations.length === 0) return;
  const firstReconciliation = reconciliations[0] ?? 0;
  for (const index of reconciliations) {
    const rest = without([index]);
    add(
      `${events[index]?.name}[${index}] moved first`,
      withEventList(span, [events[index] as TelemetryEvent, ...rest]),
      '3.3/reservation-before-reconciliation',
    );
    add(
      `${events[index]?.name}[${index}] duplicated`,
      withEventList(span, [
        ...events.slice(0, index + 1),
        events[index] as TelemetryEvent,
        ...events.slice(index + 1),
      ]),
      '3.3/reconciliation-matches-reservation',
    );
    add(
      `${events[index]?.name}[${index}] in another unit`,
      withEventAttributes(span, index, { [UNIT]: 'compute_seconds' }),
      '3.3/reconciliation-matches-reservation',
    );
  }
  for (const index of decisions) {
    const event = events[index] as TelemetryEvent;
    if (index > firstReconciliation) {
      if (event.attributes[REASON_CODE] === 'SLA_LATENCY_VIOLATION') {
        add(
          `${event.name}[${index}] post-execution SLA decision BLOCKED`,
          withEventAttributes(span, index, { [RESULT]: 'BLOCKED' }),
          '6.4/post-execution-refusal',
        );
      }
      continue;
    }
    if (event.attributes[REASON_CODE] === 'SLA_LATENCY_VIOLATION') continue;
    add(
      `${event.name}[${index}] moved after execution`,
      withEventList(span, [...without([index]), event]),
      '8.1/decision-pre-execution',
    );
  }
}

function identityMutants(span: TelemetrySpan, add: Add): void {
  add('all-zero trace id', { ...span, traceId: '0'.repeat(32) }, '2.2/awu-identity-valid');
  add('span id of 15 digits', { ...span, spanId: span.spanId.slice(1) }, '2.2/awu-identity-valid');
  add('the same AWU exported twice', [span, span], '2.2/awu-identity-unique');
  const stripped = {
    ...span,
    attributes: Object.fromEntries(
      Object.entries(span.attributes).filter(([key]) => !key.startsWith('genops.')),
    ),
  };
  add('every genops.* attribute removed: no AWU left', stripped, '9.4/awu-present');
  add(
    'every genops.* attribute removed: its events have no AWU',
    stripped,
    '4.4/event-outside-awu',
  );
}

function accountingMutants(span: TelemetrySpan, add: Add): void {
  const reconciliations = indexesOf(span, GENOPS_EVENTS.budgetReconciliation);
  const reserved = span.attributes[RESERVED];
  const actual = span.attributes[ACTUAL];
  if (typeof reserved === 'number' && indexesOf(span, GENOPS_EVENTS.budgetReservation).length > 0) {
    add(
      'span reserved differs from its events',
      withSpanAttributes(span, { [RESERVED]: reserved + 1 }),
      '3.4/reserved-consistency',
    );
  }
  if (typeof actual === 'number' && reconciliations.length > 0) {
    add(
      'span actual differs from its reconciliation',
      withSpanAttributes(span, { [ACTUAL]: actual + 1 }),
      '3.4/actual-consistency',
    );
    const unit = String(span.attributes[UNIT]);
    const swapped = unit === unit.toUpperCase() ? unit.toLowerCase() : unit.toUpperCase();
    add(
      `span unit ${swapped} instead of ${unit}`,
      withSpanAttributes(span, { [UNIT]: swapped }),
      '3.4/unit-consistency',
    );
  }
  for (const index of reconciliations) {
    const delta = span.events[index]?.attributes[DELTA];
    if (typeof delta !== 'number') continue;
    add(
      `reconciliation[${index}] delta off by one`,
      withEventAttributes(span, index, { [DELTA]: delta + 1 }),
      '8.3/reconciliation-delta',
    );
    add(
      `reconciliation[${index}] delta NaN`,
      withEventAttributes(span, index, { [DELTA]: Number.NaN }),
      '8.3/reconciliation-delta',
    );
  }
}

/** The span's decision contradicting its decision events, a retry, a block ignored. */
function decisionMutants(span: TelemetrySpan, add: Add): void {
  const { decisions, reconciliations } = eventIndexes(span);
  const result = span.attributes[RESULT];
  if (result === 'ALLOWED') {
    add(
      'span WARNING although every decision allowed',
      withSpanAttributes(span, { [RESULT]: 'WARNING', [REASON_CODE]: 'x_other' }),
      '4.3/decision-consistency',
    );
  } else {
    add(
      'span reason code carried by no decision',
      withSpanAttributes(span, { [REASON_CODE]: 'ACCOUNTING_INVARIANT_VIOLATION' }),
      '4.3/decision-consistency',
    );
  }
  const first = decisions[0];
  const firstDecision = first === undefined ? undefined : span.events[first];
  if (result !== 'ALLOWED' || first === undefined || firstDecision === undefined) return;
  // 4.3: a retry re-evaluates the policy that rate-limited; another policy allowing is no retry.
  const policy = firstDecision.attributes['genops.policy.name'];
  const reevaluated = decisions.some(
    (index) =>
      index > first &&
      index < (reconciliations[0] ?? Number.POSITIVE_INFINITY) &&
      (policy === undefined || span.events[index]?.attributes['genops.policy.name'] === policy),
  );
  add(
    'first decision RATE_LIMITED, the AWU proceeded',
    withEventAttributes(span, first, { [RESULT]: 'RATE_LIMITED', [REASON_CODE]: 'RATE_LIMITED' }),
    reevaluated ? '4.3/retry-in-same-awu' : '4.3/decision-consistency',
  );
  const rateLimited = {
    ...firstDecision,
    attributes: {
      ...firstDecision.attributes,
      [RESULT]: 'RATE_LIMITED',
      [REASON_CODE]: 'RATE_LIMITED',
    },
  };
  add(
    'first policy RATE_LIMITED, then evaluated again and ALLOWED (a retry)',
    withEventList(span, [rateLimited, ...span.events]),
    '4.3/retry-in-same-awu',
  );
  add(
    'first decision BLOCKED, the AWU proceeded',
    withEventAttributes(span, first, { [RESULT]: 'BLOCKED', [REASON_CODE]: 'POLICY_DENY_MODEL' }),
    '4.3/decision-consistency',
  );
}
