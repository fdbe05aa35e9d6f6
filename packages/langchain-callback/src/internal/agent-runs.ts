import type { Attribution, Awu, Governor } from '@genops/core';

/** @internal One agent invocation governed by the middleware. */
interface AgentRun {
  /** The open run AWU; `undefined` once closed (a later model call opens a continuation). */
  awu: Awu | undefined;
  /** The last run AWU opened: a continuation draws on what its run limit left. */
  last: Awu | undefined;
  /** The agent's name (`createAgent({ name })`), when it has one. */
  readonly name: string | undefined;
  readonly attribution: Partial<Attribution> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** @internal What a model call of a run needs: the AWU to draw on and the attribution. */
export interface RunSegment {
  readonly awu: Awu;
  readonly attribution: Partial<Attribution> | undefined;
}

let sequence = 0;
const prefix = Math.random().toString(36).slice(2, 10);

/**
 * @internal The agent runs of one middleware instance, keyed by a GenOps run id kept in the agent's
 * private state. A run opens at `beforeAgent` and closes at `afterAgent`. An invocation that ends
 * with an exception LangChain reports to no middleware hook (a tool error that is not handed back
 * to the model, the recursion limit) is
 * closed after `idleMs` without a model call; when a closed run makes another model call (after an
 * interrupt, a retry or an idle close), a continuation AWU opens with the run limit that is left.
 */
export class AgentRuns {
  readonly #runs = new Map<string, AgentRun>();
  readonly #governor: Governor;
  readonly #limit: number | undefined;
  readonly #idleMs: number;
  readonly #report: (error: unknown, hook: string, runId: string | undefined) => void;

  constructor(
    governor: Governor,
    limit: number | undefined,
    idleMs: number,
    report: (error: unknown, hook: string, runId: string | undefined) => void,
  ) {
    this.#governor = governor;
    this.#limit = limit;
    this.#idleMs = idleMs;
    this.#report = report;
  }

  /** Opens a run and returns its id. */
  async open(
    name: string | undefined,
    attribution: Partial<Attribution> | undefined,
  ): Promise<string> {
    sequence += 1;
    const id = `genops-run-${prefix}-${sequence}`;
    const run: AgentRun = { awu: undefined, last: undefined, name, attribution, timer: undefined };
    run.awu = await this.#begin(run);
    this.#runs.set(id, run);
    this.#touch(id, run);
    return id;
  }

  /** The open AWU of a run, opening a continuation when it was closed; `undefined` for an unknown run. */
  async segment(id: string | undefined): Promise<RunSegment | undefined> {
    if (id === undefined) return undefined;
    const run = this.#runs.get(id);
    if (run === undefined) return undefined;
    run.awu ??= await this.#begin(run);
    this.#touch(id, run);
    return { awu: run.awu, attribution: run.attribution };
  }

  /** Closes a run's open AWU: settled at the end of the invocation, failed with `error`. */
  close(id: string | undefined, error?: unknown): void {
    const run = id === undefined ? undefined : this.#runs.get(id);
    if (id === undefined || run === undefined) return;
    const awu = run.awu;
    run.awu = undefined;
    if (error === undefined) {
      if (run.timer !== undefined) clearTimeout(run.timer);
      this.#runs.delete(id);
      if (awu !== undefined) void awu.settle();
    } else if (awu !== undefined) {
      void awu.fail(error);
    }
  }

  /** Runs held (diagnostics). */
  get size(): number {
    return this.#runs.size;
  }

  /** Begins a run AWU; a continuation's run limit is what the core says the last one left. */
  async #begin(run: AgentRun): Promise<Awu> {
    const awu = await this.#governor.begin({
      operation: { name: run.name === undefined ? 'agent' : `agent ${run.name}`, type: 'agent' },
      attribution: run.attribution,
      runLimit: this.#limit,
      continues: run.last,
    });
    run.last = awu;
    return awu;
  }

  /** (Re)starts the idle timer: an abandoned invocation is closed and forgotten after `idleMs`. */
  #touch(id: string, run: AgentRun): void {
    if (run.timer !== undefined) {
      if (typeof run.timer === 'object' && typeof run.timer.refresh === 'function') {
        run.timer.refresh();
        return;
      }
      clearTimeout(run.timer);
    }
    run.timer = setTimeout(() => {
      this.#runs.delete(id);
      const awu = run.awu;
      run.awu = undefined;
      if (awu === undefined) return;
      const error = new Error(
        `agent run ${id} made no model call for ${this.#idleMs} ms and never reached afterAgent (the invocation ended with an exception); closed`,
      );
      this.#report(error, 'idle', id);
      void awu.fail(error);
    }, this.#idleMs);
    // An idle timer must never keep the process alive.
    if (typeof run.timer === 'object' && typeof run.timer.unref === 'function') run.timer.unref();
  }
}
