/** The reservation estimate of an AWU. */
export interface Estimate {
  /** Input tokens counted from the prompt (or given precomputed). */
  readonly inputTokens: number;
  /** Output tokens reserved: the call's cap, or the governor's default. */
  readonly outputTokens: number;
  /** Amount reserved, in `unit`. */
  readonly amount: number;
  /** Accounting unit (`genops.accounting.unit`). */
  readonly unit: string;
}
