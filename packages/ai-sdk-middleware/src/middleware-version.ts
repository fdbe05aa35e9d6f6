/**
 * The AI SDK middleware specification version a GenOps middleware declares: `'v4'` for AI SDK 7
 * (`LanguageModelV4Middleware`, `EmbeddingModelV4Middleware`), `'v3'` for AI SDK 6
 * (`LanguageModelV3Middleware`, `EmbeddingModelV3Middleware`). The behaviour is the same; only the
 * declared type differs, because AI SDK 6's `wrapLanguageModel` requires `'v3'`.
 *
 * @example
 * ```ts
 * const version: MiddlewareVersion = 'v3';
 * genopsMiddleware({ governor, specificationVersion: version });
 * ```
 */
export type MiddlewareVersion = 'v3' | 'v4';
