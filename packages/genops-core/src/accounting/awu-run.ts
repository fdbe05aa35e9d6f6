import type { RunLimit } from './run-limit.js';

/**
 * @internal The brand of an AWU the governor made. `Symbol.for`, never `instanceof`: with two
 * copies of `@genops/core` installed, an AWU of one is still recognised as a parent by the other,
 * so run limits are never silently dropped.
 */
export const AWU_RUN: unique symbol = Symbol.for('genops.awu.run') as never;

/** @internal What a child AWU needs of the run (chain, agent) it belongs to. */
export interface AwuRun {
  readonly operation: { readonly name: string };
  /** The limit this run sets for its children, if any. */
  readonly runLimit: RunLimit | undefined;
  /** The run this one belongs to. */
  readonly parentRun: AwuRun | undefined;
  /** Called by each direct child when it settles or fails. */
  addChildActual(amount: number): void;
}

/** @internal The run behind an AWU of any copy of the core; `undefined` for anything else. */
export function runOf(awu: unknown): AwuRun | undefined {
  if (typeof awu !== 'object' || awu === null) return undefined;
  const run = (awu as { [AWU_RUN]?: unknown })[AWU_RUN];
  return typeof run === 'object' && run !== null ? (run as AwuRun) : undefined;
}
