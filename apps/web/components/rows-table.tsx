import type { ReactNode } from "react";

/** A column of a `RowsTable`: its header (unique in the table), its cell, and the cell's title (e.g. the full address behind a short one). */
export interface RowsColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  title?: (row: T) => string | undefined;
}

/**
 * A table of rows already in hand (a page the API gave, lines computed on the client), in a scrolling wrapper: `label`
 * is its accessible name, each column a `<th scope="col">`. With `empty`, no rows show one row with that text; without,
 * the caller shows the table only when there are rows. For TanStack tables paged on the server, see `DataTable`.
 */
export function RowsTable<T>({
  label,
  rows,
  columns,
  rowKey,
  empty,
}: {
  label: string;
  rows: readonly T[];
  columns: readonly RowsColumn<T>[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.header} title={c.title?.(r)}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
