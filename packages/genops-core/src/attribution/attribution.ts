/**
 * The attribution of an AWU (Section 2.3 and 7.3). `team`, `project` and `environment` are
 * required on every AWU; the others are optional customer context.
 *
 * @example
 * ```ts
 * const attribution: Attribution = { team: 'support', project: 'helpdesk-bot', environment: 'production' };
 * ```
 */
export interface Attribution {
  readonly team: string;
  readonly project: string;
  readonly environment: string;
  readonly customer_id?: string;
  readonly feature?: string;
  readonly session_id?: string;
  readonly cost_center?: string;
}

/** Names of attribution fields. */
export type AttributionField = keyof Attribution;

/** All attribution fields, in emission order. */
export const ATTRIBUTION_FIELDS: readonly AttributionField[] = [
  'team',
  'project',
  'environment',
  'customer_id',
  'feature',
  'session_id',
  'cost_center',
];
