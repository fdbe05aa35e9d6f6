import { isRecord } from './is-record.js';

/** @internal Who serves a model call. */
export interface ModelInfo {
  /** `ls_provider` metadata (LangChain's provider name, e.g. `openai`). */
  readonly provider: string | undefined;
  /** `ls_model_name` metadata, else `model` / `model_name` / `modelName` / `model_id` of the invocation params. */
  readonly model: string | undefined;
  /** The model class (last element of the serialized id), e.g. `ChatOpenAI`. */
  readonly className: string | undefined;
}

const MODEL_KEYS = ['model', 'model_name', 'modelName', 'model_id', 'modelId'] as const;

/** @internal Reads provider and model from a model call's metadata, invocation params and serialized form. */
export function readModelInfo(
  serialized: unknown,
  invocationParams: unknown,
  metadata: Record<string, unknown> | undefined,
): ModelInfo {
  const provider = nonEmpty(metadata?.ls_provider);
  let model = nonEmpty(metadata?.ls_model_name);
  if (model === undefined && isRecord(invocationParams)) {
    for (const key of MODEL_KEYS) {
      model = nonEmpty(invocationParams[key]);
      if (model !== undefined) break;
    }
  }
  return { provider, model, className: serializedName(serialized) };
}

/** @internal The class name of a serialized LangChain object (`id` is its import path). */
export function serializedName(serialized: unknown): string | undefined {
  if (!isRecord(serialized) || !Array.isArray(serialized.id)) return undefined;
  return nonEmpty(serialized.id.at(-1));
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
