import type { TokenUsage } from '@genops/core';
import { isRecord } from './is-record.js';

/**
 * @internal Converts LangChain `usage_metadata` (`input_tokens`, `output_tokens`, details) into the
 * core's {@link TokenUsage}. `undefined` when the counts are missing or not whole numbers >= 0.
 */
export function usageFromMetadata(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const inputTokens = count(usage.input_tokens);
  const outputTokens = count(usage.output_tokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const input = isRecord(usage.input_token_details) ? usage.input_token_details : {};
  const output = isRecord(usage.output_token_details) ? usage.output_token_details : {};
  const cachedInputTokens = count(input.cache_read);
  const cacheWriteInputTokens = count(input.cache_creation);
  const reasoningTokens = count(output.reasoning);
  return {
    inputTokens,
    outputTokens,
    ...(cachedInputTokens === undefined ? {} : { cachedInputTokens }),
    ...(cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens }),
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
  };
}

/**
 * @internal Usage of a model call from its `LLMResult`: the first generation's
 * `message.usage_metadata`, else `llmOutput.tokenUsage` (`promptTokens`, `completionTokens`)
 * unless `batchTotals` (LangChain puts a multi-prompt batch's total on its first prompt).
 */
export function readResultUsage(output: unknown, batchTotals: boolean): TokenUsage | undefined {
  if (!isRecord(output)) return undefined;
  const first = firstGeneration(output);
  if (isRecord(first) && isRecord(first.message)) {
    const usage = usageFromMetadata(first.message.usage_metadata);
    if (usage !== undefined) return usage;
  }
  if (batchTotals || !isRecord(output.llmOutput)) return undefined;
  const tokenUsage = output.llmOutput.tokenUsage;
  if (!isRecord(tokenUsage)) return undefined;
  const inputTokens = count(tokenUsage.promptTokens);
  const outputTokens = count(tokenUsage.completionTokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  return { inputTokens, outputTokens };
}

/** @internal The generations of the (single) prompt of a model run. */
export function promptGenerations(output: Record<string, unknown>): readonly unknown[] {
  const generations = output.generations;
  if (!Array.isArray(generations)) return [];
  const first: unknown = generations[0];
  return Array.isArray(first) ? first : [];
}

function firstGeneration(output: Record<string, unknown>): unknown {
  return promptGenerations(output)[0];
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
