import { createOpenAI } from '@ai-sdk/openai';
import { genopsMiddleware } from '@genops/ai-sdk-middleware';
import {
  type ChatEngine,
  type ChatEngineContext,
  type ChatTurnOutcome,
  outcomeOfError,
} from '@genops/example-kit';
import { type LanguageModel, type ModelMessage, streamText, wrapLanguageModel } from 'ai';
import { createOfflineLanguageModel } from './offline-language-model.js';

/** The assistant's instructions. */
export const HELPDESK_INSTRUCTIONS =
  'You are the helpdesk assistant of a SaaS product. Answer briefly and precisely; if you do not know, say so and offer to open a ticket.';

/**
 * The AI SDK side of the chatbot: `streamText` on a model wrapped with `genopsMiddleware`, one
 * message history per conversation, attribution passed per call in `providerOptions.genops`.
 * A refusal reaches `fullStream` as an `error` part carrying the `GenOpsPolicyError`.
 *
 * @example
 * ```ts
 * await runChatbot({ title: 'AI SDK chatbot', serviceName: 'ai-sdk-chatbot', createEngine: createAiSdkChatEngine });
 * ```
 */
export function createAiSdkChatEngine({
  governor,
  modelChoice,
  latency,
  httpLog,
  maxRetries,
}: ChatEngineContext): ChatEngine {
  const middleware = genopsMiddleware({ governor });
  const openai =
    modelChoice.kind === 'openai'
      ? createOpenAI({
          apiKey: modelChoice.apiKey,
          // Every HTTP attempt is recorded, so the chat shows each one with its URL and error.
          fetch: httpLog.fetch,
          ...(modelChoice.baseURL === undefined ? {} : { baseURL: modelChoice.baseURL }),
        })
      : undefined;
  const models = new Map<string, LanguageModel>();
  const modelFor = (id: string): LanguageModel => {
    let model = models.get(id);
    if (model === undefined) {
      const base =
        openai === undefined
          ? createOfflineLanguageModel({ modelId: id, estimator: governor.estimator, latency })
          : // OpenAI-compatible servers speak Chat Completions; api.openai.com also the Responses API.
            modelChoice.kind === 'openai' && modelChoice.baseURL !== undefined
            ? openai.chat(id)
            : openai(id);
      model = wrapLanguageModel({ model: base, middleware });
      models.set(id, model);
    }
    return model;
  };
  const histories = new Map<string, ModelMessage[]>();

  return {
    framework: 'Vercel AI SDK 7: streamText + wrapLanguageModel(genopsMiddleware)',
    async countPromptTokens(turn, { withHistory }) {
      const history = withHistory ? (histories.get(turn.sessionId) ?? []) : [];
      return governor.estimator.countMessages(
        [
          { role: 'system', content: HELPDESK_INSTRUCTIONS },
          ...history.map((message) => ({ role: message.role, content: String(message.content) })),
          { role: 'user', content: turn.question },
        ],
        turn.model,
      );
    },
    async ask(turn, onText): Promise<ChatTurnOutcome> {
      const history = histories.get(turn.sessionId) ?? [];
      const messages: ModelMessage[] = [...history, { role: 'user', content: turn.question }];
      let text = '';
      let failure: { error: unknown } | undefined;
      let finishReason: string | undefined;
      let stopped = false;
      try {
        const result = streamText({
          model: modelFor(turn.model),
          instructions: HELPDESK_INSTRUCTIONS,
          messages,
          maxOutputTokens: turn.maxOutputTokens,
          maxRetries,
          ...(turn.signal === undefined ? {} : { abortSignal: turn.signal }),
          providerOptions: {
            genops: {
              customer_id: turn.customerId,
              feature: turn.feature,
              session_id: turn.sessionId,
              slaTier: turn.slaTier,
            },
          },
          onError: () => {}, // errors are read from fullStream below
        });
        for await (const part of result.fullStream) {
          if (part.type === 'text-delta') {
            text += part.text;
            onText(part.text);
          } else if (part.type === 'error') {
            failure = { error: part.error };
          } else if (part.type === 'finish') {
            finishReason = part.finishReason;
          } else if (part.type === 'abort') {
            stopped = true;
          }
        }
      } catch (error) {
        if (turn.signal?.aborted === true) stopped = true;
        else failure = { error };
      }
      if (stopped || turn.signal?.aborted === true) {
        // What was shown stays in the conversation, as the user saw it.
        if (text !== '') {
          histories.set(turn.sessionId, [...messages, { role: 'assistant', content: text }]);
        }
        return { kind: 'stopped', text };
      }
      if (failure !== undefined) return outcomeOfError(failure.error);
      histories.set(turn.sessionId, [...messages, { role: 'assistant', content: text }]);
      return { kind: 'answered', text, finishReason };
    },
  };
}
