import type pg from "pg";
import { writeRange, type RangeBatch, type WriteResult } from "./write-range.ts";

/**
 * Keeps at most one {@link writeRange} in flight, so that the next range is fetched and decoded while the database
 * commits the previous one (on 2 cores the database and Node then work at the same time). Writes stay in order:
 * a write starts only after the previous one committed. A failed write surfaces at the next `write` or `flush`.
 */
export class PipelinedWriter {
  private inflight: { batch: RangeBatch; result: Promise<WriteResult>; settled: boolean } | undefined;

  /** @param onCommitted called as soon as a write commits (before the next `write`/`flush` returns it). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly onCommitted?: (batch: RangeBatch, result: WriteResult) => void,
  ) {}

  /** Waits for the write in flight (returning its outcome), then starts writing `batch`. */
  async write(batch: RangeBatch): Promise<{ batch: RangeBatch; result: WriteResult } | undefined> {
    const previous = await this.flush();
    const inflight = {
      batch,
      result: writeRange(this.pool, batch).then((r) => {
        this.onCommitted?.(batch, r);
        return r;
      }),
      settled: false,
    };
    // Failures are reported by the next write/flush.
    inflight.result.then(
      () => (inflight.settled = true),
      () => (inflight.settled = true),
    );
    this.inflight = inflight;
    return previous;
  }

  /** Waits for the write in flight, if any, and returns its outcome. */
  async flush(): Promise<{ batch: RangeBatch; result: WriteResult } | undefined> {
    const current = this.inflight;
    if (!current) return undefined;
    this.inflight = undefined;
    return { batch: current.batch, result: await current.result };
  }

  /** True while a write is in flight (not yet committed or failed). */
  get busy(): boolean {
    return this.inflight !== undefined && !this.inflight.settled;
  }
}
