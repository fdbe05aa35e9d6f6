import { type Attribution, GenOpsInputError } from '@genops/core';
import type { GenOpsCallOptions } from '../genops-call-options.js';
import type { SdkProviderOptions } from './sdk-types.js';

const KEY = 'genops';
const KNOWN: ReadonlySet<string> = new Set<keyof GenOpsCallOptions>([
  'customer_id',
  'feature',
  'session_id',
  'cost_center',
  'team',
  'project',
  'environment',
  'slaTier',
  'operationName',
]);
const EXPECTED_KEYS = [...KNOWN].join(', ');

/** @internal Per-call options, parsed. */
export interface ParsedCallOptions {
  readonly attribution: Partial<Attribution> | undefined;
  readonly slaTier: string | undefined;
  readonly operationName: string | undefined;
}

/**
 * @internal Carries `providerOptions.genops` from `transformParams` (which strips it, so the
 * provider never sees it) to `wrapGenerate` / `wrapStream` / `wrapEmbed`, which receive the very
 * params object `transformParams` returned. Keyed weakly by that object.
 */
export class CallOptionsStore {
  readonly #byParams = new WeakMap<object, ParsedCallOptions>();

  /** Returns `params` without `providerOptions.genops` (the same object when there is none). */
  strip<P extends { readonly providerOptions?: SdkProviderOptions | undefined }>(params: P): P {
    const providerOptions = params.providerOptions;
    if (providerOptions === undefined || !Object.hasOwn(providerOptions, KEY)) return params;
    const { [KEY]: genops, ...rest } = providerOptions;
    const parsed = parseCallOptions(genops);
    const stripped = { ...params, providerOptions: rest };
    this.#byParams.set(stripped, parsed);
    return stripped;
  }

  /** The options stripped from `params` (or still on it, when `transformParams` did not run). */
  get(params: {
    readonly providerOptions?: SdkProviderOptions | undefined;
  }): ParsedCallOptions | undefined {
    const parsed = this.#byParams.get(params);
    if (parsed !== undefined) return parsed;
    const genops = params.providerOptions?.[KEY];
    return genops === undefined ? undefined : parseCallOptions(genops);
  }
}

/** @internal Validates `providerOptions.genops`. Throws `GenOpsInputError` naming the field. */
export function parseCallOptions(value: unknown): ParsedCallOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GenOpsInputError({
      field: `providerOptions.${KEY}`,
      expected: 'an object of GenOps call options',
      received: value,
    });
  }
  const attribution: Record<string, string> = {};
  let hasAttribution = false;
  let slaTier: string | undefined;
  let operationName: string | undefined;
  for (const [key, entry] of Object.entries(value)) {
    if (!KNOWN.has(key)) {
      throw new GenOpsInputError({
        field: `providerOptions.${KEY}.${key}`,
        expected: `one of ${EXPECTED_KEYS}`,
        received: entry,
      });
    }
    if (entry === undefined) continue;
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new GenOpsInputError({
        field: `providerOptions.${KEY}.${key}`,
        expected: 'a non-empty string',
        received: entry,
      });
    }
    if (key === 'slaTier') slaTier = entry;
    else if (key === 'operationName') operationName = entry;
    else {
      attribution[key] = entry;
      hasAttribution = true;
    }
  }
  return {
    attribution: hasAttribution ? (attribution as Partial<Attribution>) : undefined,
    slaTier,
    operationName,
  };
}
