/**
 * The dashboard's table: sticky header, loading/error/empty states, clickable rows reachable by
 * keyboard (Tab to a row, ↑/↓ to move, Enter to open), and an optional column chooser.
 */
import type { ComponentChildren } from "preact";
import { ErrorBanner, Loading } from "./Feedback";

export interface Column<Row> {
  /** Stable id: the key in the column chooser and in a URL/localStorage list of visible columns. */
  id: string;
  header: ComponentChildren;
  cell: (row: Row) => ComponentChildren;
  /** CSS width, e.g. "12rem" or "20%". */
  width?: string;
  /** Extra class on th and td, e.g. "num" (right-aligned) or "mono". */
  class?: string;
}

export interface DataTableProps<Row> {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  /** Accessible name of the table. */
  label: string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Shown when not loading, no error, and no rows. */
  empty?: ComponentChildren;
  /** Makes rows focusable and clickable (Enter too). */
  onRowClick?: (row: Row) => void;
  /** Highlights this row (e.g. the one open in a detail panel). */
  selectedKey?: string | number;
  /** Ids of the columns to show, in `columns` order; all when absent. */
  visibleColumns?: readonly string[];
  /** With visibleColumns: shows a "Columns" chooser that reports the new list. */
  onVisibleColumnsChange?: (ids: string[]) => void;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, rows, rowKey, label, loading, error, onRetry, empty, onRowClick, selectedKey } = props;
  const { visibleColumns, onVisibleColumnsChange } = props;
  const shown = visibleColumns ? columns.filter((column) => visibleColumns.includes(column.id)) : columns;

  const onRowKey = (event: KeyboardEvent, row: Row) => {
    const target = event.currentTarget as HTMLElement;
    if (event.key === "Enter" && onRowClick) {
      event.preventDefault();
      onRowClick(row);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? target.nextElementSibling : target.previousElementSibling;
      (next as HTMLElement | null)?.focus();
    }
  };

  return (
    <div class="data-table">
      {visibleColumns && onVisibleColumnsChange && (
        <ColumnChooser columns={columns} visible={visibleColumns} onChange={onVisibleColumnsChange} />
      )}
      <ErrorBanner error={error} onRetry={onRetry} />
      <div class="table-scroll">
        <table aria-label={label} aria-busy={loading ? "true" : "false"}>
          <thead>
            <tr>
              {shown.map((column) => (
                <th
                  key={column.id}
                  scope="col"
                  class={column.class}
                  style={column.width ? { width: column.width } : undefined}
                >
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const key = rowKey(row);
              return (
                <tr
                  key={key}
                  class={`${onRowClick ? "clickable" : ""}${key === selectedKey ? " selected" : ""}`}
                  tabIndex={onRowClick ? 0 : undefined}
                  aria-selected={selectedKey === undefined ? undefined : key === selectedKey}
                  onClick={
                    onRowClick &&
                    ((event) => {
                      // A click on a control inside the row (a ValueMenu, a link) is that control's.
                      if ((event.target as HTMLElement).closest("a, button, input, select, textarea")) return;
                      onRowClick(row);
                    })
                  }
                  onKeyDown={(event) => onRowKey(event, row)}
                >
                  {shown.map((column) => (
                    <td key={column.id} class={column.class}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {loading && rows.length === 0 && <Loading />}
        {!loading && !error && rows.length === 0 && <p class="table-empty muted">{empty ?? "Nothing to show."}</p>}
      </div>
    </div>
  );
}

interface ColumnChooserProps<Row> {
  columns: readonly Column<Row>[];
  visible: readonly string[];
  onChange: (ids: string[]) => void;
}

function ColumnChooser<Row>({ columns, visible, onChange }: ColumnChooserProps<Row>) {
  const toggle = (id: string) => {
    const next = visible.includes(id) ? visible.filter((v) => v !== id) : [...visible, id];
    // Kept in the table's column order, so the URL of a given choice is always the same.
    onChange(columns.map((column) => column.id).filter((c) => next.includes(c)));
  };
  return (
    <details class="column-chooser">
      <summary class="button small">Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id}>
            <input type="checkbox" checked={visible.includes(column.id)} onChange={() => toggle(column.id)} />
            {column.header}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

interface LoadMoreProps {
  /** Rows on screen. */
  count: number;
  /** The total, when the API reports one. */
  total?: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

/** "Showing 100 of 2,345 · Load more" under a cursor-paged list (pair with useCursorList). */
export function LoadMore({ count, total, hasMore, loading, onLoadMore }: LoadMoreProps) {
  return (
    <div class="load-more">
      <span class="muted" role="status">
        {total === undefined
          ? `${count.toLocaleString()} shown${hasMore ? "" : " (all)"}`
          : `${count.toLocaleString()} of ${total.toLocaleString()}`}
      </span>
      {hasMore && (
        <button type="button" class="button small" onClick={onLoadMore} disabled={loading}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
