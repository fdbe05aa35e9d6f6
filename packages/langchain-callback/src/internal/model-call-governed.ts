import { type Context, context, createContextKey } from '@opentelemetry/api';

/**
 * @internal OpenTelemetry context key set while the agent middleware runs a model call it governs,
 * so that a `GenOpsCallbackHandler` on the same call does not reserve it a second time.
 */
const GOVERNED = createContextKey('genops.langchain.model_call_governed');

/** @internal Marks a context as running a model call that is already governed. */
export function markGoverned(parent: Context): Context {
  return parent.setValue(GOVERNED, true);
}

/** @internal True when the active context runs a model call the agent middleware governs. */
export function isGovernedElsewhere(): boolean {
  return context.active().getValue(GOVERNED) === true;
}
