import { setTimeout as sleep } from 'node:timers/promises';

/** How fast the offline model answers. */
export interface OfflineLatency {
  /** Time to first token, ms. */
  readonly firstTokenMs: number;
  /** Streaming speed, tokens per second (0 or less: instant). */
  readonly tokensPerSecond: number;
}

/** A small hosted model's typical latency: 400 ms to the first token, then 120 tokens/s. */
export const REALISTIC_LATENCY: OfflineLatency = { firstTokenMs: 400, tokensPerSecond: 120 };

/** No latency at all (tests). */
export const NO_LATENCY: OfflineLatency = { firstTokenMs: 0, tokensPerSecond: 0 };

/**
 * The offline model's latency from `GENOPS_OFFLINE_LATENCY`: a factor applied to
 * {@link REALISTIC_LATENCY} (`1` realistic, `0.5` twice as fast, `0` instant). Default: `1`.
 *
 * @example
 * ```ts
 * const latency = offlineLatencyFromEnv(process.env); // GENOPS_OFFLINE_LATENCY=0 → NO_LATENCY
 * ```
 */
export function offlineLatencyFromEnv(env: NodeJS.ProcessEnv): OfflineLatency {
  const raw = env.GENOPS_OFFLINE_LATENCY;
  const factor = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(
      `GENOPS_OFFLINE_LATENCY must be a number >= 0 (1 = realistic, 0 = instant), got ${JSON.stringify(raw)}`,
    );
  }
  if (factor === 0) return NO_LATENCY;
  return {
    firstTokenMs: REALISTIC_LATENCY.firstTokenMs * factor,
    tokensPerSecond: REALISTIC_LATENCY.tokensPerSecond / factor,
  };
}

/**
 * Streams `text` word by word at the given latency. Stops with the signal's reason when aborted.
 *
 * @example
 * ```ts
 * for await (const delta of streamOfflineText(answer.text, REALISTIC_LATENCY)) process.stdout.write(delta);
 * ```
 */
export async function* streamOfflineText(
  text: string,
  latency: OfflineLatency,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const words = text.match(/\s*\S+/g) ?? [];
  const instant = latency.tokensPerSecond <= 0;
  if (latency.firstTokenMs > 0) await sleep(latency.firstTokenMs, undefined, { signal });
  for (const word of words) {
    signal?.throwIfAborted();
    if (!instant) {
      // About four characters per token.
      const tokens = Math.max(1, Math.round(word.trim().length / 4));
      await sleep((tokens * 1000) / latency.tokensPerSecond, undefined, { signal });
    }
    yield word;
  }
}
