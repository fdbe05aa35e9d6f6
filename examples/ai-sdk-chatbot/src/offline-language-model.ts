import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import type { ChatMessage, TokenEstimator } from '@genops/core';
import {
  composeOfflineAnswer,
  OFFLINE_MODEL_ID,
  OFFLINE_PROVIDER,
  type OfflineLatency,
  REALISTIC_LATENCY,
  streamOfflineText,
} from '@genops/example-kit';

/** Options of {@link createOfflineLanguageModel}. */
export interface OfflineLanguageModelOptions {
  /** Model id the model answers as. Default: `offline-helpdesk`. */
  readonly modelId?: string;
  /** Counts the prompt and the answer (use the governor's: `governor.estimator`). */
  readonly estimator: TokenEstimator;
  /** Default: `REALISTIC_LATENCY` (400 ms to first token, 120 tokens/s). */
  readonly latency?: OfflineLatency;
}

/**
 * A real AI SDK language model (`LanguageModelV4`) that needs no network and no API key: it
 * answers helpdesk questions from a small built-in FAQ, streams the answer with a realistic
 * latency, honours `maxOutputTokens` (finish reason `length`) and the abort signal, and reports
 * token usage counted with the tokenizer (the prompt as chat messages, the answer as text).
 *
 * @example
 * ```ts
 * const model = wrapLanguageModel({
 *   model: createOfflineLanguageModel({ estimator: governor.estimator }),
 *   middleware: genopsMiddleware({ governor }),
 * });
 * const result = streamText({ model, prompt: 'How do I reset my password?' });
 * ```
 */
export function createOfflineLanguageModel(options: OfflineLanguageModelOptions): LanguageModelV4 {
  const modelId = options.modelId ?? OFFLINE_MODEL_ID;
  const latency = options.latency ?? REALISTIC_LATENCY;
  const { estimator } = options;

  const answer = (call: LanguageModelV4CallOptions) => {
    const messages = toChatMessages(call.prompt);
    const inputTokens = estimator.countMessages(messages, modelId);
    const question = [...messages].reverse().find((message) => message.role === 'user');
    const composed = composeOfflineAnswer({
      question: question?.content ?? '',
      maxOutputTokens: call.maxOutputTokens,
      countText: (text) => estimator.countText(text, modelId),
    });
    const finishReason: LanguageModelV4FinishReason = composed.truncated
      ? { unified: 'length', raw: 'length' }
      : { unified: 'stop', raw: 'stop' };
    const usage: LanguageModelV4Usage = {
      inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: composed.outputTokens, text: composed.outputTokens, reasoning: 0 },
    };
    return { text: composed.text, finishReason, usage };
  };

  return {
    specificationVersion: 'v4',
    provider: OFFLINE_PROVIDER,
    modelId,
    supportedUrls: {},
    async doGenerate(call): Promise<LanguageModelV4GenerateResult> {
      const { text, finishReason, usage } = answer(call);
      // Generation takes as long as streaming the whole answer would.
      for await (const _ of streamOfflineText(text, latency, call.abortSignal));
      return {
        content: [{ type: 'text', text }],
        finishReason,
        usage,
        response: { id: responseId(), modelId, timestamp: new Date() },
        warnings: [],
      };
    },
    async doStream(call): Promise<LanguageModelV4StreamResult> {
      const { text, finishReason, usage } = answer(call);
      const deltas = streamOfflineText(text, latency, call.abortSignal);
      const id = responseId();
      let started = false;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'response-metadata', id, modelId, timestamp: new Date() });
            controller.enqueue({ type: 'text-start', id: 'text-0' });
          }
          try {
            const next = await deltas.next();
            if (next.done === true) {
              controller.enqueue({ type: 'text-end', id: 'text-0' });
              controller.enqueue({ type: 'finish', finishReason, usage });
              controller.close();
              return;
            }
            controller.enqueue({ type: 'text-delta', id: 'text-0', delta: next.value });
          } catch (error) {
            controller.error(error);
          }
        },
        async cancel() {
          await deltas.return(undefined);
        },
      });
      return { stream };
    },
  };
}

/** The prompt as chat messages: text parts as text, anything else as JSON. */
function toChatMessages(prompt: LanguageModelV4Prompt): ChatMessage[] {
  return prompt.map((message) => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    const content = message.content
      .map((part) =>
        part.type === 'text' || part.type === 'reasoning' ? part.text : JSON.stringify(part),
      )
      .join('');
    return { role: message.role, content };
  });
}

let responses = 0;

function responseId(): string {
  responses += 1;
  return `offline-${responses}`;
}
