import { GenOpsPolicyError } from '@genops/core';

/** One user turn, as the chat loop hands it to a framework. */
export interface ChatTurn {
  /** Conversation id: the message history key and `genops.session_id`. */
  readonly sessionId: string;
  /** `genops.customer_id`. */
  readonly customerId: string;
  /** `genops.feature`. */
  readonly feature: string;
  /** The SLA tier requested for the call. */
  readonly slaTier: string;
  /** The model to call. */
  readonly model: string;
  /** The output cap (`maxOutputTokens`). */
  readonly maxOutputTokens: number;
  /** What the user typed (a multi-line paste is one question). */
  readonly question: string;
  /** Aborted when the user stops the answer (Ctrl-C): the engine aborts the provider's stream too. */
  readonly signal?: AbortSignal;
}

/** How a turn ended. */
export type ChatTurnOutcome =
  | {
      readonly kind: 'answered';
      readonly text: string;
      /** `length` when the output cap cut the answer; else the provider's reason, when known. */
      readonly finishReason?: string | undefined;
    }
  /** The user stopped the answer; `text` is what had arrived (kept in the conversation). */
  | { readonly kind: 'stopped'; readonly text: string }
  | { readonly kind: 'refused'; readonly error: GenOpsPolicyError }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * A chatbot's framework side: it keeps the message history per session, calls the model through
 * its framework with GenOps in place and streams the answer. The chat loop does the rest.
 *
 * @example
 * ```ts
 * const engine: ChatEngine = {
 *   framework: 'My framework',
 *   async ask(turn, onText) { onText('Hello'); return { kind: 'answered', text: 'Hello' }; },
 * };
 * ```
 */
export interface ChatEngine {
  /** What the banner says about the framework, e.g. `Vercel AI SDK 7: streamText + genopsMiddleware`. */
  readonly framework: string;
  /**
   * Answers one turn, streaming text through `onText`. Never throws: failures are outcomes. When
   * `turn.signal` aborts, the provider's stream is aborted and the outcome is `stopped`.
   */
  ask(turn: ChatTurn, onText: (delta: string) => void): Promise<ChatTurnOutcome>;
  /**
   * The prompt tokens a turn would send, with or without the conversation's history (for the hint
   * that `/new` makes a blocked question fit). Optional.
   */
  countPromptTokens?(turn: ChatTurn, options: { readonly withHistory: boolean }): Promise<number>;
}

/**
 * Turns whatever a framework threw into a turn outcome: a `GenOpsPolicyError` anywhere in the
 * error's `cause` chain (frameworks sometimes wrap errors) is a refusal, anything else a failure.
 *
 * @example
 * ```ts
 * try { … } catch (error) { return outcomeOfError(error); }
 * ```
 */
export function outcomeOfError(error: unknown): ChatTurnOutcome {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (GenOpsPolicyError.isInstance(current)) return { kind: 'refused', error: current };
    const next = current as { cause?: unknown; lastError?: unknown };
    current = next.lastError ?? next.cause;
  }
  return { kind: 'failed', error };
}
