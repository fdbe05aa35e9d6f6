/** @internal The accounting outcome of an AWU that reached execution. */
export interface Reconciliation {
  /** Actual consumption, in the governor's unit. */
  readonly actual: number;
  /** Reserved before execution, in the governor's unit. */
  readonly reserved: number;
  readonly unit: string;
  /** The actual is a best effort (no usage, a cut stream, a failure, an unpriced model). */
  readonly incomplete: boolean;
}
