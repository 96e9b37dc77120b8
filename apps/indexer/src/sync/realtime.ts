// Realtime sync: once the indexed tip reaches the head, wait for the next block. Polling every `pollIntervalMs`;
// a stop wakes the wait at once.

/** Waits between head polls; {@link wake} ends the current wait (a stop, or a new head announced). */
export class HeadWaiter {
  private wakeCurrent: (() => void) | undefined;

  /** Resolves after `ms`, or as soon as {@link wake} is called. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  /** Ends the wait in progress, if any. */
  wake(): void {
    this.wakeCurrent?.();
  }
}
