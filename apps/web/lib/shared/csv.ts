/**
 * CSV (RFC 4180) from a header and rows: every cell quoted when needed; a cell that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab/CR) is prefixed with an apostrophe.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  const cell = (v: string | number | boolean | null | undefined): string => {
    if (v === null || v === undefined) return "";
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download response (no caching). */
export function csvResponse(filename: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * One CSV value as {@link toCsv} writes it (quoted when needed, formula-looking text prefixed with an apostrophe), except
 * that a negative decimal number stays a number.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  // A signed decimal number ("-1500.25") is data, not a formula: left as it is.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && !/^-\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (with its CRLF) from cells. */
export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A batch source for {@link csvStreamResponse}: the next rows after `cursor` (undefined: the first batch). */
export type CsvBatches<C> = (cursor: C | undefined) => Promise<{ rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>; next: C | undefined }>;

/**
 * A streamed CSV download: the header, then the rows of `batches` as the client reads them (back-pressure: the next
 * batch is queried only when the previous one is sent), at most `maxRows` rows. The first batch is read before the
 * response starts, so a database or node failure then is answered as such (5xx), not as a 200; a failure after that
 * aborts the download (the client sees a broken transfer, never a silently cut file).
 * @param batches returns rows and the cursor of the next batch (undefined: no more)
 */
export async function csvStreamResponse<C>(filename: string, header: readonly string[], batches: CsvBatches<C>, maxRows: number): Promise<Response> {
  const encoder = new TextEncoder();
  let sent = 0;
  let pending: Awaited<ReturnType<CsvBatches<C>>> | null = await batches(undefined);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let out = first ? csvLine(header) : "";
        first = false;
        if (pending === null) {
          controller.close();
          return;
        }
        const { rows, next } = pending;
        for (const r of rows) {
          if (sent >= maxRows) break;
          out += csvLine(r);
          sent++;
        }
        if (out) controller.enqueue(encoder.encode(out));
        pending = next !== undefined && sent < maxRows && rows.length > 0 ? await batches(next) : null;
        if (pending === null) controller.close();
      } catch (err) {
        console.error("[api] CSV stream failed", err instanceof Error ? err.message : err);
        controller.error(err);
      }
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
