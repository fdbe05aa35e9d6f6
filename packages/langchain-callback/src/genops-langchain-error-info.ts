/**
 * What an error reported through `onError` of {@link GenOpsCallbackHandlerOptions} or
 * `GenOpsAgentMiddlewareOptions` is about. These are side-effect errors (reading a malformed
 * result, a reconciliation that could not complete): GenOps never throws them into the call.
 *
 * @example
 * ```ts
 * new GenOpsCallbackHandler({
 *   governor,
 *   onError: (error, { hook, runId }) => logger.warn({ err: error, hook, runId }, 'genops'),
 * });
 * ```
 */
export interface GenOpsLangChainErrorInfo {
  /** The callback or middleware hook that failed, e.g. `handleLLMEnd`, `wrapModelCall`. */
  readonly hook: string;
  /** LangChain run id (callback handler) or GenOps agent-run id (middleware), when known. */
  readonly runId: string | undefined;
}
