import {
  type Attribution,
  GenOpsConfigError,
  type Governor,
  validateAttribution,
} from '@genops/core';
import type { MiddlewareVersion } from '../middleware-version.js';
import type { ParsedCallOptions } from './call-options-store.js';

/** @internal Options shared by the language and embedding middlewares. */
export interface CommonOptions {
  governor: Governor;
  region?: string | undefined;
  provider?: string | undefined;
  attribution?: Partial<Attribution> | undefined;
  operationName?: string | undefined;
  specificationVersion?: MiddlewareVersion | undefined;
}

/** @internal Shared options, validated once. */
export interface ResolvedCommon {
  readonly governor: Governor;
  readonly region: string | undefined;
  readonly specificationVersion: MiddlewareVersion;
  readonly operationName: string | undefined;
  /** Provider name for `model.provider` (`openai.chat` → `openai`) unless overridden. */
  providerOf(sdkProvider: string): string;
  /** Middleware attribution merged with the call's (the call wins). */
  attributionFor(call: ParsedCallOptions | undefined): Partial<Attribution> | undefined;
}

/** @internal Validates the shared options. Throws `GenOpsConfigError` naming the field. */
// Longer than ~60 lines: one check per option, each naming its field.
export function resolveCommonOptions(options: CommonOptions): ResolvedCommon {
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({
      field: 'options',
      expected: 'an options object with a governor',
      received: options,
    });
  }
  const { governor, region, provider, attribution, operationName } = options;
  const specificationVersion = options.specificationVersion ?? 'v4';
  if (
    typeof governor !== 'object' ||
    governor === null ||
    typeof governor.begin !== 'function' ||
    typeof governor.estimator?.countText !== 'function'
  ) {
    throw new GenOpsConfigError({
      field: 'governor',
      expected: 'a governor from createGovernor()',
      received: governor,
    });
  }
  for (const [field, value] of [
    ['region', region],
    ['provider', provider],
    ['operationName', operationName],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new GenOpsConfigError({ field, expected: 'a non-empty string', received: value });
    }
  }
  if (specificationVersion !== 'v3' && specificationVersion !== 'v4') {
    throw new GenOpsConfigError({
      field: 'specificationVersion',
      expected: "'v4' (AI SDK 7) or 'v3' (AI SDK 6)",
      received: specificationVersion,
    });
  }
  const base =
    attribution === undefined
      ? undefined
      : validateAttribution(attribution, { field: 'attribution', strict: true });
  return {
    governor,
    region,
    specificationVersion,
    operationName,
    providerOf:
      provider === undefined
        ? (sdkProvider) => {
            const dot = sdkProvider.indexOf('.');
            return dot <= 0 ? sdkProvider : sdkProvider.slice(0, dot);
          }
        : () => provider,
    attributionFor(call) {
      const perCall = call?.attribution;
      if (perCall === undefined) return base;
      return base === undefined ? perCall : { ...base, ...perCall };
    },
  };
}
