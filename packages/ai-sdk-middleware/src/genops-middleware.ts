import type { Attribution, AwuRequest, Governor, Operation, SettleOptions } from '@genops/core';
import { GenOpsConfigError, GenOpsPolicyError } from '@genops/core';
import { context } from '@opentelemetry/api';
import { defaultFileTokens, type FilePartInfo } from './default-file-tokens.js';
import { CallOptionsStore } from './internal/call-options-store.js';
import { completeUsage } from './internal/complete-usage.js';
import { governStream } from './internal/govern-stream.js';
import { mapUsage } from './internal/map-usage.js';
import { type FileTokens, promptToMessages } from './internal/prompt-to-messages.js';
import { resolveCommonOptions } from './internal/resolve-common-options.js';
import type {
  SdkCallOptions,
  SdkGenerateResult,
  SdkModel,
  SdkPart,
  SdkStreamResult,
} from './internal/sdk-types.js';
import type { MiddlewareVersion } from './middleware-version.js';

/**
 * Options of {@link genopsMiddleware}. Validated once, at creation; a bad option throws a
 * `GenOpsConfigError` naming the field.
 */
export interface GenOpsMiddlewareOptions<V extends MiddlewareVersion = 'v4'> {
  /** The governor that decides, reserves and reconciles every call. Required. */
  governor: Governor;
  /** Provider region of the wrapped model (seen by region policies). Default: none. */
  region?: string;
  /**
   * Provider name (`gen_ai.provider.name`). Default: the wrapped model's `provider` up to the first
   * dot (`openai.chat` → `openai`, `anthropic.messages` → `anthropic`).
   */
  provider?: string;
  /**
   * Attribution of every call through this model, merged over the governor's; per-call
   * `providerOptions.genops` fields win. Default: none.
   */
  attribution?: Partial<Attribution>;
  /** `genops.operation.name`. Default: `chat <modelId>` (e.g. `chat gpt-4o`). */
  operationName?: string;
  /**
   * Tokens reserved for a prompt part that is not text (image, audio, PDF, …). Default:
   * {@link defaultFileTokens} (765 per image, 1,000 per other file; inline text files are counted
   * as text and never reach this function).
   */
  fileTokens?: (file: FilePartInfo) => number;
  /**
   * A stream nobody has read from for this long is reconciled with the tokens streamed so far
   * (marked incomplete). This catches consumers that stop without cancelling: AI SDK 7's
   * `streamText` keeps a copy of the model stream for its result promises, so breaking out of
   * `textStream` does not cancel the model stream (pass an `abortSignal` and abort it to stop the
   * provider call). `Infinity` disables the check. Keep it below the governor's `leaseMs`.
   * Default: 60,000 (one minute).
   */
  streamIdleTimeoutMs?: number;
  /**
   * Middleware specification version: `'v4'` for AI SDK 7, `'v3'` for AI SDK 6 (its
   * `wrapLanguageModel` type requires it). The behaviour is identical. Default: `'v4'`.
   */
  specificationVersion?: V;
}

/**
 * The middleware returned by {@link genopsMiddleware}: assignable to AI SDK 7's
 * `LanguageModelV4Middleware` (default) or AI SDK 6's `LanguageModelV3Middleware`
 * (`specificationVersion: 'v3'`). Its functions are generic so that they accept either SDK's
 * call options and return exactly the result type they were given.
 */
export interface GenOpsLanguageModelMiddleware<V extends MiddlewareVersion = 'v4'> {
  readonly specificationVersion: V;
  /** Removes `providerOptions.genops` (validated and kept for the call) before the provider sees it. */
  readonly transformParams: <P extends SdkCallOptions>(options: {
    type: 'generate' | 'stream';
    params: P;
    model: SdkModel;
  }) => PromiseLike<P>;
  /** Decides and reserves, runs `doGenerate` in the AWU's context, reconciles with its usage. */
  readonly wrapGenerate: <R extends SdkGenerateResult>(options: {
    doGenerate: () => PromiseLike<R>;
    doStream: () => PromiseLike<unknown>;
    params: SdkCallOptions;
    model: SdkModel;
  }) => PromiseLike<R>;
  /** Decides and reserves, runs `doStream` in the AWU's context, reconciles when the stream ends. */
  readonly wrapStream: <R extends SdkStreamResult>(options: {
    doGenerate: () => PromiseLike<unknown>;
    doStream: () => PromiseLike<R>;
    params: SdkCallOptions;
    model: SdkModel;
  }) => PromiseLike<R>;
}

/**
 * GenOps governance for AI SDK language models: every `doGenerate` / `doStream` call (each step of
 * a multi-step call, each retry attempt) becomes one AI Workload Unit. Before the provider is
 * called the governor estimates the prompt (system/instructions, user, assistant, tool calls and
 * results, files by `fileTokens`) plus `maxOutputTokens`, evaluates policies and reserves; a
 * refusal throws `GenOpsPolicyError` (never retried by the SDK) and the provider is not called.
 * Afterwards the AWU is reconciled with the reported usage; a provider error is reconciled with
 * what is known, marks the AWU span as an error and is rethrown unchanged. Streams are reconciled
 * at their `finish` part, or with the tokens actually streamed when they error, are cancelled or
 * aborted.
 *
 * @example
 * ```ts
 * import { openai } from '@ai-sdk/openai';
 * import { streamText, wrapLanguageModel } from 'ai';
 * const model = wrapLanguageModel({ model: openai('gpt-4o'), middleware: genopsMiddleware({ governor }) });
 * const result = streamText({
 *   model, prompt: 'Hello', maxOutputTokens: 400,
 *   providerOptions: { genops: { customer_id: 'acme', feature: 'chat', slaTier: 'premium' } },
 * });
 * // AI SDK 6: genopsMiddleware({ governor, specificationVersion: 'v3' })
 * ```
 */
// Longer than ~60 lines: the two wrappers are written out inside the factory on purpose
// (see the comment above `wrapGenerate`), sharing its resolved options.
export function genopsMiddleware<V extends MiddlewareVersion = 'v4'>(
  options: GenOpsMiddlewareOptions<V>,
): GenOpsLanguageModelMiddleware<V> {
  const common = resolveCommonOptions(options);
  const { governor, region } = common;
  const fileTokens = checkedFileTokens(options.fileTokens);
  const idleTimeoutMs = checkedIdleTimeout(options.streamIdleTimeoutMs);
  const store = new CallOptionsStore();
  const operations = new Map<string, Operation>();

  const operationFor = (modelId: string, override: string | undefined): Operation => {
    if (override !== undefined) return { name: override, type: 'inference' };
    let operation = operations.get(modelId);
    if (operation === undefined) {
      operation = { name: common.operationName ?? `chat ${modelId}`, type: 'inference' };
      if (operations.size < 256) operations.set(modelId, operation);
    }
    return operation;
  };

  const requestFor = (params: SdkCallOptions, model: SdkModel): AwuRequest => {
    const call = store.get(params);
    return {
      operation: operationFor(model.modelId, call?.operationName),
      attribution: common.attributionFor(call),
      provider: common.providerOf(model.provider),
      model: model.modelId,
      region,
      input: { messages: promptToMessages(params.prompt, params.tools, fileTokens) },
      maxOutputTokens: params.maxOutputTokens,
      slaTier: call?.slaTier,
    };
  };

  // The two wrappers are written out (no shared async helpers): every extra promise costs, more so
  // under an AsyncLocalStorage context manager (promise hooks).
  async function wrapGenerate<R extends SdkGenerateResult>({
    doGenerate,
    params,
    model,
  }: {
    doGenerate: () => PromiseLike<R>;
    params: SdkCallOptions;
    model: SdkModel;
  }): Promise<R> {
    const awu = await governor.begin(requestFor(params, model));
    if (!awu.decision.proceeds) throw new GenOpsPolicyError(awu.decision);
    let result: R;
    try {
      result = (await context.with(awu.context, doGenerate)) as R;
    } catch (error) {
      void awu.fail(error);
      throw error;
    }
    let settle: SettleOptions;
    try {
      settle = completeUsage(mapUsage(result.usage), awu, () =>
        governor.estimator.countText(contentText(result.content), model.modelId),
      );
    } catch {
      settle = {}; // unreadable usage: the core reconciles with the counted prompt, incomplete
    }
    void awu.settle(settle);
    return result;
  }

  async function wrapStream<R extends SdkStreamResult>({
    doStream,
    params,
    model,
  }: {
    doStream: () => PromiseLike<R>;
    params: SdkCallOptions;
    model: SdkModel;
  }): Promise<R> {
    const awu = await governor.begin(requestFor(params, model));
    if (!awu.decision.proceeds) throw new GenOpsPolicyError(awu.decision);
    let result: R;
    try {
      result = (await context.with(awu.context, doStream)) as R;
    } catch (error) {
      void awu.fail(error);
      throw error;
    }
    const stream = governStream(result.stream, {
      awu,
      countText: (text) => governor.estimator.countText(text, model.modelId),
      abortSignal: params.abortSignal,
      idleTimeoutMs,
    });
    return { ...result, stream };
  }

  return {
    specificationVersion: common.specificationVersion as V,
    transformParams: async ({ params }) => store.strip(params),
    wrapGenerate,
    wrapStream,
  };
}

/** Text the model produced (text, reasoning, tool-call input), to count when usage is missing. */
function contentText(content: readonly SdkPart[]): string {
  let text = '';
  for (const part of content) {
    const value = part as unknown as Record<string, unknown>;
    if (part.type === 'text' || part.type === 'reasoning') {
      if (typeof value.text === 'string') text += value.text;
    } else if (part.type === 'tool-call' && typeof value.input === 'string') {
      text += value.input;
    }
  }
  return text;
}

function checkedIdleTimeout(value: number | undefined): number {
  if (value === undefined) return 60_000;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new GenOpsConfigError({
      field: 'streamIdleTimeoutMs',
      expected: 'a number of milliseconds > 0 (or Infinity)',
      received: value,
    });
  }
  return value;
}

function checkedFileTokens(custom: ((file: FilePartInfo) => number) | undefined): FileTokens {
  if (custom === undefined) return defaultFileTokens;
  if (typeof custom !== 'function') {
    throw new GenOpsConfigError({ field: 'fileTokens', expected: 'a function', received: custom });
  }
  return (file) => {
    const tokens = custom(file);
    if (!Number.isInteger(tokens) || tokens < 0) {
      throw new GenOpsConfigError({
        field: 'fileTokens',
        expected: 'a function returning a whole number >= 0',
        received: tokens,
      });
    }
    return tokens;
  };
}
