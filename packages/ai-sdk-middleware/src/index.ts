export {
  defaultFileTokens,
  FILE_TOKENS,
  type FilePartInfo,
  IMAGE_TOKENS,
} from './default-file-tokens.js';
export type { GenOpsCallOptions } from './genops-call-options.js';
export {
  type GenOpsEmbeddingMiddlewareOptions,
  type GenOpsEmbeddingModelMiddleware,
  genopsEmbeddingMiddleware,
} from './genops-embedding-middleware.js';
export {
  type GenOpsLanguageModelMiddleware,
  type GenOpsMiddlewareOptions,
  genopsMiddleware,
} from './genops-middleware.js';
export type { MiddlewareVersion } from './middleware-version.js';
