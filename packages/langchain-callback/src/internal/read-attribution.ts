import { ATTRIBUTION_FIELDS, type Attribution, GenOpsInputError } from '@genops/core';
import { isRecord } from './is-record.js';

/**
 * @internal The per-call attribution of a run: `metadata.genops` (only attribution fields are
 * read; values are validated by the governor) merged over the handler's defaults. Throws
 * `GenOpsInputError` naming `metadata.genops` when it is not an object.
 */
export function readAttribution(
  metadata: Record<string, unknown> | undefined,
  defaults: Partial<Attribution> | undefined,
): Partial<Attribution> | undefined {
  const source = metadata?.genops;
  if (source === undefined || source === null) return defaults;
  if (!isRecord(source)) {
    throw new GenOpsInputError({
      field: 'metadata.genops',
      expected: 'an object of attribution fields (customer_id, feature, …)',
      received: source,
    });
  }
  let result: Record<string, unknown> | undefined;
  for (const field of ATTRIBUTION_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    result ??= { ...defaults };
    result[field] = value;
  }
  return result === undefined ? defaults : (result as Partial<Attribution>);
}
