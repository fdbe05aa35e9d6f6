/**
 * Hand-built AWU shapes for the tests: what a runtime would record on one span, as plain data
 * that the SDK emitters replay through real OpenTelemetry SDKs.
 */

/** An attribute value the OpenTelemetry API accepts. */
export type SpecValue = string | number | boolean;

/** One GenOps event: a span event, or a log record with `via: 'log'`. */
export interface EventSpec {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, SpecValue>>;
  /** Milliseconds after the span start. Default: 10 ms after the previous event. */
  readonly atMs?: number;
  /** Emit as a span event, through the Logs API, or both. Default `'span'`. */
  readonly via?: 'span' | 'log' | 'both';
}

/** One span: its name, attributes and events. */
export interface AwuSpec {
  readonly name: string;
  readonly attributes: Readonly<Record<string, SpecValue>>;
  readonly events: readonly EventSpec[];
}

const ATTRIBUTION = {
  'genops.team': 'search',
  'genops.project': 'answers',
  'genops.environment': 'production',
} as const;

/** An ALLOWED AWU that reserved, executed and reconciled: compliant. */
export function allowedAwu(): AwuSpec {
  return {
    name: 'chat gpt-4o-mini',
    attributes: {
      ...ATTRIBUTION,
      'genops.operation.name': 'answer question',
      'genops.operation.type': 'inference',
      'genops.policy.result': 'ALLOWED',
      'genops.spec.version': '0.1.0',
      'genops.accounting.reserved': 0.02,
      'genops.accounting.actual': 0.015,
      'genops.accounting.unit': 'USD',
      'genops.accounting.reconciliation_delta': 0.015 - 0.02,
      'genops.tokens.input': 120,
      'genops.tokens.output': 45,
      'genops.cost.total': 0.015,
      'genops.cost.currency': 'USD',
    },
    events: [
      {
        name: 'genops.policy.evaluated',
        attributes: { 'genops.policy.result': 'ALLOWED', 'genops.policy.name': 'model-allowlist' },
      },
      {
        name: 'genops.policy.evaluated',
        attributes: { 'genops.policy.result': 'ALLOWED', 'genops.policy.name': 'team-budget' },
      },
      {
        name: 'genops.budget.reservation',
        attributes: {
          'genops.accounting.reserved': 0.02,
          'genops.accounting.unit': 'USD',
          'genops.budget.name': 'team-monthly',
          'genops.budget.remaining': 99.98,
        },
      },
      {
        name: 'genops.budget.reservation',
        attributes: {
          'genops.accounting.reserved': 500,
          'genops.accounting.unit': 'tokens',
          'genops.budget.name': 'team-tokens',
        },
      },
      {
        name: 'genops.budget.reconciliation',
        attributes: {
          'genops.accounting.actual': 0.015,
          'genops.accounting.reserved': 0.02,
          'genops.accounting.unit': 'USD',
          'genops.accounting.reconciliation_delta': 0.015 - 0.02,
          'genops.budget.name': 'team-monthly',
        },
      },
      {
        name: 'genops.cost.calculated',
        attributes: { 'genops.cost.total': 0.015, 'genops.cost.currency': 'USD' },
      },
    ],
  };
}

/**
 * A WARNING AWU with an SLA that was missed and a post-execution WARNING SLA_LATENCY_VIOLATION
 * decision (6.4): compliant.
 */
export function warningAwuWithSla(): AwuSpec {
  return {
    name: 'embed batch',
    attributes: {
      ...ATTRIBUTION,
      'genops.customer_id': 'acme',
      'genops.operation.name': 'embed documents',
      'genops.operation.type': 'embedding',
      'genops.policy.result': 'WARNING',
      'genops.policy.reason_code': 'x_near_budget_limit',
      'genops.spec.version': '0.1.0',
      'genops.accounting.reserved': 1000,
      'genops.accounting.actual': 1200,
      'genops.accounting.unit': 'tokens',
      'genops.sla.tier': 'premium',
      'genops.sla.latency_target_ms': 200,
      'genops.sla.actual_latency_ms': 350,
      'genops.sla.met': false,
    },
    events: [
      {
        name: 'genops.policy.evaluated',
        attributes: { 'genops.policy.result': 'ALLOWED', 'genops.policy.name': 'model-allowlist' },
      },
      {
        name: 'genops.policy.evaluated',
        attributes: {
          'genops.policy.result': 'WARNING',
          'genops.policy.reason_code': 'x_near_budget_limit',
          'genops.policy.name': 'soft-budget',
          'genops.customer_id': 'acme',
        },
      },
      {
        name: 'genops.budget.reservation',
        attributes: { 'genops.accounting.reserved': 1000, 'genops.accounting.unit': 'tokens' },
      },
      {
        name: 'genops.budget.alert',
        attributes: {
          'genops.budget.name': 'acme-tokens',
          'genops.budget.consumed': 9000,
          'genops.budget.allocated': 10000,
        },
      },
      {
        name: 'genops.budget.reconciliation',
        attributes: {
          'genops.accounting.actual': 1200,
          'genops.accounting.reserved': 1000,
          'genops.accounting.unit': 'tokens',
          'genops.accounting.reconciliation_delta': 200,
        },
      },
      {
        name: 'genops.policy.evaluated',
        attributes: {
          'genops.policy.result': 'WARNING',
          'genops.policy.reason_code': 'SLA_LATENCY_VIOLATION',
          'genops.policy.name': 'latency-sla',
        },
      },
      {
        name: 'genops.evaluation.complete',
        attributes: { 'genops.eval.metric': 'faithfulness', 'genops.eval.score': 0.92 },
      },
    ],
  };
}

/** A BLOCKED AWU refused before reservation: only the decision is required. Compliant. */
export function blockedAwu(): AwuSpec {
  return {
    name: 'chat gpt-5',
    attributes: {
      ...ATTRIBUTION,
      'genops.operation.name': 'answer question',
      'genops.operation.type': 'inference',
      'genops.policy.result': 'BLOCKED',
      'genops.policy.reason_code': 'POLICY_DENY_MODEL',
      'genops.spec.version': '0.1.0',
    },
    events: [
      {
        name: 'genops.policy.evaluated',
        attributes: {
          'genops.policy.result': 'BLOCKED',
          'genops.policy.reason_code': 'POLICY_DENY_MODEL',
          'genops.policy.name': 'model-allowlist',
        },
      },
    ],
  };
}

/**
 * A RATE_LIMITED AWU stopped after a first reservation, when the second budget refused: the
 * reservation is recorded, no reconciliation. Compliant.
 */
export function rateLimitedAfterReservationAwu(): AwuSpec {
  return {
    name: 'chat claude',
    attributes: {
      ...ATTRIBUTION,
      'genops.operation.name': 'summarize',
      'genops.operation.type': 'inference',
      'genops.policy.result': 'RATE_LIMITED',
      'genops.policy.reason_code': 'RATE_LIMITED',
      'genops.spec.version': '0.1.0',
      'genops.accounting.reserved': 0.4,
      'genops.accounting.unit': 'USD',
    },
    events: [
      {
        name: 'genops.policy.evaluated',
        attributes: { 'genops.policy.result': 'ALLOWED', 'genops.policy.name': 'model-allowlist' },
      },
      {
        name: 'genops.budget.reservation',
        attributes: { 'genops.accounting.reserved': 0.4, 'genops.accounting.unit': 'USD' },
      },
      {
        name: 'genops.policy.evaluated',
        attributes: {
          'genops.policy.result': 'RATE_LIMITED',
          'genops.policy.reason_code': 'RATE_LIMITED',
          'genops.policy.name': 'requests-per-minute',
        },
      },
    ],
  };
}

/** The allowed AWU with every GenOps event emitted through the Logs API. Compliant. */
export function allowedAwuViaLogs(): AwuSpec {
  const awu = allowedAwu();
  return {
    ...awu,
    name: 'chat via logs',
    events: awu.events.map((event) => ({ ...event, via: 'log' as const })),
  };
}

/** The allowed AWU with every GenOps event emitted both as a span event and as a log record. */
export function allowedAwuViaBoth(): AwuSpec {
  const awu = allowedAwu();
  return {
    ...awu,
    name: 'chat via both',
    events: awu.events.map((event) => ({ ...event, via: 'both' as const })),
  };
}

/** Every compliant shape, for the "compliant AWUs pass" tests. */
export function compliantAwus(): AwuSpec[] {
  return [allowedAwu(), warningAwuWithSla(), blockedAwu(), rateLimitedAfterReservationAwu()];
}

/** A copy of `awu` with attributes set (a `null` value removes the attribute). */
export function withAttributes(
  awu: AwuSpec,
  changes: Readonly<Record<string, SpecValue | null>>,
): AwuSpec {
  const attributes: Record<string, SpecValue> = { ...awu.attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete attributes[key];
    else attributes[key] = value;
  }
  return { ...awu, attributes };
}

/** A copy of `awu` with its events replaced by `edit(events)`. */
export function withEvents(awu: AwuSpec, edit: (events: EventSpec[]) => EventSpec[]): AwuSpec {
  return { ...awu, events: edit([...awu.events]) };
}

/** A copy of `event` with attributes set (a `null` value removes the attribute). */
export function eventWith(
  event: EventSpec,
  changes: Readonly<Record<string, SpecValue | null>>,
): EventSpec {
  const attributes: Record<string, SpecValue> = { ...event.attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete attributes[key];
    else attributes[key] = value;
  }
  return { ...event, attributes };
}
