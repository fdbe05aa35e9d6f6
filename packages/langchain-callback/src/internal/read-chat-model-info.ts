import { isRecord } from './is-record.js';
import type { ModelInfo } from './read-model-info.js';
import { readOutputCap } from './read-output-cap.js';

/** @internal {@link ModelInfo} of a chat model instance, with its output cap. */
export interface ChatModelInfo extends ModelInfo {
  readonly maxOutputTokens: number | undefined;
}

/**
 * @internal Reads provider, model and output cap from a chat model instance (the agent
 * middleware sees the model, not the callback metadata): its `getLsParams()` (`ls_provider`,
 * `ls_model_name`, `ls_max_tokens`) and `invocationParams()`. Never throws.
 */
export function readChatModelInfo(model: unknown): ChatModelInfo {
  const ls = callMethod(model, 'getLsParams');
  const params = callMethod(model, 'invocationParams');
  const provider = nonEmpty(ls?.ls_provider);
  const modelName =
    nonEmpty(ls?.ls_model_name) ??
    nonEmpty(params?.model) ??
    nonEmpty(params?.model_name) ??
    (isRecord(model) ? (nonEmpty(model.model) ?? nonEmpty(model.modelName)) : undefined);
  const className = isRecord(model) ? nonEmpty(callName(model)) : undefined;
  return {
    provider,
    model: modelName,
    className,
    maxOutputTokens: readOutputCap(params, ls),
  };
}

function callMethod(target: unknown, name: string): Record<string, unknown> | undefined {
  if (!isRecord(target)) return undefined;
  const method = target[name];
  if (typeof method !== 'function') return undefined;
  try {
    const result: unknown = method.call(target, {});
    return isRecord(result) ? result : undefined;
  } catch {
    return undefined;
  }
}

function callName(target: Record<string, unknown>): unknown {
  const getName = target.getName;
  if (typeof getName !== 'function') return undefined;
  try {
    return getName.call(target);
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
