import type { TelemetryInput } from '../model/telemetry-input.js';
import { fromReadableSpan } from '../readers/from-readable-span.js';
import type { RuleId } from '../registry/rule-registry.js';
import {
  type AwuSpec,
  allowedAwu,
  blockedAwu,
  type EventSpec,
  eventWith,
  rateLimitedAfterReservationAwu,
  warningAwuWithSla,
  withAttributes,
  withEvents,
} from './awu-specs.js';
import { emitWithSdk3 } from './emit-with-sdk.js';

/** A hand-built non-compliant input caught by exactly one rule. */
export interface RuleCase {
  readonly ruleId: RuleId;
  readonly title: string;
  /** AWU specs replayed through the SDK (also usable with SDK 2.x). */
  readonly awus?: readonly AwuSpec[];
  /** Inputs that are not plain AWU specs (duplicates, bad ids, log records). */
  readonly build?: () => Promise<TelemetryInput>;
}

const at = (events: readonly EventSpec[], index: number): EventSpec => {
  const event = events[index];
  if (event === undefined) throw new Error(`no event ${index}`);
  return event;
};

/** allowedAwu events: 0-1 decisions, 2 USD reservation, 3 token reservation, 4 reconciliation, 5 cost. */
const allowed = allowedAwu();
const E = allowed.events;

/** For every rule, at least one case; each case triggers that rule and no other. */
export const RULE_CASES: readonly RuleCase[] = [
  {
    ruleId: '9.4/awu-present',
    title: 'only spans without genops.* attributes',
    awus: [{ name: 'GET /health', attributes: { 'http.request.method': 'GET' }, events: [] }],
  },
  {
    ruleId: '2.2/awu-identity-unique',
    title: 'the same AWU span exported twice',
    build: async () => {
      const { spans } = await emitWithSdk3([allowedAwu()]);
      return { spans: [...spans, ...spans] };
    },
  },
  {
    ruleId: '2.2/awu-identity-valid',
    title: 'an all-zero trace id',
    build: async () => {
      const { spans } = await emitWithSdk3([allowedAwu()]);
      return {
        spans: spans.map((span) => ({ ...fromReadableSpan(span), traceId: '0'.repeat(32) })),
      };
    },
  },
  {
    ruleId: '7.1/required-attribute',
    title: 'no genops.team',
    awus: [withAttributes(allowedAwu(), { 'genops.team': null })],
  },
  {
    ruleId: '7.1/required-attribute',
    title: 'reconciled but no genops.accounting.actual',
    awus: [
      withAttributes(allowedAwu(), {
        'genops.accounting.actual': null,
        'genops.accounting.reconciliation_delta': null,
      }),
    ],
  },
  {
    ruleId: '7.1/required-attribute',
    title: 'refused AWU without genops.spec.version',
    awus: [withAttributes(blockedAwu(), { 'genops.spec.version': null })],
  },
  {
    ruleId: '7/attribute-type',
    title: 'fractional int64 token count and a string amount on an event',
    awus: [
      withEvents(withAttributes(allowedAwu(), { 'genops.tokens.input': 12.5 }), (events) => [
        ...events,
        {
          name: 'genops.budget.alert',
          attributes: {
            'genops.budget.name': 'b',
            'genops.budget.consumed': '90',
            'genops.budget.allocated': 100,
          },
        },
      ]),
    ],
  },
  {
    ruleId: '7/unknown-attribute',
    title: 'genops.model.temperature is not in spec v0.1',
    awus: [withAttributes(allowedAwu(), { 'genops.model.temperature': 0.2 })],
  },
  {
    ruleId: '4.1/decision-state',
    title: 'lowercase result on the AWU and DENIED on a decision event',
    awus: [
      withAttributes(allowedAwu(), { 'genops.policy.result': 'allowed' }),
      withEvents(blockedAwu(), (events) => [
        ...events,
        {
          name: 'genops.policy.evaluated',
          attributes: {
            'genops.policy.result': 'DENIED',
            'genops.policy.reason_code': 'POLICY_DENY_MODEL',
          },
        },
      ]),
    ],
  },
  {
    ruleId: '5.3/reason-code-required',
    title: 'BLOCKED without reason code',
    awus: [withAttributes(blockedAwu(), { 'genops.policy.reason_code': null })],
  },
  {
    ruleId: '5.3/reason-code-forbidden',
    title: 'ALLOWED with a reason code on the AWU and on a decision',
    awus: [
      withEvents(
        withAttributes(allowedAwu(), { 'genops.policy.reason_code': 'BUDGET_EXCEEDED' }),
        (events) => [
          eventWith(at(events, 0), { 'genops.policy.reason_code': 'POLICY_DENY_MODEL' }),
          ...events.slice(1),
        ],
      ),
    ],
  },
  {
    ruleId: '5.4/reason-code-taxonomy',
    title: 'freeform reason code',
    awus: [
      withEvents(
        withAttributes(blockedAwu(), { 'genops.policy.reason_code': 'MODEL_NOT_ALLOWED' }),
        (events) => [
          eventWith(at(events, 0), { 'genops.policy.reason_code': 'MODEL_NOT_ALLOWED' }),
        ],
      ),
    ],
  },
  {
    ruleId: '5.5/extension-code-grammar',
    title: 'extension code with uppercase and a dash',
    awus: [
      withEvents(
        withAttributes(blockedAwu(), { 'genops.policy.reason_code': 'x_Custom-Check' }),
        (events) => [eventWith(at(events, 0), { 'genops.policy.reason_code': 'x_Custom-Check' })],
      ),
    ],
  },
  {
    ruleId: '4.3/decision-consistency',
    title: 'ALLOWED AWU with a WARNING pre-execution decision',
    awus: [
      withEvents(allowedAwu(), (events) => [
        eventWith(at(events, 0), {
          'genops.policy.result': 'WARNING',
          'genops.policy.reason_code': 'x_soft_limit',
        }),
        ...events.slice(1),
      ]),
    ],
  },
  {
    ruleId: '4.3/decision-consistency',
    title: 'reason code of the AWU not carried by its BLOCKED decision',
    awus: [withAttributes(blockedAwu(), { 'genops.policy.reason_code': 'POLICY_DENY_REGION' })],
  },
  {
    ruleId: '4.3/decision-consistency',
    title: 'BLOCKED, then ALLOWED and executed: a block is not retried',
    awus: [
      withEvents(allowedAwu(), (events) => [
        eventWith(at(events, 0), {
          'genops.policy.result': 'BLOCKED',
          'genops.policy.reason_code': 'POLICY_DENY_MODEL',
        }),
        ...events.slice(1),
      ]),
    ],
  },
  {
    ruleId: '4.3/retry-in-same-awu',
    title: 'RATE_LIMITED, then the same policy ALLOWED, and executed in the same AWU',
    awus: [
      withEvents(allowedAwu(), (events) => [
        eventWith(at(events, 0), {
          'genops.policy.result': 'RATE_LIMITED',
          'genops.policy.reason_code': 'RATE_LIMITED',
        }),
        ...events,
      ]),
    ],
  },
  {
    ruleId: '8.1/decision-pre-execution',
    title: 'a content decision after the reconciliation',
    awus: [
      withEvents(allowedAwu(), (events) => [
        ...events,
        {
          name: 'genops.policy.evaluated',
          attributes: {
            'genops.policy.result': 'BLOCKED',
            'genops.policy.reason_code': 'POLICY_DENY_CONTENT',
          },
        },
      ]),
    ],
  },
  {
    ruleId: '6.4/post-execution-refusal',
    title: 'a BLOCKED SLA_LATENCY_VIOLATION decision after execution',
    awus: [
      withEvents(warningAwuWithSla(), (events) => [
        ...events.slice(0, 5),
        eventWith(at(events, 5), { 'genops.policy.result': 'BLOCKED' }),
        ...events.slice(6),
      ]),
    ],
  },
  {
    ruleId: '7.2/policy-evaluated-event',
    title: 'refused AWU without decision event',
    awus: [withEvents(blockedAwu(), () => [])],
  },
  {
    ruleId: '8/event-required-attribute',
    title: 'cost.calculated without currency',
    awus: [
      withEvents(allowedAwu(), (events) => [
        ...events.slice(0, 5),
        eventWith(at(events, 5), { 'genops.cost.currency': null }),
      ]),
    ],
  },
  {
    ruleId: '8/unknown-event',
    title: 'genops.budget.exhausted is not in spec v0.1',
    awus: [withEvents(allowedAwu(), (events) => [...events, { name: 'genops.budget.exhausted' }])],
  },
  {
    ruleId: '4.4/event-outside-awu',
    title: 'a decision event on a span without genops.* attributes',
    awus: [
      allowedAwu(),
      {
        name: 'http POST /v1/chat',
        attributes: { 'http.request.method': 'POST' },
        events: [
          { name: 'genops.policy.evaluated', attributes: { 'genops.policy.result': 'ALLOWED' } },
        ],
      },
    ],
  },
  {
    ruleId: '4.4/event-outside-awu',
    title: 'a GenOps log record outside any span',
    build: async () => {
      const { spans } = await emitWithSdk3([allowedAwu()]);
      return {
        spans,
        logs: [
          {
            eventName: 'genops.policy.evaluated',
            timeUnixNano: 1n,
            attributes: { 'genops.policy.result': 'ALLOWED' },
          },
        ],
      };
    },
  },
  {
    ruleId: '3.3/reservation-recorded',
    title: 'reserved amount but no reservation event (and nothing executed)',
    awus: [
      withEvents(
        withAttributes(allowedAwu(), {
          'genops.accounting.actual': null,
          'genops.accounting.reconciliation_delta': null,
          'genops.tokens.output': null,
        }),
        (events) => events.slice(0, 2),
      ),
    ],
  },
  {
    ruleId: '3.3/reconciliation-recorded',
    title: 'actual amount but no reconciliation event',
    awus: [withEvents(allowedAwu(), () => [at(E, 0), at(E, 1), at(E, 2), at(E, 3), at(E, 5)])],
  },
  {
    ruleId: '3.3/reconciliation-without-reservation',
    title: 'reconciliation without reservation',
    awus: [withEvents(allowedAwu(), () => [at(E, 0), at(E, 1), at(E, 4), at(E, 5)])],
  },
  {
    ruleId: '3.3/reservation-before-reconciliation',
    title: 'a reservation after the reconciliation',
    awus: [
      withEvents(allowedAwu(), () => [at(E, 0), at(E, 1), at(E, 3), at(E, 4), at(E, 2), at(E, 5)]),
    ],
  },
  {
    ruleId: '7.2.1/no-reconciliation-when-refused',
    title: 'BLOCKED AWU with an actual amount',
    awus: [withAttributes(blockedAwu(), { 'genops.accounting.actual': 0.01 })],
  },
  {
    ruleId: '7.2.1/no-reconciliation-when-refused',
    title: 'RATE_LIMITED AWU with a reconciliation event',
    awus: [
      withEvents(rateLimitedAfterReservationAwu(), (events) => [
        ...events,
        {
          name: 'genops.budget.reconciliation',
          attributes: {
            'genops.accounting.actual': 0,
            'genops.accounting.reserved': 0.4,
            'genops.accounting.unit': 'USD',
          },
        },
      ]),
    ],
  },
  {
    ruleId: '7.2.1/stopped-after-reservation',
    title: 'ALLOWED AWU reserved but never reconciled, with no sign of execution',
    awus: [
      withEvents(
        withAttributes(allowedAwu(), {
          'genops.accounting.actual': null,
          'genops.accounting.reconciliation_delta': null,
          'genops.tokens.output': null,
        }),
        (events) => events.slice(0, 4),
      ),
    ],
  },
  {
    ruleId: '3.4/unit-consistency',
    title: 'AWU in EUR, events in USD and tokens',
    awus: [withAttributes(allowedAwu(), { 'genops.accounting.unit': 'EUR' })],
  },
  {
    ruleId: '3.4/reserved-consistency',
    title: 'the reservation event reserves more than the AWU says',
    awus: [
      withEvents(rateLimitedAfterReservationAwu(), (events) => [
        at(events, 0),
        eventWith(at(events, 1), { 'genops.accounting.reserved': 0.5 }),
        at(events, 2),
      ]),
    ],
  },
  {
    ruleId: '3.3/reconciliation-matches-reservation',
    title: 'the USD budget reconciled in tokens',
    awus: [
      withEvents(allowedAwu(), (events) => [
        ...events.slice(0, 4),
        eventWith(at(events, 4), { 'genops.budget.name': 'team-tokens' }),
        at(events, 5),
      ]),
    ],
  },
  {
    ruleId: '3.3/reconciliation-matches-reservation',
    title: 'one reservation reconciled twice',
    awus: [
      withEvents(allowedAwu(), () => [at(E, 0), at(E, 1), at(E, 2), at(E, 3), at(E, 4), at(E, 4)]),
    ],
  },
  {
    ruleId: '3.4/actual-consistency',
    title: 'reconciliation actual differs from the AWU actual',
    awus: [
      withEvents(allowedAwu(), (events) => [
        ...events.slice(0, 4),
        eventWith(at(events, 4), {
          'genops.accounting.actual': 0.016,
          'genops.accounting.reconciliation_delta': 0.016 - 0.02,
        }),
        at(events, 5),
      ]),
    ],
  },
  {
    ruleId: '8.3/reconciliation-delta',
    title: 'delta with the wrong sign on the AWU',
    awus: [withAttributes(allowedAwu(), { 'genops.accounting.reconciliation_delta': 0.005 })],
  },
  {
    ruleId: '6.3/sla-attributes-complete',
    title: 'SLA without tier',
    awus: [withAttributes(warningAwuWithSla(), { 'genops.sla.tier': null })],
  },
  {
    ruleId: '6.3/sla-met-consistency',
    title: 'met true although 350 ms > 200 ms',
    awus: [withAttributes(warningAwuWithSla(), { 'genops.sla.met': true })],
  },
  {
    ruleId: '11.3/spec-version-format',
    title: 'spec version 0.1',
    awus: [withAttributes(allowedAwu(), { 'genops.spec.version': '0.1' })],
  },
  {
    ruleId: '11.3/spec-version-match',
    title: 'spec version 0.2.0 checked against 0.1.0',
    awus: [withAttributes(allowedAwu(), { 'genops.spec.version': '0.2.0' })],
  },
  {
    ruleId: '2.3/attribution-consistency',
    title: 'reservation event attributed to another team',
    awus: [
      withEvents(allowedAwu(), (events) => [
        ...events.slice(0, 2),
        eventWith(at(events, 2), { 'genops.team': 'ads' }),
        ...events.slice(3),
      ]),
    ],
  },
  {
    ruleId: '7.3/customer-context-consistency',
    title: 'a decision made for another customer',
    awus: [
      withEvents(warningAwuWithSla(), (events) => [
        at(events, 0),
        eventWith(at(events, 1), { 'genops.customer_id': 'globex' }),
        ...events.slice(2),
      ]),
    ],
  },
  {
    ruleId: '9.1.8/placeholder-value',
    title: 'team "N/A" and a TBD currency on cost.calculated',
    awus: [
      withEvents(withAttributes(allowedAwu(), { 'genops.team': 'N/A' }), (events) => [
        ...events.slice(0, 5),
        eventWith(at(events, 5), { 'genops.cost.currency': 'TBD' }),
      ]),
    ],
  },
  {
    ruleId: '9.1.8/placeholder-value',
    title: 'blank operation name',
    awus: [withAttributes(blockedAwu(), { 'genops.operation.name': '   ' })],
  },
  {
    ruleId: '9.1.8/placeholder-optional-value',
    title: 'budget name "todo" and a negative token count',
    awus: [
      withEvents(withAttributes(allowedAwu(), { 'genops.tokens.output': -1 }), (events) => [
        ...events.slice(0, 3),
        eventWith(at(events, 3), { 'genops.budget.name': 'todo' }),
        ...events.slice(4),
      ]),
    ],
  },
];

/** The input of a case, replayed through the OpenTelemetry JS SDK 3.x. */
export async function buildCase(ruleCase: RuleCase): Promise<TelemetryInput> {
  if (ruleCase.build !== undefined) return ruleCase.build();
  return emitWithSdk3(ruleCase.awus ?? []);
}
