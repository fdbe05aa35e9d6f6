/** @internal A budget instance this AWU holds a reservation on. */
export interface HeldBudget {
  readonly budget: string;
  readonly key: string;
  readonly alertAt: readonly number[];
  readonly periodId: string;
  /** What the budget instance had left right after this AWU's reservation. */
  readonly remainingAfterReservation: number;
}

/** @internal A token-based rate claim to correct at settle. */
export interface HeldTokenRate {
  readonly key: string;
  readonly intervalMs: number;
}
