export {
  GenOpsCallbackHandler,
  type GenOpsCallbackHandlerOptions,
  type GenOpsMetadata,
} from './genops-callback-handler.js';
export type { GenOpsLangChainErrorInfo } from './genops-langchain-error-info.js';
