import type { ChatMessage, TokenEstimator } from '@genops/core';
import {
  composeOfflineAnswer,
  OFFLINE_MODEL_ID,
  OFFLINE_PROVIDER,
  type OfflineAnswer,
  type OfflineLatency,
  REALISTIC_LATENCY,
  streamOfflineText,
} from '@genops/example-kit';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  type BaseChatModelParams,
  type LangSmithParams,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';

/** Options of {@link OfflineChatModel}. */
export interface OfflineChatModelOptions extends BaseChatModelParams {
  /** Model id the model answers as. Default: `offline-helpdesk`. */
  readonly model?: string;
  /** Counts the prompt and the answer (use the governor's: `governor.estimator`). */
  readonly estimator: TokenEstimator;
  /** Output cap (`max_tokens`). Default: none. */
  readonly maxTokens?: number;
  /** Default: `REALISTIC_LATENCY` (400 ms to first token, 120 tokens/s). */
  readonly latency?: OfflineLatency;
}

/**
 * A real LangChain chat model (`BaseChatModel`) that needs no network and no API key: it answers
 * helpdesk questions from a small built-in FAQ, streams with a realistic latency, honours
 * `maxTokens` and the abort signal, and reports `usage_metadata` counted with the tokenizer (the
 * prompt as chat messages, the answer as text).
 *
 * @example
 * ```ts
 * const model = new OfflineChatModel({ estimator: governor.estimator, maxTokens: 300 });
 * const answer = await model.invoke('How do I reset my password?', { callbacks: [handler] });
 * ```
 */
export class OfflineChatModel extends BaseChatModel {
  readonly model: string;
  readonly maxTokens: number | undefined;
  readonly #estimator: TokenEstimator;
  readonly #latency: OfflineLatency;

  constructor(options: OfflineChatModelOptions) {
    super(options);
    this.model = options.model ?? OFFLINE_MODEL_ID;
    this.maxTokens = options.maxTokens;
    this.#estimator = options.estimator;
    this.#latency = options.latency ?? REALISTIC_LATENCY;
  }

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  _llmType(): string {
    return 'genops-offline';
  }

  override invocationParams(): { model: string; max_tokens?: number } {
    return this.maxTokens === undefined
      ? { model: this.model }
      : { model: this.model, max_tokens: this.maxTokens };
  }

  override getLsParams(): LangSmithParams {
    return {
      ls_provider: OFFLINE_PROVIDER,
      ls_model_name: this.model,
      ls_model_type: 'chat',
      ...(this.maxTokens === undefined ? {} : { ls_max_tokens: this.maxTokens }),
    };
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let text = '';
    let last: ChatGenerationChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      text += chunk.text;
      last = chunk;
    }
    const usage = (last?.message as AIMessageChunk | undefined)?.usage_metadata;
    const message = new AIMessage({
      content: text,
      ...(usage === undefined ? {} : { usage_metadata: usage }),
      response_metadata: last?.message.response_metadata ?? {},
    });
    return { generations: [{ text, message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const prompt = toChatMessages(messages);
    const inputTokens = this.#estimator.countMessages(prompt, this.model);
    const question = [...prompt].reverse().find((message) => message.role === 'user');
    const answer: OfflineAnswer = composeOfflineAnswer({
      question: question?.content ?? '',
      maxOutputTokens: this.maxTokens,
      countText: (text) => this.#estimator.countText(text, this.model),
    });
    for await (const delta of streamOfflineText(answer.text, this.#latency, options.signal)) {
      const chunk = new ChatGenerationChunk({
        message: new AIMessageChunk({ content: delta }),
        text: delta,
      });
      yield chunk;
      await runManager?.handleLLMNewToken(delta, undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
    // The last chunk carries the usage and the finish reason, as OpenAI's streams do.
    yield new ChatGenerationChunk({
      message: new AIMessageChunk({
        content: '',
        usage_metadata: {
          input_tokens: inputTokens,
          output_tokens: answer.outputTokens,
          total_tokens: inputTokens + answer.outputTokens,
        },
        response_metadata: {
          model_name: this.model,
          finish_reason: answer.truncated ? 'length' : 'stop',
        },
      }),
      text: '',
    });
  }
}

const ROLES: Readonly<Record<string, string>> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  tool: 'tool',
};

function toChatMessages(messages: readonly BaseMessage[]): ChatMessage[] {
  return messages.map((message) => ({
    role: ROLES[message.getType()] ?? message.getType(),
    content: message.text,
  }));
}
