/**
 * Attribute value types of the spec (Appendix A). `double` accepts any number, `int64` an integer
 * (a safe-integer number or a bigint), `string` a string and `boolean` a boolean.
 *
 * @example
 * ```ts
 * const type: AttributeType = 'int64';
 * ```
 */
export type AttributeType = 'string' | 'int64' | 'double' | 'boolean';

/**
 * Requirement level of an attribute on the AWU span:
 * - `required`: Section 7.1, on every AWU;
 * - `conditional`: Section 7.1 with the conditional exceptions of 7.1/7.2.1
 *   (`genops.accounting.*` depend on the phase the AWU reached, `genops.policy.reason_code` on the
 *   decision);
 * - `optional`: Section 7.3 and 6.3 (SLA attributes become required as a group once one is
 *   present).
 *
 * @example
 * ```ts
 * const level: AttributeRequirement = 'optional';
 * ```
 */
export type AttributeRequirement = 'required' | 'conditional' | 'optional';

/**
 * Machine-readable definition of one `genops.*` attribute of spec v0.1.
 *
 * @example
 * ```ts
 * const def: AttributeDefinition = ATTRIBUTE_REGISTRY['genops.team'];
 * def.type; // 'string'
 * ```
 */
export interface AttributeDefinition {
  /** Full attribute key, e.g. `genops.accounting.reserved`. */
  readonly name: string;
  /** Value type (Appendix A). */
  readonly type: AttributeType;
  /** Requirement level on the AWU span. */
  readonly requirement: AttributeRequirement;
  /** Spec section that defines the attribute. */
  readonly section: string;
  /** One-line description taken from the spec. */
  readonly description: string;
  /** A negative value is semantically meaningless (Section 9.1, requirement 8). Default `false`. */
  readonly nonNegative?: boolean;
  /**
   * The value is validated against a closed set by its own rules (decision states, reason codes),
   * so the placeholder rules skip its string values (an empty OTLP value is still a placeholder).
   * Default `false`.
   */
  readonly closedSet?: boolean;
}

function define(
  name: string,
  type: AttributeType,
  requirement: AttributeRequirement,
  section: string,
  description: string,
  flags: { nonNegative?: boolean; closedSet?: boolean } = {},
): AttributeDefinition {
  return { name, type, requirement, section, description, ...flags };
}

const DEFINITIONS: readonly AttributeDefinition[] = [
  // Section 2.3 / 7.1: attribution and operation.
  define('genops.team', 'string', 'required', '2.3', 'Team responsible for this workload.'),
  define('genops.project', 'string', 'required', '2.3', 'Project this workload belongs to.'),
  define('genops.environment', 'string', 'required', '2.3', 'Deployment environment.'),
  define('genops.operation.name', 'string', 'required', '7.1', 'Human-readable operation name.'),
  define('genops.operation.type', 'string', 'required', '7.1', 'Category of operation.'),
  // Section 3.4: accounting.
  define('genops.accounting.reserved', 'double', 'conditional', '3.4', 'Amount reserved.', {
    nonNegative: true,
  }),
  define('genops.accounting.actual', 'double', 'conditional', '3.4', 'Measured consumption.', {
    nonNegative: true,
  }),
  define('genops.accounting.unit', 'string', 'conditional', '3.4', 'Unit of measure.'),
  // Section 4.2 / 5.3: decision.
  define('genops.policy.result', 'string', 'required', '4.2', 'Enforcement decision.', {
    closedSet: true,
  }),
  define('genops.policy.reason_code', 'string', 'conditional', '5.3', 'Decision reason code.', {
    closedSet: true,
  }),
  // Section 7.1 / 11.3: version declaration.
  define('genops.spec.version', 'string', 'required', '11.3', 'Implemented spec version.'),
  // Section 7.3: optional extensions.
  define(
    'genops.accounting.reconciliation_delta',
    'double',
    'optional',
    '7.3',
    'actual - reserved.',
  ),
  define('genops.budget.name', 'string', 'optional', '7.3', 'Budget identifier.'),
  define('genops.budget.allocated', 'double', 'optional', '7.3', 'Total budget allocated.', {
    nonNegative: true,
  }),
  define('genops.budget.consumed', 'double', 'optional', '7.3', 'Budget consumed to date.', {
    nonNegative: true,
  }),
  define('genops.budget.remaining', 'double', 'optional', '7.3', 'Budget remaining.'),
  define('genops.budget.period', 'string', 'optional', '7.3', 'Budget period identifier.'),
  define('genops.policy.name', 'string', 'optional', '7.3', 'Policy identifier.'),
  define('genops.policy.reason', 'string', 'optional', '7.3', 'Human-readable explanation.'),
  define('genops.policy.timestamp', 'int64', 'optional', '7.3', 'Decision time, epoch ms.', {
    nonNegative: true,
  }),
  define('genops.cost.total', 'double', 'optional', '7.3', 'Total monetary cost.', {
    nonNegative: true,
  }),
  define('genops.cost.currency', 'string', 'optional', '7.3', 'ISO 4217 currency code.'),
  define('genops.cost.provider', 'string', 'optional', '7.3', 'AI provider name.'),
  define('genops.cost.model', 'string', 'optional', '7.3', 'Model identifier.'),
  define('genops.tokens.input', 'int64', 'optional', '7.3', 'Input token count.', {
    nonNegative: true,
  }),
  define('genops.tokens.output', 'int64', 'optional', '7.3', 'Output token count.', {
    nonNegative: true,
  }),
  define('genops.tokens.total', 'int64', 'optional', '7.3', 'Total token count.', {
    nonNegative: true,
  }),
  define('genops.eval.metric', 'string', 'optional', '7.3', 'Evaluation metric name.'),
  define('genops.eval.score', 'double', 'optional', '7.3', 'Evaluation score.'),
  define('genops.eval.threshold', 'double', 'optional', '7.3', 'Pass/fail threshold.'),
  define('genops.eval.passed', 'boolean', 'optional', '7.3', 'Whether the evaluation passed.'),
  // Section 6.3: SLA boundary (all four required once SLA enforcement is active).
  define('genops.sla.tier', 'string', 'optional', '6.3', 'Organization-defined SLA tier.'),
  define('genops.sla.latency_target_ms', 'int64', 'optional', '6.3', 'Latency target in ms.', {
    nonNegative: true,
  }),
  define('genops.sla.actual_latency_ms', 'int64', 'optional', '6.3', 'Measured latency in ms.', {
    nonNegative: true,
  }),
  define('genops.sla.met', 'boolean', 'optional', '6.3', 'actual_latency_ms <= latency_target_ms.'),
  // Section 7.3: customer context.
  define('genops.customer_id', 'string', 'optional', '7.3', 'Customer or tenant identifier.'),
  define('genops.feature', 'string', 'optional', '7.3', 'Feature or capability identifier.'),
  define('genops.session_id', 'string', 'optional', '7.3', 'Session identifier.'),
  define('genops.cost_center', 'string', 'optional', '7.3', 'Cost center.'),
];

/**
 * Every `genops.*` attribute defined by spec v0.1 (Sections 2.3, 3.4, 4.2, 6.3, 7.1, 7.3 and
 * Appendix A), keyed by attribute name. Any other `genops.*` key is unknown (a warning).
 *
 * @example
 * ```ts
 * ATTRIBUTE_REGISTRY['genops.sla.latency_target_ms']?.type; // 'int64'
 * ```
 */
export const ATTRIBUTE_REGISTRY: Readonly<Record<string, AttributeDefinition | undefined>> =
  Object.freeze(Object.fromEntries(DEFINITIONS.map((definition) => [definition.name, definition])));

/**
 * Attributes Section 7.1 requires on every AWU, whatever the phase it reached.
 *
 * @example
 * ```ts
 * ALWAYS_REQUIRED_ATTRIBUTES.includes('genops.spec.version'); // true
 * ```
 */
export const ALWAYS_REQUIRED_ATTRIBUTES: readonly string[] = DEFINITIONS.filter(
  (definition) => definition.requirement === 'required',
).map((definition) => definition.name);

/**
 * The SLA attributes of Section 6.3: once one is present, all four are required.
 *
 * @example
 * ```ts
 * SLA_ATTRIBUTES.length; // 4
 * ```
 */
export const SLA_ATTRIBUTES: readonly string[] = [
  'genops.sla.tier',
  'genops.sla.latency_target_ms',
  'genops.sla.actual_latency_ms',
  'genops.sla.met',
];

/**
 * The attribution boundary of Section 2.3: immutable for the AWU's lifetime, so an event carrying
 * one must carry the AWU's value.
 *
 * @example
 * ```ts
 * ATTRIBUTION_ATTRIBUTES.includes('genops.team'); // true
 * ATTRIBUTION_ATTRIBUTES.includes('genops.customer_id'); // false: see CUSTOMER_CONTEXT_ATTRIBUTES
 * ```
 */
export const ATTRIBUTION_ATTRIBUTES: readonly string[] = [
  'genops.team',
  'genops.project',
  'genops.environment',
];

/**
 * The optional customer context of Section 7.3. Section 2.3 does not make it immutable; an event
 * carrying a different value than its AWU is a warning.
 *
 * @example
 * ```ts
 * CUSTOMER_CONTEXT_ATTRIBUTES.includes('genops.session_id'); // true
 * ```
 */
export const CUSTOMER_CONTEXT_ATTRIBUTES: readonly string[] = [
  'genops.customer_id',
  'genops.feature',
  'genops.session_id',
  'genops.cost_center',
];

/**
 * Prefix of the GenOps attribute and event namespace (Section 7). A span carrying any attribute
 * with this prefix is an AWU for this suite.
 *
 * @example
 * ```ts
 * 'genops.team'.startsWith(GENOPS_NAMESPACE_PREFIX); // true
 * 'genopsjs.accounting.incomplete'.startsWith(GENOPS_NAMESPACE_PREFIX); // false
 * ```
 */
export const GENOPS_NAMESPACE_PREFIX = 'genops.';
