import type { Awu } from '@genops/core';

/** @internal One LangChain run (chain, tool or retriever) the handler has seen start. */
export interface RunNode {
  /** The run's own AWU when it is governed (a top-level, agent or step run). */
  readonly awu: Awu | undefined;
  /** The AWU its children are part of: its own, else its nearest governed ancestor's. */
  readonly governing: Awu | undefined;
}

/**
 * @internal The runs in flight, keyed by LangChain `runId`, so that a model call finds the run it
 * belongs to through `parentRunId` even across steps that are not AWUs.
 */
export class RunTree {
  readonly #nodes = new Map<string, RunNode>();

  /** The node of a run, if it is in flight. */
  get(runId: string | undefined): RunNode | undefined {
    return runId === undefined ? undefined : this.#nodes.get(runId);
  }

  /** The AWU a child of `parentRunId` is part of. */
  governing(parentRunId: string | undefined): Awu | undefined {
    return this.get(parentRunId)?.governing;
  }

  /** Records a run that started; `awu` when it is governed itself. */
  enter(runId: string, parentRunId: string | undefined, awu: Awu | undefined): void {
    this.#nodes.set(runId, { awu, governing: awu ?? this.governing(parentRunId) });
  }

  /** Forgets a run that ended and returns its node. */
  exit(runId: string): RunNode | undefined {
    const node = this.#nodes.get(runId);
    if (node !== undefined) this.#nodes.delete(runId);
    return node;
  }

  /** Runs in flight (for tests and diagnostics). */
  get size(): number {
    return this.#nodes.size;
  }
}
