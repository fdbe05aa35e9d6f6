import type { Context } from '@opentelemetry/api';
import type { Attribution } from './attribution/attribution.js';
import type { Awu } from './awu.js';
import type { Operation } from './operation.js';

/**
 * One chat message in a framework-neutral form. Adapters flatten tool calls and tool results into
 * `content` (as JSON) and express non-text parts (images, files) as `extraTokens`.
 */
export interface ChatMessage {
  readonly role: string;
  readonly content: string;
  readonly name?: string;
  /** Tokens for parts that are not text (images, audio, files), added as-is. */
  readonly extraTokens?: number;
}

/** The input a reservation is estimated from. */
export type EstimateInput =
  | { readonly messages: readonly ChatMessage[] }
  | { readonly text: string | readonly string[] };

/**
 * A request for governed work: everything the governor needs to decide and reserve before the
 * work runs.
 *
 * @example
 * ```ts
 * const request: AwuRequest = {
 *   operation: { name: 'chat gpt-4o', type: 'inference' },
 *   attribution: { customer_id: 'acme', feature: 'chat' },
 *   provider: 'openai', model: 'gpt-4o',
 *   input: { messages: [{ role: 'user', content: 'Hello' }] },
 *   maxOutputTokens: 400,
 * };
 * ```
 */
export interface AwuRequest {
  readonly operation: Operation;
  /** Per-call attribution; merged over the governor's (team/project/environment may be overridden). */
  readonly attribution?: Partial<Attribution>;
  /** Provider name, e.g. `openai` (`gen_ai.provider.name`). */
  readonly provider?: string;
  /** Model id, e.g. `gpt-4o` (`gen_ai.request.model`). */
  readonly model?: string;
  /** Provider region, e.g. `eu-west-1`. */
  readonly region?: string;
  /** What to count input tokens from. Ignored when `inputTokens` is given. */
  readonly input?: EstimateInput;
  /** A precomputed input-token estimate; skips the tokenizer. */
  readonly inputTokens?: number;
  /** Output cap of the call; the governor's `defaultMaxOutputTokens` when absent. */
  readonly maxOutputTokens?: number;
  /** SLA tier requested for this call. */
  readonly slaTier?: string;
  /**
   * The AWU this one is part of (a chain or agent run). Its run limit, if any, is drawn on too,
   * and its span is the parent unless `context` says otherwise.
   */
  readonly parent?: Awu;
  /**
   * A limit this AWU sets for the AWUs beneath it (in the governor's unit): it is reserved at the
   * start and every child draws against it (runaway-loop protection for chains and agents).
   */
  readonly runLimit?: number;
  /**
   * A run AWU this one continues (the same agent run, resumed after an interrupt, a retry or an
   * idle close): this AWU's run limit is what that run's limit had left (its children's actuals
   * deducted), and `runLimit` is ignored.
   */
  readonly continues?: Awu;
  /** OpenTelemetry context to open the AWU span in; the active context by default. */
  readonly context?: Context;
}
