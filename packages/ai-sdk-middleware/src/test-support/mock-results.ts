/** Usage in the AI SDK (v3/v4) shape. */
export function sdkUsage(
  input: number,
  output: number,
  { cacheRead = 0, reasoning = 0 }: { cacheRead?: number; reasoning?: number } = {},
) {
  return {
    inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
    outputTokens: { total: output, text: output - reasoning, reasoning },
  };
}

/** A `doGenerate` result with one text part. */
export function generateResult(text: string, usage: ReturnType<typeof sdkUsage>) {
  return {
    content: [{ type: 'text' as const, text }],
    finishReason: { unified: 'stop' as const, raw: 'stop' },
    usage,
    warnings: [],
  };
}

/** Stream parts of a text answer streamed in `deltas`, ending with `finish` (unless `usage` is `null`). */
export function textStreamParts(
  deltas: readonly string[],
  usage: ReturnType<typeof sdkUsage> | null,
) {
  return [
    { type: 'stream-start' as const, warnings: [] },
    { type: 'text-start' as const, id: 't1' },
    ...deltas.map((delta) => ({ type: 'text-delta' as const, id: 't1', delta })),
    { type: 'text-end' as const, id: 't1' },
    ...(usage === null
      ? []
      : [
          {
            type: 'finish' as const,
            finishReason: { unified: 'stop' as const, raw: 'stop' },
            usage,
          },
        ]),
  ];
}
