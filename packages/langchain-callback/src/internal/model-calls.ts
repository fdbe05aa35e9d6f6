import { type Awu, type EstimateInput, GenOpsPolicyError } from '@genops/core';
import { generatedText } from './generated-text.js';
import { readAbortSignal } from './read-abort-signal.js';
import { readAttribution } from './read-attribution.js';
import { readModelInfo } from './read-model-info.js';
import { readOutputCap } from './read-output-cap.js';
import { readSlaTier } from './read-sla-tier.js';
import { readResultUsage } from './read-usage.js';
import type { ResolvedOptions } from './resolve-options.js';
import { settleOptions } from './settle-options.js';

/** @internal What LangChain tells a handler when a model call starts. */
export interface ModelCallStart {
  readonly operation: 'chat' | 'text_completion';
  /** The serialized model. */
  readonly llm: unknown;
  readonly input: EstimateInput;
  readonly runId: string;
  /** The AWU of the run the call belongs to. */
  readonly parent: Awu | undefined;
  readonly extraParams: Record<string, unknown> | undefined;
  readonly metadata: Record<string, unknown> | undefined;
  readonly runName: string | undefined;
}

/** A model call in flight. */
interface ModelCall {
  readonly awu: Awu;
  readonly model: string | undefined;
  /** A multi-prompt LLM batch: `llmOutput.tokenUsage` holds the batch's total on its first prompt. */
  readonly batchTotals: boolean;
  /**
   * LangChain's `extraParams`, shared by the prompts of one `generate` call: when governance
   * refuses one of them the whole call rejects before any model runs, so the others are released.
   */
  readonly batch: object | undefined;
  /** Text streamed so far (`handleLLMNewToken`), to count what was generated when the call fails. */
  streamed: string;
  /** Stops listening to the call's abort signal. */
  detach: (() => void) | undefined;
}

/**
 * @internal The model calls in flight, keyed by LangChain `runId`: begun at the start callback
 * (a refusal throws `GenOpsPolicyError`), reconciled at the end, error or abort. Nothing after
 * the start throws.
 */
export class ModelCalls {
  readonly #options: ResolvedOptions;
  readonly #calls = new Map<string, ModelCall>();
  /** `extraParams` of `generate` calls in which a prompt was refused (see {@link ModelCall.batch}). */
  readonly #refusedBatches = new WeakSet<object>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  /** Calls in flight (diagnostics). */
  get size(): number {
    return this.#calls.size;
  }

  /**
   * Pre-execution: decides and reserves; rejects with `GenOpsPolicyError` when the call is refused.
   */
  start(start: ModelCallStart): Promise<void> {
    const { extraParams, metadata } = start;
    const invocationParams = extraParams?.invocation_params;
    const info = readModelInfo(start.llm, invocationParams, metadata);
    const begun = this.#options.governor.begin({
      operation: {
        name: `${start.operation} ${info.model ?? info.className ?? start.runName ?? 'model'}`,
        type: 'inference',
      },
      attribution: readAttribution(metadata, this.#options.attribution),
      provider: info.provider,
      model: info.model,
      input: start.input,
      maxOutputTokens: readOutputCap(invocationParams, metadata),
      slaTier: readSlaTier(metadata),
      parent: start.parent,
    });
    return begun.then((awu) => this.#started(start, info.model, awu));
  }

  /** Keeps the begun call (or throws its refusal). */
  #started(start: ModelCallStart, model: string | undefined, awu: Awu): void {
    const { extraParams, runId } = start;
    const batch = extraParams;
    if (!awu.decision.proceeds) {
      if (batch !== undefined) this.#refuseBatch(batch);
      throw new GenOpsPolicyError(awu.decision);
    }
    if (batch !== undefined && this.#refusedBatches.has(batch)) {
      // A sibling prompt of this `generate` call was refused: the call rejects, nothing runs.
      void awu.abandon();
      return;
    }
    const batchSize = extraParams?.batch_size;
    const call: ModelCall = {
      awu,
      model,
      batchTotals:
        start.operation === 'text_completion' && typeof batchSize === 'number' && batchSize > 1,
      batch,
      streamed: '',
      detach: undefined,
    };
    this.#calls.set(runId, call);
    const signal = readAbortSignal(extraParams);
    if (signal !== undefined) {
      const onAbort = () => this.#aborted(runId, signal);
      signal.addEventListener('abort', onAbort, { once: true });
      call.detach = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /** A streamed token: kept to count what was generated if the call fails; renews the lease. */
  token(runId: string, token: unknown): void {
    const call = this.#calls.get(runId);
    if (call === undefined) return;
    if (typeof token === 'string') call.streamed += token;
    call.awu.keepAlive();
  }

  /** Post-execution: reconciles with the reported usage, else an exact count (incomplete). */
  end(runId: string, output: unknown, cached: boolean): void {
    const call = this.#take(runId);
    if (call === undefined) return;
    try {
      if (cached) {
        void call.awu.settle({ usage: { inputTokens: 0, outputTokens: 0 } });
        return;
      }
      const usage = readResultUsage(output, call.batchTotals);
      const text = usage === undefined ? generatedText(output) : '';
      void call.awu.settle(settleOptions(call.awu, usage, text, this.#estimator, call.model));
    } catch (error) {
      this.#options.report(error, 'handleLLMEnd', runId);
      void call.awu.settle();
    }
  }

  /** The call failed: reconciles with the prompt plus what was streamed (incomplete). */
  error(runId: string, err: unknown, hook = 'handleLLMError'): void {
    const call = this.#take(runId);
    if (call === undefined) return;
    try {
      void call.awu.fail(
        err,
        settleOptions(call.awu, undefined, call.streamed, this.#estimator, call.model),
      );
    } catch (error) {
      this.#options.report(error, hook, runId);
      void call.awu.fail(err);
    }
  }

  get #estimator() {
    return this.#options.governor.estimator;
  }

  /** An aborted call: LangChain rejects at once and reports no end, so reconcile now. */
  #aborted(runId: string, signal: AbortSignal): void {
    const reason: unknown = signal.reason ?? new Error('aborted');
    this.error(runId, reason, 'abort');
  }

  #take(runId: string): ModelCall | undefined {
    const call = this.#calls.get(runId);
    if (call === undefined) return undefined;
    this.#calls.delete(runId);
    call.detach?.();
    return call;
  }

  /** Releases the reservations of a refused call's sibling prompts: none of them will run. */
  #refuseBatch(batch: object): void {
    this.#refusedBatches.add(batch);
    for (const [runId, call] of this.#calls) {
      if (call.batch !== batch) continue;
      this.#take(runId);
      void call.awu.abandon();
    }
  }
}
