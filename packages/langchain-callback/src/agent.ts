export {
  type GenOpsAgentMiddlewareOptions,
  genopsAgentMiddleware,
} from './genops-agent-middleware.js';
export type { GenOpsLangChainErrorInfo } from './genops-langchain-error-info.js';
