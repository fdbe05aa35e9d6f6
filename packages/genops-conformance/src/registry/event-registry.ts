/**
 * Lifecycle phase of a GenOps event (Sections 7.2 and 8).
 *
 * @example
 * ```ts
 * const phase: EventPhase = 'pre-execution';
 * ```
 */
export type EventPhase = 'pre-execution' | 'post-execution' | 'any';

/**
 * Machine-readable schema of one GenOps event of spec v0.1 (Section 8).
 *
 * @example
 * ```ts
 * EVENT_REGISTRY['genops.budget.reservation']?.requiredAttributes;
 * // ['genops.accounting.reserved', 'genops.accounting.unit']
 * ```
 */
export interface EventDefinition {
  /** Event name, e.g. `genops.policy.evaluated`. */
  readonly name: string;
  /** `true` for the three required events of Section 7.2, `false` for the optional ones (8.4). */
  readonly required: boolean;
  /** Spec section holding the schema. */
  readonly section: string;
  /** Lifecycle phase the event belongs to. */
  readonly phase: EventPhase;
  /** Attributes the event MUST carry. */
  readonly requiredAttributes: readonly string[];
  /** Attributes the event MUST carry under a condition (documented in `description`). */
  readonly conditionalAttributes: readonly string[];
  /** Attributes the event MAY carry. */
  readonly optionalAttributes: readonly string[];
  /** When the event is emitted, from the spec. */
  readonly description: string;
}

const DEFINITIONS: readonly EventDefinition[] = [
  {
    name: 'genops.policy.evaluated',
    required: true,
    section: '8.1',
    phase: 'pre-execution',
    requiredAttributes: ['genops.policy.result'],
    conditionalAttributes: ['genops.policy.reason_code'],
    optionalAttributes: ['genops.policy.name', 'genops.policy.reason'],
    description:
      'On every enforcement decision; reason_code REQUIRED when the result is not ALLOWED and absent when it is.',
  },
  {
    name: 'genops.budget.reservation',
    required: true,
    section: '8.2',
    phase: 'pre-execution',
    requiredAttributes: ['genops.accounting.reserved', 'genops.accounting.unit'],
    conditionalAttributes: [],
    optionalAttributes: ['genops.budget.name', 'genops.budget.remaining'],
    description: 'When a resource reservation is recorded (Section 3.3, condition 1).',
  },
  {
    name: 'genops.budget.reconciliation',
    required: true,
    section: '8.3',
    phase: 'post-execution',
    requiredAttributes: [
      'genops.accounting.actual',
      'genops.accounting.reserved',
      'genops.accounting.unit',
    ],
    conditionalAttributes: [],
    optionalAttributes: ['genops.accounting.reconciliation_delta', 'genops.budget.name'],
    description: 'When actual consumption is reconciled against the reservation (condition 3).',
  },
  {
    name: 'genops.cost.calculated',
    required: false,
    section: '8.4',
    phase: 'any',
    requiredAttributes: ['genops.cost.total', 'genops.cost.currency'],
    conditionalAttributes: [],
    optionalAttributes: ['genops.cost.provider', 'genops.cost.model'],
    description: 'After monetary cost computation completes.',
  },
  {
    name: 'genops.budget.alert',
    required: false,
    section: '8.4',
    phase: 'any',
    requiredAttributes: ['genops.budget.name', 'genops.budget.consumed', 'genops.budget.allocated'],
    conditionalAttributes: [],
    optionalAttributes: [],
    description: 'When budget utilization exceeds a configured threshold.',
  },
  {
    name: 'genops.evaluation.complete',
    required: false,
    section: '8.4',
    phase: 'any',
    requiredAttributes: ['genops.eval.metric', 'genops.eval.score'],
    conditionalAttributes: [],
    optionalAttributes: ['genops.eval.threshold', 'genops.eval.passed'],
    description: 'After a quality or safety evaluation completes.',
  },
];

/**
 * Every GenOps event of spec v0.1 (Section 8, Appendix B), keyed by name. Any other event name in
 * the `genops.` namespace is unknown (a warning).
 *
 * @example
 * ```ts
 * EVENT_REGISTRY['genops.policy.evaluated']?.required; // true
 * ```
 */
export const EVENT_REGISTRY: Readonly<Record<string, EventDefinition | undefined>> = Object.freeze(
  Object.fromEntries(DEFINITIONS.map((definition) => [definition.name, definition])),
);

/**
 * Names of the three events of Section 7.2 and of the enforcement decision event.
 *
 * @example
 * ```ts
 * span.events.filter((event) => event.name === GENOPS_EVENTS.policyEvaluated);
 * ```
 */
export const GENOPS_EVENTS = {
  policyEvaluated: 'genops.policy.evaluated',
  budgetReservation: 'genops.budget.reservation',
  budgetReconciliation: 'genops.budget.reconciliation',
  costCalculated: 'genops.cost.calculated',
  budgetAlert: 'genops.budget.alert',
  evaluationComplete: 'genops.evaluation.complete',
} as const;
