import {
  type Attribution,
  GenOpsConfigError,
  type Governor,
  validateAttribution,
} from '@genops/core';
import type { GenOpsLangChainErrorInfo } from '../genops-langchain-error-info.js';

/** @internal Options shared by the callback handler and the agent middleware. */
export interface CommonOptions {
  readonly governor: Governor;
  readonly runLimitTokens?: number | undefined;
  readonly attribution?: Partial<Attribution> | undefined;
  readonly onError?: ((error: unknown, info: GenOpsLangChainErrorInfo) => void) | undefined;
}

/** @internal {@link CommonOptions}, validated, with defaults applied. */
export interface ResolvedOptions {
  readonly governor: Governor;
  readonly runLimitTokens: number | undefined;
  readonly attribution: Partial<Attribution> | undefined;
  /** Reports a side-effect error; never throws. */
  readonly report: (error: unknown, hook: string, runId: string | undefined) => void;
}

/** @internal Validates the shared options; throws `GenOpsConfigError` naming the field. */
export function resolveOptions(options: CommonOptions, owner: string): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new GenOpsConfigError({
      field: 'options',
      expected: `${owner} options with a governor`,
      received: options,
    });
  }
  const { governor, runLimitTokens, attribution, onError = defaultOnError } = options;
  if (
    typeof governor !== 'object' ||
    governor === null ||
    typeof governor.begin !== 'function' ||
    typeof governor.estimator?.countText !== 'function'
  ) {
    throw new GenOpsConfigError({
      field: 'governor',
      expected: 'a Governor from createGovernor()',
      received: governor,
    });
  }
  if (
    runLimitTokens !== undefined &&
    !(typeof runLimitTokens === 'number' && Number.isFinite(runLimitTokens) && runLimitTokens >= 0)
  ) {
    throw new GenOpsConfigError({
      field: 'runLimitTokens',
      expected: 'a finite number of tokens >= 0',
      received: runLimitTokens,
    });
  }
  if (runLimitTokens !== undefined && governor.unit !== 'tokens') {
    throw new GenOpsConfigError({
      field: 'runLimitTokens',
      expected: `a governor that accounts in tokens (this one accounts in ${governor.unit})`,
      received: runLimitTokens,
    });
  }
  const defaults =
    attribution === undefined
      ? undefined
      : validateAttribution(attribution, { field: 'attribution', strict: true });
  if (typeof onError !== 'function') {
    throw new GenOpsConfigError({ field: 'onError', expected: 'a function', received: onError });
  }
  return {
    governor,
    runLimitTokens,
    attribution: defaults,
    report(error, hook, runId) {
      try {
        onError(error, { hook, runId });
      } catch {
        // An error handler that throws must not break the host call either.
      }
    },
  };
}

function defaultOnError(error: unknown, info: GenOpsLangChainErrorInfo): void {
  console.warn(`[genops] ${info.hook} (run ${info.runId ?? 'unknown'}) failed:`, error);
}
