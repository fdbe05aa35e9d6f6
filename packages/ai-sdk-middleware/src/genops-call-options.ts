/**
 * Per-call GenOps options, passed as `providerOptions.genops` to `generateText`, `streamText`,
 * `embed`, `embedMany` (or any call that forwards `providerOptions`). The middleware reads them and
 * removes `genops` from `providerOptions` before the provider sees the call, so they never go on
 * the wire. Unknown keys and non-string values are rejected with a `GenOpsInputError` naming the
 * field (for example `providerOptions.genops.customerId`).
 *
 * Every field is optional. Attribution fields are merged over the middleware's `attribution`
 * option, which is merged over the governor's. (A type alias rather than an interface, so that a
 * `GenOpsCallOptions` value is assignable to the SDK's JSON-typed `providerOptions`.)
 *
 * @example
 * ```ts
 * await generateText({
 *   model, prompt: 'Summarise this ticket',
 *   providerOptions: {
 *     genops: { customer_id: 'acme', feature: 'ticket-summary', slaTier: 'premium' } satisfies GenOpsCallOptions,
 *   },
 * });
 * ```
 */
export type GenOpsCallOptions = {
  /** `genops.customer_id`. */
  readonly customer_id?: string;
  /** `genops.feature`. */
  readonly feature?: string;
  /** `genops.session_id`. */
  readonly session_id?: string;
  /** `genops.cost_center`. */
  readonly cost_center?: string;
  /** Overrides the governor's `genops.team` for this call. */
  readonly team?: string;
  /** Overrides the governor's `genops.project` for this call. */
  readonly project?: string;
  /** Overrides the governor's `genops.environment` for this call. */
  readonly environment?: string;
  /** SLA tier requested for this call (seen by SLA policies). */
  readonly slaTier?: string;
  /** `genops.operation.name` of this call. Default: the middleware's (e.g. `chat gpt-4o`). */
  readonly operationName?: string;
};
