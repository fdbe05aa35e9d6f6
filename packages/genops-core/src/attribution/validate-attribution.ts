import { GenOpsConfigError } from '../errors/genops-config-error.js';
import type { GenOpsInputError } from '../errors/genops-input-error.js';
import { ATTRIBUTION_FIELDS, type Attribution } from './attribution.js';
import { isPlaceholder } from './is-placeholder.js';

/**
 * @internal Validates (and freezes) attribution; `required` demands team, project and environment.
 * With `base`, returns the validated fields merged over it.
 */
export function validateAttribution(
  value: unknown,
  field: string,
  required: boolean,
  ErrorClass: typeof GenOpsConfigError | typeof GenOpsInputError = GenOpsConfigError,
  base?: Readonly<Partial<Attribution>>,
): Readonly<Partial<Attribution>> {
  if (typeof value !== 'object' || value === null) {
    throw new ErrorClass({
      field,
      expected: 'an attribution object with team, project and environment',
      received: value,
    });
  }
  const source = value as Record<string, unknown>;
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
