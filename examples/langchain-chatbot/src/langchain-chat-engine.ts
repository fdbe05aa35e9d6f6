import {
  type ChatEngine,
  type ChatEngineContext,
  type ChatTurnOutcome,
  outcomeOfError,
} from '@genops/example-kit';
import { GenOpsCallbackHandler } from '@genops/langchain-callback';
import { InMemoryChatMessageHistory } from '@langchain/core/chat_history';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import { RunnableWithMessageHistory } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { muteRefusalLogs } from './mute-refusal-logs.js';
import { OfflineChatModel } from './offline-chat-model.js';

/** The assistant's instructions. */
export const HELPDESK_SYSTEM_PROMPT =
  'You are the helpdesk assistant of a SaaS product. Answer briefly and precisely; if you do not know, say so and offer to open a ticket.';

/**
 * The LangChain side of the chatbot: a prompt template (system prompt, history, question) piped
 * into a chat model, wrapped in `RunnableWithMessageHistory` (one history per conversation), and
 * streamed with a `GenOpsCallbackHandler`; attribution goes per call in `metadata.genops`.
 * A refusal is thrown by the handler before the model is called (`GenOpsPolicyError`).
 *
 * @example
 * ```ts
 * await runChatbot({ title: 'LangChain chatbot', serviceName: 'langchain-chatbot', createEngine: createLangChainChatEngine });
 * ```
 */
export function createLangChainChatEngine({
  governor,
  modelChoice,
  latency,
  httpLog,
  maxRetries,
}: ChatEngineContext): ChatEngine {
  muteRefusalLogs(); // refusals are shown by the chat itself, not as LangChain's error log
  const handler = new GenOpsCallbackHandler({ governor });
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', HELPDESK_SYSTEM_PROMPT],
    new MessagesPlaceholder('history'),
    ['human', '{question}'],
  ]);
  const models = new Map<string, BaseChatModel>();
  const modelFor = (model: string, maxTokens: number): BaseChatModel => {
    const key = `${model}|${maxTokens}`;
    let chatModel = models.get(key);
    if (chatModel === undefined) {
      chatModel =
        modelChoice.kind === 'openai'
          ? new ChatOpenAI({
              model,
              maxTokens,
              apiKey: modelChoice.apiKey,
              streamUsage: true,
              // LangChain's default is 6 retries with growing waits (over a minute on a dead server).
              maxRetries,
              // Every HTTP attempt is recorded, so the chat shows each one with its URL and error.
              configuration: {
                fetch: httpLog.fetch,
                ...(modelChoice.baseURL === undefined ? {} : { baseURL: modelChoice.baseURL }),
              },
            })
          : new OfflineChatModel({ model, maxTokens, estimator: governor.estimator, latency });
      models.set(key, chatModel);
    }
    return chatModel;
  };
  const histories = new Map<string, InMemoryChatMessageHistory>();
  const getMessageHistory = (sessionId: string) => {
    let history = histories.get(sessionId);
    if (history === undefined) {
      history = new InMemoryChatMessageHistory();
      histories.set(sessionId, history);
    }
    return history;
  };
  // One chain per model and output cap (`/model`, `/max-tokens`); the histories are shared.
  const chains = new Map<
    string,
    RunnableWithMessageHistory<{ question: string }, AIMessageChunk>
  >();
  const chainFor = (model: string, maxTokens: number) => {
    const key = `${model}|${maxTokens}`;
    let chain = chains.get(key);
    if (chain === undefined) {
      chain = new RunnableWithMessageHistory({
        runnable: prompt.pipe(modelFor(model, maxTokens)),
        getMessageHistory,
        inputMessagesKey: 'question',
        historyMessagesKey: 'history',
      });
      chains.set(key, chain);
    }
    return chain;
  };

  return {
    framework:
      'LangChain.js: prompt template + chat model + message history, GenOpsCallbackHandler',
    async countPromptTokens(turn, { withHistory }) {
      const history = withHistory
        ? ((await histories.get(turn.sessionId)?.getMessages()) ?? [])
        : [];
      return governor.estimator.countMessages(
        [
          { role: 'system', content: HELPDESK_SYSTEM_PROMPT },
          ...history.map((message) => ({
            role: message.getType() === 'human' ? 'user' : 'assistant',
            content: message.text,
          })),
          { role: 'user', content: turn.question },
        ],
        turn.model,
      );
    },
    async ask(turn, onText): Promise<ChatTurnOutcome> {
      let text = '';
      let finishReason: string | undefined;
      try {
        const stream = await chainFor(turn.model, turn.maxOutputTokens).stream(
          { question: turn.question },
          {
            ...(turn.signal === undefined ? {} : { signal: turn.signal }),
            configurable: { sessionId: turn.sessionId },
            callbacks: [handler],
            metadata: {
              genops: {
                customer_id: turn.customerId,
                feature: turn.feature,
                session_id: turn.sessionId,
                slaTier: turn.slaTier,
              },
            },
          },
        );
        for await (const chunk of stream) {
          const reason = chunk.response_metadata?.finish_reason;
          if (typeof reason === 'string') finishReason = reason;
          const delta = typeof chunk.content === 'string' ? chunk.content : chunk.text;
          if (delta === '') continue;
          text += delta;
          onText(delta);
        }
      } catch (error) {
        if (turn.signal?.aborted !== true) return outcomeOfError(error);
      }
      if (turn.signal?.aborted === true) {
        // RunnableWithMessageHistory saves a turn only when it ends: keep what the user saw.
        if (text !== '') {
          await getMessageHistory(turn.sessionId).addMessages([
            new HumanMessage(turn.question),
            new AIMessage(text),
          ]);
        }
        return { kind: 'stopped', text };
      }
      return { kind: 'answered', text, finishReason };
    },
  };
}
