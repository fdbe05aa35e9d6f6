import {
  type Attribution,
  GenOpsConfigError,
  GenOpsPolicyError,
  type Governor,
  type RefusedDecision,
} from '@genops/core';
import { AIMessage, type SystemMessage } from '@langchain/core/messages';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { context as otelContext } from '@opentelemetry/api';
import { createMiddleware } from 'langchain';
import { z } from 'zod/v4';
import type { GenOpsLangChainErrorInfo } from './genops-langchain-error-info.js';
import { AgentRuns } from './internal/agent-runs.js';
import { messageText } from './internal/generated-text.js';
import { isRecord } from './internal/is-record.js';
import { markGoverned } from './internal/model-call-governed.js';
import { readAttribution } from './internal/read-attribution.js';
import { readChatModelInfo } from './internal/read-chat-model-info.js';
import { usageFromMetadata } from './internal/read-usage.js';
import { resolveOptions } from './internal/resolve-options.js';
import { settleOptions } from './internal/settle-options.js';
import { toChatMessages } from './internal/to-chat-messages.js';

/**
 * Options of {@link genopsAgentMiddleware}. Validated once: a bad option throws a
 * `GenOpsConfigError` naming the field.
 */
export interface GenOpsAgentMiddlewareOptions {
  /** The governor that decides, reserves and reconciles (from `createGovernor`). Required. */
  readonly governor: Governor;
  /**
   * Token limit of one agent invocation: reserved when the agent starts; every model call draws
   * on it as well as on the governor's budgets, so a runaway tool loop is refused once it is
   * spent. Default: none (the agent run only aggregates its model calls).
   */
  readonly runLimitTokens?: number;
  /**
   * What a refused model call does. `throw`: the invocation rejects with the `GenOpsPolicyError`
   * (LangChain wraps errors thrown by middleware in a `MiddlewareError` whose `cause` is it).
   * `message`: the model is not called and the agent turn ends with an assistant message naming
   * the policy and reason (`response_metadata.genops` holds the decision). Default: `throw`.
   */
  readonly onRefused?: 'throw' | 'message';
  /**
   * Attribution of every AWU of the agent, over the governor's; the invocation's
   * `metadata.genops` overrides it. Default: none.
   */
  readonly attribution?: Partial<Attribution>;
  /**
   * An invocation that ends with an exception no middleware hook sees (a tool error that is not
   * handed back to the model, the recursion limit) is closed (reconciled, flagged incomplete) after
   * this long without a model call.
   * Default: 300,000 (5 minutes).
   */
  readonly runIdleTimeoutMs?: number;
  /** Receives side-effect errors; they are never thrown into the agent. Default: `console.warn`. */
  readonly onError?: (error: unknown, info: GenOpsLangChainErrorInfo) => void;
}

const stateSchema = z.object({ _genopsRunId: z.string().optional() });

/**
 * Agent middleware for `createAgent` (langchain 1.x): every model call of the agent is one governed
 * AWU (`wrapModelCall`), and every invocation is an `agent` AWU that parents them and, with
 * `runLimitTokens`, caps what they may consume.
 *
 * Use it instead of `GenOpsCallbackHandler` for agents; when both are present, model calls the
 * middleware governs are skipped by the handler (with an OpenTelemetry context manager registered).
 *
 * @example
 * ```ts
 * import { genopsAgentMiddleware } from '@genops/langchain-callback/agent';
 *
 * const agent = createAgent({
 *   model,
 *   tools,
 *   middleware: [genopsAgentMiddleware({ governor, runLimitTokens: 50_000, onRefused: 'message' })],
 * });
 * await agent.invoke({ messages }, { metadata: { genops: { customer_id: 'acme' } } });
 * ```
 */
export function genopsAgentMiddleware(options: GenOpsAgentMiddlewareOptions) {
  const resolved = resolveOptions(options, 'genopsAgentMiddleware');
  const { onRefused = 'throw', runIdleTimeoutMs = 300_000 } = options;
  if (onRefused !== 'throw' && onRefused !== 'message') {
    throw new GenOpsConfigError({
      field: 'onRefused',
      expected: "'throw' or 'message'",
      received: onRefused,
    });
  }
  if (
    typeof runIdleTimeoutMs !== 'number' ||
    !Number.isFinite(runIdleTimeoutMs) ||
    runIdleTimeoutMs <= 0
  ) {
    throw new GenOpsConfigError({
      field: 'runIdleTimeoutMs',
      expected: 'a finite number of milliseconds > 0',
      received: runIdleTimeoutMs,
    });
  }
  const { governor, report } = resolved;
  const runs = new AgentRuns(governor, resolved.runLimitTokens, runIdleTimeoutMs, report);

  return createMiddleware({
    name: 'GenOpsAgentMiddleware',
    stateSchema,
    beforeAgent: async () => {
      const metadata = invocationMetadata();
      const name = typeof metadata?.lc_agent_name === 'string' ? metadata.lc_agent_name : undefined;
      const id = await runs.open(name, readAttribution(metadata, resolved.attribution));
      return { _genopsRunId: id };
    },
    wrapModelCall: async (request, handler) => {
      const runId = request.state._genopsRunId;
      const run = await runs.segment(runId);
      const info = readChatModelInfo(request.model);
      // createAgent sends the system message first when it is not empty.
      const system: SystemMessage | undefined = request.systemMessage;
      const messages =
        system === undefined || system.text === ''
          ? request.messages
          : [system, ...request.messages];
      const awu = await governor.begin({
        operation: { name: `chat ${info.model ?? info.className ?? 'model'}`, type: 'inference' },
        attribution:
          run?.attribution ?? readAttribution(invocationMetadata(), resolved.attribution),
        provider: info.provider,
        model: info.model,
        input: { messages: toChatMessages(messages) },
        maxOutputTokens: info.maxOutputTokens,
        parent: run?.awu,
      });
      if (!awu.decision.proceeds) {
        if (onRefused === 'message') return refusalMessage(awu.decision);
        const error = new GenOpsPolicyError(awu.decision);
        runs.close(runId, error);
        throw error;
      }
      let response: AIMessage;
      try {
        response = await otelContext.with(markGoverned(awu.context), () => handler(request));
      } catch (error) {
        const usage = { inputTokens: awu.estimate.inputTokens, outputTokens: 0 };
        void awu.fail(error, { usage, incomplete: true });
        runs.addConsumed(runId, usage.inputTokens);
        throw error;
      }
      try {
        const usage = usageFromMetadata(response.usage_metadata);
        const text = usage === undefined ? messageText(response) : '';
        const settle = settleOptions(awu, usage, text, governor.estimator, info.model);
        void awu.settle(settle);
        runs.addConsumed(runId, (settle.usage.inputTokens ?? 0) + (settle.usage.outputTokens ?? 0));
      } catch (error) {
        report(error, 'wrapModelCall', runId);
        void awu.settle();
      }
      return response;
    },
    afterAgent: (state) => {
      runs.close(state._genopsRunId);
      return undefined;
    },
  });
}

/** The assistant message that ends the turn when a model call is refused (`onRefused: 'message'`). */
function refusalMessage(decision: RefusedDecision): AIMessage {
  const reason = decision.reason === undefined ? '' : `: ${decision.reason}`;
  const retry =
    decision.retryAfterMs === undefined ? '' : ` Retry after ${decision.retryAfterMs} ms.`;
  return new AIMessage({
    content: `I stopped here: governance refused this step (${decision.result}, ${decision.reasonCode}, policy "${decision.policyName}")${reason}.${retry}`,
    response_metadata: {
      genops: {
        result: decision.result,
        reasonCode: decision.reasonCode,
        policyName: decision.policyName,
        budgetName: decision.budgetName,
        reason: decision.reason,
        retryAfterMs: decision.retryAfterMs,
      },
    },
  });
}

/** The metadata of the current agent invocation (LangChain's async-local runnable config). */
function invocationMetadata(): Record<string, unknown> | undefined {
  const config: unknown = AsyncLocalStorageProviderSingleton.getRunnableConfig();
  return isRecord(config) && isRecord(config.metadata) ? config.metadata : undefined;
}
