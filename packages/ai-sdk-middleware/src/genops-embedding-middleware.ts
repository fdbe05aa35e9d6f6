import { type Attribution, GenOpsPolicyError, type Governor, type Operation } from '@genops/core';
import { context } from '@opentelemetry/api';
import { CallOptionsStore } from './internal/call-options-store.js';
import { resolveCommonOptions } from './internal/resolve-common-options.js';
import type { SdkEmbedCallOptions, SdkEmbedResult, SdkModel } from './internal/sdk-types.js';
import type { MiddlewareVersion } from './middleware-version.js';

/**
 * Options of {@link genopsEmbeddingMiddleware}. Validated once, at creation; a bad option throws a
 * `GenOpsConfigError` naming the field.
 */
export interface GenOpsEmbeddingMiddlewareOptions<V extends MiddlewareVersion = 'v4'> {
  /** The governor that decides, reserves and reconciles every call. Required. */
  governor: Governor;
  /** Provider region of the wrapped model (seen by region policies). Default: none. */
  region?: string;
  /** Provider name. Default: the wrapped model's `provider` up to the first dot (`openai.embedding` → `openai`). */
  provider?: string;
  /** Attribution of every call through this model, merged over the governor's. Default: none. */
  attribution?: Partial<Attribution>;
  /** `genops.operation.name`. Default: `embeddings <modelId>` (e.g. `embeddings text-embedding-3-small`). */
  operationName?: string;
  /** `'v4'` for AI SDK 7, `'v3'` for AI SDK 6. Default: `'v4'`. */
  specificationVersion?: V;
}

/**
 * The middleware returned by {@link genopsEmbeddingMiddleware}: assignable to AI SDK 7's
 * `EmbeddingModelV4Middleware` (default) or AI SDK 6's `EmbeddingModelV3Middleware`
 * (`specificationVersion: 'v3'`).
 */
export interface GenOpsEmbeddingModelMiddleware<V extends MiddlewareVersion = 'v4'> {
  readonly specificationVersion: V;
  /** Removes `providerOptions.genops` before the provider sees it. */
  readonly transformParams: <P extends SdkEmbedCallOptions>(options: {
    params: P;
    model: SdkModel;
  }) => PromiseLike<P>;
  /** One AWU per provider call: decide and reserve, run `doEmbed`, reconcile. */
  readonly wrapEmbed: <R extends SdkEmbedResult>(options: {
    doEmbed: () => PromiseLike<R>;
    params: SdkEmbedCallOptions;
    model: SdkModel;
  }) => Promise<R>;
}

/**
 * GenOps governance for AI SDK embedding models (`embed`, `embedMany`): every provider call —
 * each chunk `embedMany` sends, in parallel or not — is one AI Workload Unit of type
 * `embedding`. The reservation is the exact token count of the values (no output tokens); the
 * actual is the provider's reported usage or, when it reports none, that count. A refusal throws
 * `GenOpsPolicyError` and the provider is not called.
 *
 * @example
 * ```ts
 * import { openai } from '@ai-sdk/openai';
 * import { embedMany, wrapEmbeddingModel } from 'ai';
 * const model = wrapEmbeddingModel({
 *   model: openai.embedding('text-embedding-3-small'),
 *   middleware: genopsEmbeddingMiddleware({ governor }),
 * });
 * await embedMany({ model, values: chunks, providerOptions: { genops: { feature: 'search-index' } } });
 * ```
 */
// Longer than ~60 lines: the wrapper is written out inside the factory, as in
// `genopsMiddleware`, sharing its resolved options.
export function genopsEmbeddingMiddleware<V extends MiddlewareVersion = 'v4'>(
  options: GenOpsEmbeddingMiddlewareOptions<V>,
): GenOpsEmbeddingModelMiddleware<V> {
  const common = resolveCommonOptions(options);
  const { governor } = common;
  const store = new CallOptionsStore();
  const operations = new Map<string, Operation>();

  const operationFor = (modelId: string, override: string | undefined): Operation => {
    if (override !== undefined) return { name: override, type: 'embedding' };
    let operation = operations.get(modelId);
    if (operation === undefined) {
      operation = { name: common.operationName ?? `embeddings ${modelId}`, type: 'embedding' };
      if (operations.size < 256) operations.set(modelId, operation);
    }
    return operation;
  };

  async function wrapEmbed<R extends SdkEmbedResult>({
    doEmbed,
    params,
    model,
  }: {
    doEmbed: () => PromiseLike<R>;
    params: SdkEmbedCallOptions;
    model: SdkModel;
  }): Promise<R> {
    const call = store.get(params);
    const awu = await governor.begin({
      operation: operationFor(model.modelId, call?.operationName),
      attribution: common.attributionFor(call),
      provider: common.providerOf(model.provider),
      model: model.modelId,
      region: common.region,
      input: { text: params.values },
      maxOutputTokens: 0,
      slaTier: call?.slaTier,
    });
    if (!awu.decision.proceeds) throw new GenOpsPolicyError(awu.decision);
    let result: R;
    try {
      result = (await context.with(awu.context, doEmbed)) as R;
    } catch (error) {
      void awu.fail(error);
      throw error;
    }
    const reported = result.usage?.tokens;
    const inputTokens =
      typeof reported === 'number' && Number.isFinite(reported) && reported >= 0
        ? reported
        : awu.estimate.inputTokens;
    void awu.settle({ usage: { inputTokens, outputTokens: 0 } });
    return result;
  }

  return {
    specificationVersion: common.specificationVersion as V,
    transformParams: async ({ params }) => store.strip(params),
    wrapEmbed,
  };
}
