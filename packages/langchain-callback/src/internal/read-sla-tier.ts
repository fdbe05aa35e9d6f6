import { GenOpsInputError } from '@genops/core';
import { isRecord } from './is-record.js';

/**
 * @internal The SLA tier a call asks for: `metadata.genops.slaTier`. Throws `GenOpsInputError`
 * naming the field when it is not a non-empty string.
 */
export function readSlaTier(metadata: Record<string, unknown> | undefined): string | undefined {
  const source = metadata?.genops;
  if (!isRecord(source) || source.slaTier === undefined) return undefined;
  const tier = source.slaTier;
  if (typeof tier !== 'string' || tier.trim() === '') {
    throw new GenOpsInputError({
      field: 'metadata.genops.slaTier',
      expected: 'a non-empty SLA tier name',
      received: tier,
    });
  }
  return tier;
}
