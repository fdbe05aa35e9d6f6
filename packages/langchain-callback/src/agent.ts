/**
 * `@genops/langchain-callback/agent`: the agent middleware for langchain's `createAgent`. On its own
 * entry because it needs `langchain` and `zod`; the package's main entry needs only
 * `@langchain/core`.
 */
export {
  type GenOpsAgentMiddlewareOptions,
  genopsAgentMiddleware,
} from './genops-agent-middleware.js';
