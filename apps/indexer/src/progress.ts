// What the indexer has made readable, and who waits for it: `waitForBlock` callers and `halted` listeners.

/**
 * The indexer stopped itself rather than delete what users read: the chain reorganized deeper than its journal
 * (`finalityDepth`). Every row is left as it was. Also recorded in `IndexerCursor.haltedReason`.
 */
export class IndexerHaltedError extends Error {
  constructor(
    readonly chainId: number,
    /** What the indexer saw and what an operator can do. */
    readonly reason: string,
  ) {
    super(`indexer of chain ${chainId} halted: ${reason}`);
    this.name = "IndexerHaltedError";
  }
}

/** The settled height (cursor `lastBlock`) and the promises waiting on it. */
export class Progress {
  /** Every table is complete up to here (the cursor's lastBlock: balances settled). */
  private indexedUpTo: bigint;
  private readonly waiters: { block: bigint; resolve: () => void; reject: (e: Error) => void }[] = [];
  private haltError: IndexerHaltedError | undefined;
  private stopped = false;
  private resolveHalted: (e: IndexerHaltedError) => void = () => {};
  /** Resolves with the error when the indexer halts; never otherwise. */
  readonly halted = new Promise<IndexerHaltedError>((resolve) => {
    this.resolveHalted = resolve;
  });

  constructor(initial: bigint) {
    this.indexedUpTo = initial;
  }

  get block(): bigint {
    return this.indexedUpTo;
  }

  get haltedWith(): IndexerHaltedError | undefined {
    return this.haltError;
  }

  /** Records the settled height (it may move back after a rollback) and resolves the waiters it reaches. */
  set(block: bigint): void {
    this.indexedUpTo = block;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.indexedUpTo >= this.waiters[i]!.block) this.waiters.splice(i, 1)[0]!.resolve();
    }
  }

  /**
   * Resolves once every block up to `block` is settled.
   * @throws IndexerHaltedError if the indexer halts first; Error if it is stopped first.
   */
  waitFor(block: bigint | number): Promise<void> {
    const target = BigInt(block);
    if (this.indexedUpTo >= target) return Promise.resolve();
    if (this.haltError) return Promise.reject(this.haltError);
    if (this.stopped) return Promise.reject(new Error(`indexer stopped before block ${target}`));
    return new Promise((resolve, reject) => this.waiters.push({ block: target, resolve, reject }));
  }

  /** The indexer halted: every waiter fails with `error`, and {@link halted} resolves. */
  halt(error: IndexerHaltedError): void {
    this.haltError = error;
    for (const w of this.waiters.splice(0)) w.reject(error);
    this.resolveHalted(error);
  }

  /** The indexer is stopping (or halted): new waits for blocks not reached fail at once. */
  stopping(): void {
    this.stopped = true;
  }

  /** The indexer stopped: waiters not reached fail. */
  stop(): void {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error(`indexer stopped before block ${w.block}`));
  }
}
