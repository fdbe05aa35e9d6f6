import { type Attribution, GenOpsConfigError, type Governor } from '@genops/core';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { GenOpsLangChainErrorInfo } from './genops-langchain-error-info.js';
import { agentRunName } from './internal/agent-run-name.js';
import { isGovernedElsewhere } from './internal/model-call-governed.js';
import { ModelCalls } from './internal/model-calls.js';
import { readAttribution } from './internal/read-attribution.js';
import { serializedName } from './internal/read-model-info.js';
import { type ResolvedOptions, resolveOptions } from './internal/resolve-options.js';
import { RunTree } from './internal/run-tree.js';
import { toChatMessages } from './internal/to-chat-messages.js';

/**
 * Options of {@link GenOpsCallbackHandler}. Validated once, at construction: a bad option throws a
 * `GenOpsConfigError` naming the field.
 */
export interface GenOpsCallbackHandlerOptions {
  /** The governor that decides, reserves and reconciles (from `createGovernor`). Required. */
  readonly governor: Governor;
  /**
   * Token limit of every chain or agent run this handler governs (top-level runs, agent runs and,
   * with `governSteps`, every step). It is reserved when the run starts; every model call in the
   * run draws on it as well as on the governor's budgets, so a runaway loop is refused once the
   * limit is spent. Default: none (runs only aggregate their children).
   */
  readonly runLimitTokens?: number;
  /**
   * Also make an AWU (type `chain`) of every nested chain step, such as prompt templates and
   * output parsers, which consume nothing themselves. Default: `false` (only top-level and agent
   * runs are AWUs; steps are transparent).
   */
  readonly governSteps?: boolean;
  /**
   * Attribution of every AWU this handler opens, over the governor's; a call's
   * `metadata.genops` overrides it. Default: none.
   */
  readonly attribution?: Partial<Attribution>;
  /**
   * Receives side-effect errors (a malformed result, a reconciliation that could not complete);
   * they are never thrown into the call. Default: `console.warn`.
   */
  readonly onError?: (error: unknown, info: GenOpsLangChainErrorInfo) => void;
}

/** Metadata a LangChain call may carry for GenOps (`config.metadata`). */
export interface GenOpsMetadata {
  /**
   * Per-call attribution (`customer_id`, `feature`, `session_id`, `cost_center`, …) and the SLA
   * tier the call asks for (`slaTier`, matched by `sla({ tier })` policies).
   */
  readonly genops?: Partial<Attribution> & { readonly slaTier?: string };
}

/**
 * A LangChain.js callback handler that governs every model call and chain run it sees.
 *
 * - Each chat-model or LLM call (`invoke`, `batch`, `stream`, inside chains and agents) is one AWU
 *   of type `inference`, begun at `handleChatModelStart`/`handleLLMStart` with a reservation of
 *   the prompt's tokens plus the call's output cap. A refusal throws `GenOpsPolicyError` out of the
 *   start callback, so the model is never called and the caller receives that error.
 * - The call is reconciled at `handleLLMEnd` with `usage_metadata` (else `llmOutput.tokenUsage`,
 *   else an exact count of the generated text, flagged incomplete); cache hits reconcile at zero;
 *   `handleLLMError` reconciles with what is known.
 * - Top-level runs and agent runs are AWUs too (type `chain` / `agent`), parents of the AWUs
 *   beneath them; with `runLimitTokens` they cap the tokens their model calls may reserve.
 *
 * The handler sets LangChain's `raiseError` (handlers are awaited), so that a refusal can stop the
 * call. Everything after a model ran is caught and reported through `onError`, never thrown.
 *
 * @example
 * ```ts
 * const handler = new GenOpsCallbackHandler({ governor, runLimitTokens: 50_000 });
 * const answer = await chain.invoke(
 *   { question },
 *   { callbacks: [handler], metadata: { genops: { customer_id: 'acme' } } },
 * );
 * ```
 */
export class GenOpsCallbackHandler extends BaseCallbackHandler {
  /** LangChain handler name. */
  readonly name = 'GenOpsCallbackHandler';
  readonly #options: ResolvedOptions;
  readonly #governSteps: boolean;
  readonly #runs = new RunTree();
  readonly #calls: ModelCalls;

  constructor(options: GenOpsCallbackHandlerOptions) {
    super({ raiseError: true, ignoreCustomEvent: true });
    this.#options = resolveOptions(options, 'GenOpsCallbackHandler');
    this.#calls = new ModelCalls(this.#options);
    const { governSteps = false } = options;
    if (typeof governSteps !== 'boolean') {
      throw new GenOpsConfigError({
        field: 'governSteps',
        expected: 'a boolean',
        received: governSteps,
      });
    }
    this.#governSteps = governSteps;
  }

  /** The handler holds per-run state, so LangChain must share it rather than copy it. */
  override copy(): this {
    return this;
  }

  /** Model calls and runs in flight (diagnostics). */
  get inFlight(): { readonly modelCalls: number; readonly runs: number } {
    return { modelCalls: this.#calls.size, runs: this.#runs.size };
  }

  /** Begins the model call's AWU; throws `GenOpsPolicyError` when governance refuses it. */
  override handleChatModelStart(
    llm: unknown,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): Promise<void> | undefined {
    if (isGovernedElsewhere()) return undefined;
    return this.#calls.start({
      operation: 'chat',
      llm,
      input: { messages: toChatMessages(messages[0] ?? []) },
      runId,
      parent: this.#runs.governing(parentRunId),
      extraParams,
      metadata,
      runName,
    });
  }

  /** Begins the LLM call's AWU; throws `GenOpsPolicyError` when governance refuses it. */
  override handleLLMStart(
    llm: unknown,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): Promise<void> | undefined {
    if (isGovernedElsewhere()) return undefined;
    return this.#calls.start({
      operation: 'text_completion',
      llm,
      input: { text: prompts[0] ?? '' },
      runId,
      parent: this.#runs.governing(parentRunId),
      extraParams,
      metadata,
      runName,
    });
  }

  /** Keeps what a stream generated (to count it if the call fails) and renews the reservation. */
  override handleLLMNewToken(token: string, _idx: unknown, runId: string): void {
    this.#calls.token(runId, token);
  }

  /** Reconciles the model call (never throws). */
  override handleLLMEnd(
    output: LLMResult,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    extraParams?: Record<string, unknown>,
  ): void {
    this.#calls.end(runId, output, extraParams?.cached === true);
  }

  /** Reconciles the failed model call with what is known (never throws). */
  override handleLLMError(err: unknown, runId: string): void {
    this.#calls.error(runId, err);
  }

  /**
   * Records a chain run; top-level and agent runs (every run with `governSteps`) begin an AWU.
   * LangChain's runtime passes `(chain, inputs, runId, parentRunId, tags, metadata, runType,
   * runName)`, not the order its type declarations show (see `CallbackManager.handleChainStart`).
   */
  override handleChainStart(
    chain: unknown,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): Promise<void> | undefined {
    const parent = this.#runs.get(parentRunId);
    const agent = agentRunName(chain, metadata, runName);
    if (parent !== undefined && agent === undefined && !this.#governSteps) {
      this.#runs.enter(runId, parentRunId, undefined);
      return undefined;
    }
    const name = agent ?? runName ?? serializedName(chain) ?? 'run';
    return this.#beginRun(
      agent === undefined ? 'chain' : 'agent',
      name,
      runId,
      parentRunId,
      metadata,
    );
  }

  /** Reconciles a governed run with the sum of its children (never throws). */
  override handleChainEnd(_outputs: unknown, runId: string): void {
    const node = this.#runs.exit(runId);
    if (node?.awu !== undefined) void node.awu.settle();
  }

  /** Reconciles a failed governed run with what its children consumed (never throws). */
  override handleChainError(err: unknown, runId: string): void {
    const node = this.#runs.exit(runId);
    if (node?.awu !== undefined) void node.awu.fail(err);
  }

  /** Tool runs are transparent: recorded so that model calls inside find their run. */
  override handleToolStart(
    _tool: unknown,
    _input: string,
    runId: string,
    parentRunId?: string,
  ): void {
    this.#runs.enter(runId, parentRunId, undefined);
  }

  /** Forgets a tool run. */
  override handleToolEnd(_output: unknown, runId: string): void {
    this.#runs.exit(runId);
  }

  /** Forgets a tool run. */
  override handleToolError(_err: unknown, runId: string): void {
    this.#runs.exit(runId);
  }

  /** Retriever runs are transparent: recorded so that model calls inside find their run. */
  override handleRetrieverStart(
    _retriever: unknown,
    _query: string,
    runId: string,
    parentRunId?: string,
  ): void {
    this.#runs.enter(runId, parentRunId, undefined);
  }

  /** Forgets a retriever run. */
  override handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.#runs.exit(runId);
  }

  /** Forgets a retriever run. */
  override handleRetrieverError(_err: unknown, runId: string): void {
    this.#runs.exit(runId);
  }

  /** Begins a run's AWU. */
  #beginRun(
    type: 'chain' | 'agent',
    name: string,
    runId: string,
    parentRunId: string | undefined,
    metadata: Record<string, unknown> | undefined,
  ): Promise<void> {
    const begun = this.#options.governor.begin({
      operation: { name: `${type} ${name}`, type },
      attribution: readAttribution(metadata, this.#options.attribution),
      parent: this.#runs.governing(parentRunId),
      runLimit: this.#options.runLimitTokens,
    });
    return begun.then((awu) => this.#runs.enter(runId, parentRunId, awu));
  }
}
