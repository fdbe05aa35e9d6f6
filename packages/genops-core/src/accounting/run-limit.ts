/**
 * @internal The limit a run AWU (chain, agent) sets for its children: reserved at the run's start,
 * drawn on by every child before the ledger is asked, settled with the children's actuals.
 */
export class RunLimit {
  readonly limit: number;
  reserved = 0;
  consumed = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get remaining(): number {
    return this.limit - this.reserved - this.consumed;
  }

  tryReserve(amount: number): boolean {
    if (amount > this.remaining) return false;
    this.reserved += amount;
    return true;
  }

  release(amount: number): void {
    this.reserved -= amount;
  }

  settle(reservedAmount: number, actual: number): void {
    this.reserved -= reservedAmount;
    this.consumed += actual;
  }
}
