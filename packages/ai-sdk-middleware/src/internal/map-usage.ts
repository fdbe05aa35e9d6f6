import type { TokenUsage } from '@genops/core';
import type { SdkUsage } from './sdk-types.js';

/**
 * @internal Maps the AI SDK usage (v3/v4: `inputTokens.total` includes cache reads and writes,
 * `outputTokens.total` includes reasoning) to GenOps `TokenUsage`. A missing total is rebuilt from
 * its parts when they are reported; a side with neither is `undefined`.
 */
export function mapUsage(usage: SdkUsage | undefined): TokenUsage {
  if (usage === undefined || usage === null) return {};
  const input = usage.inputTokens as SdkUsage['inputTokens'] | number | undefined;
  const output = usage.outputTokens as SdkUsage['outputTokens'] | number | undefined;
  // A v2-shaped usage (plain numbers) is accepted too.
  if (typeof input === 'number' || typeof output === 'number') {
    return {
      ...(typeof input === 'number' ? { inputTokens: input } : {}),
      ...(typeof output === 'number' ? { outputTokens: output } : {}),
    };
  }
  const mapped: {
    inputTokens?: number;
    outputTokens?: number;
    cachedInputTokens?: number;
    cacheWriteInputTokens?: number;
    reasoningTokens?: number;
  } = {};
  if (input !== undefined && input !== null) {
    const total = input.total ?? sum(input.noCache, input.cacheRead, input.cacheWrite);
    if (total !== undefined) mapped.inputTokens = total;
    if (input.cacheRead !== undefined) mapped.cachedInputTokens = input.cacheRead;
    if (input.cacheWrite !== undefined) mapped.cacheWriteInputTokens = input.cacheWrite;
  }
  if (output !== undefined && output !== null) {
    const total = output.total ?? sum(output.text, output.reasoning);
    if (total !== undefined) mapped.outputTokens = total;
    if (output.reasoning !== undefined) mapped.reasoningTokens = output.reasoning;
  }
  return mapped;
}

function sum(...parts: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const part of parts) if (part !== undefined) total = (total ?? 0) + part;
  return total;
}
