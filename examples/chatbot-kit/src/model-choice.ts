/** Which model the chatbots talk to. */
export type ChatModelChoice =
  | {
      readonly kind: 'offline';
      /** The model id requested by default. */
      readonly defaultModel: string;
      /** For the banner. */
      readonly label: string;
    }
  | {
      readonly kind: 'openai';
      readonly defaultModel: string;
      readonly label: string;
      /** `OPENAI_BASE_URL`, for any OpenAI-compatible server (Ollama, llama.cpp, vLLM…). */
      readonly baseURL: string | undefined;
      /** `OPENAI_API_KEY` (a placeholder is used for local servers that need none). */
      readonly apiKey: string;
    };

/** The offline model's id. */
export const OFFLINE_MODEL_ID = 'offline-helpdesk';

/** The offline model's provider name (`gen_ai.provider.name`). */
export const OFFLINE_PROVIDER = 'genops-offline';

/**
 * Chooses the model from the environment: a real OpenAI(-compatible) provider when
 * `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set (model `OPENAI_MODEL`, default `gpt-4o-mini`),
 * else the built-in offline model. `GENOPS_OFFLINE=1` forces the offline model.
 *
 * @example
 * ```ts
 * const choice = chooseChatModel(process.env); // { kind: 'offline', defaultModel: 'offline-helpdesk', … }
 * ```
 */
export function chooseChatModel(env: NodeJS.ProcessEnv): ChatModelChoice {
  const apiKey = nonEmpty(env.OPENAI_API_KEY);
  const baseURL = nonEmpty(env.OPENAI_BASE_URL);
  if (env.GENOPS_OFFLINE === '1' || (apiKey === undefined && baseURL === undefined)) {
    return {
      kind: 'offline',
      defaultModel: OFFLINE_MODEL_ID,
      label:
        'OFFLINE built-in model — canned helpdesk answers, no network, no API key; ' +
        'token usage counted with the tokenizer, latency simulated (set OPENAI_API_KEY or OPENAI_BASE_URL for a real model)',
    };
  }
  const model = nonEmpty(env.OPENAI_MODEL) ?? 'gpt-4o-mini';
  return {
    kind: 'openai',
    defaultModel: model,
    label: `${model} via ${baseURL === undefined ? 'OpenAI' : `the OpenAI-compatible API at ${baseURL}`}`,
    baseURL,
    apiKey: apiKey ?? 'not-needed',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
