import { GenOpsConfigError } from '../errors/genops-config-error.js';
import { GenOpsInputError } from '../errors/genops-input-error.js';
import { ATTRIBUTION_FIELDS, type Attribution } from './attribution.js';
import { isPlaceholder } from './is-placeholder.js';

/**
 * Options of {@link validateAttribution}.
 *
 * @example
 * ```ts
 * const options: ValidateAttributionOptions = { field: 'attribution', strict: true };
 * ```
 */
export interface ValidateAttributionOptions {
  /** The field named in errors, e.g. `attribution` or `request.attribution`. */
  readonly field: string;
  /** `team`, `project` and `environment` must be present (a governor's defaults). Default: `false`. */
  readonly required?: boolean;
  /** `input` throws `GenOpsInputError` (per-call data), `config` `GenOpsConfigError`. Default: `config`. */
  readonly kind?: 'config' | 'input';
  /** Keys that are not attribution fields are refused instead of ignored. Default: `false`. */
  readonly strict?: boolean;
}

/**
 * The attribution check of the governor and of every adapter: each field present is a non-empty,
 * meaningful string (placeholders such as `''`, `unknown`, `n/a` or `none` are refused, as the
 * specification forbids emitting them). Returns the fields frozen, merged over `base` when given.
 * Throws `GenOpsConfigError` (or `GenOpsInputError`) naming the field.
 *
 * @example
 * ```ts
 * validateAttribution({ customer_id: 'unknown' }, { field: 'attribution' });
 * // throws GenOpsConfigError: attribution.customer_id: expected a non-empty, meaningful string …
 * ```
 */
export function validateAttribution(
  value: unknown,
  { field, required = false, kind = 'config', strict = false }: ValidateAttributionOptions,
  base?: Readonly<Partial<Attribution>>,
): Readonly<Partial<Attribution>> {
  const ErrorClass = kind === 'input' ? GenOpsInputError : GenOpsConfigError;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ErrorClass({
      field,
      expected: required
        ? 'an attribution object with team, project and environment'
        : 'an object of attribution fields',
      received: value,
    });
  }
  const source = value as Record<string, unknown>;
  if (strict) {
    for (const key of Object.keys(source)) {
      if (!(ATTRIBUTION_FIELDS as readonly string[]).includes(key)) {
        throw new ErrorClass({
          field: `${field}.${key}`,
          expected: `one of ${ATTRIBUTION_FIELDS.join(', ')}`,
          received: source[key],
        });
      }
    }
  }
  // Merged over `base` in the same pass: one object per AWU (the per-call overrides path).
  const result: Record<string, string> = base === undefined ? {} : { ...base };
  for (const name of ATTRIBUTION_FIELDS) {
    const entry = source[name];
    if (entry === undefined) {
      if (required && (name === 'team' || name === 'project' || name === 'environment')) {
        throw new ErrorClass({
          field: `${field}.${name}`,
          expected: 'a non-empty, meaningful string',
          received: entry,
        });
      }
      continue;
    }
    if (typeof entry !== 'string' || isPlaceholder(entry)) {
      throw new ErrorClass({
        field: `${field}.${name}`,
        expected: "a non-empty, meaningful string (not '', 'unknown', 'n/a', 'none', …)",
        received: entry,
      });
    }
    result[name] = entry;
  }
  return Object.freeze(result);
}
