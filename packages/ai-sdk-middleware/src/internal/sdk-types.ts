/**
 * @internal Structural views of the AI SDK provider types this package reads. They are
 * deliberately loose supertypes of both `@ai-sdk/provider` v3 (AI SDK 6) and v4 (AI SDK 7), so
 * that one middleware object satisfies `LanguageModelV3Middleware` and `LanguageModelV4Middleware`
 * without depending on either version of `@ai-sdk/provider`.
 */

/** The model a middleware wraps (only what GenOps reads). */
export interface SdkModel {
  readonly provider: string;
  readonly modelId: string;
}

/** Any content part; narrowed at run time by `type`. */
export interface SdkPart {
  readonly type: string;
}

/** One prompt message (`system` has string content, the others arrays of parts). */
export interface SdkMessage {
  readonly role: string;
  readonly content: string | readonly SdkPart[];
}

/** `providerOptions` of a call. */
export type SdkProviderOptions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A tool definition passed to the model (function tools carry a JSON schema). */
export interface SdkTool {
  readonly type: string;
}

/** Language model call options (`LanguageModelV3CallOptions` / `LanguageModelV4CallOptions`). */
export interface SdkCallOptions {
  readonly prompt: readonly SdkMessage[];
  readonly maxOutputTokens?: number | undefined;
  readonly tools?: readonly SdkTool[] | undefined;
  readonly providerOptions?: SdkProviderOptions | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** Token counts as the SDK reports them (v3 and v4 share this shape). */
export interface SdkUsage {
  readonly inputTokens: {
    readonly total: number | undefined;
    readonly noCache?: number | undefined;
    readonly cacheRead?: number | undefined;
    readonly cacheWrite?: number | undefined;
  };
  readonly outputTokens: {
    readonly total: number | undefined;
    readonly text?: number | undefined;
    readonly reasoning?: number | undefined;
  };
}

/** Result of `doGenerate`. */
export interface SdkGenerateResult {
  readonly content: readonly SdkPart[];
  readonly usage: SdkUsage;
}

/** One part of a `doStream` stream. */
export interface SdkStreamPart {
  readonly type: string;
}

/** Result of `doStream`. */
export interface SdkStreamResult {
  readonly stream: ReadableStream<SdkStreamPart>;
}

/** Embedding model call options (`EmbeddingModelV3CallOptions` / `EmbeddingModelV4CallOptions`). */
export interface SdkEmbedCallOptions {
  readonly values: readonly string[];
  readonly providerOptions?: SdkProviderOptions | undefined;
}

/** Result of `doEmbed`. */
export interface SdkEmbedResult {
  readonly usage?: { readonly tokens: number } | undefined;
}
