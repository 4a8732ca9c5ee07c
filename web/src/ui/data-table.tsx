import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type OnChangeFn, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface DataTableProps<T> {
  /** An accessible name for the table. */
  label: string;
  // The columns' value types differ per column; TanStack's own examples type the array this way.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row's columns hold values of different types
  columns: ColumnDef<T, any>[];
  /** All rows, or (server-side paging) an array as long as the total with `undefined` where a row is not loaded yet. */
  rows: readonly (T | undefined)[];
  /** Controlled sorting: the server sorts (rows arrive in order). Uncontrolled: the table sorts what it holds. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  /** Called with the rows on screen, so the caller can load the pages they fall in. */
  onVisibleRange?: (start: number, end: number) => void;
  onOpen?: (row: T) => void;
  rowKey: (row: T, index: number) => string;
  /** Pixel height of the scrolling body. */
  height?: number;
  rowHeight?: number;
}

/**
 * A sortable table that renders only the rows in view (TanStack Table for columns and sorting, TanStack Virtual for
 * the window), so tens of thousands of rows cost what forty do. Rows are reachable by keyboard: Tab into the table,
 * arrows up and down, Enter opens.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowHeight = 36, height = 560, onVisibleRange } = props;
  const controlled = props.sorting !== undefined;
  const [ownSorting, setOwnSorting] = useState<SortingState>([]);
  const loaded = controlled ? [] : (rows.filter((r) => r !== undefined) as T[]);
  const table = useReactTable<T>({
    data: controlled ? (rows as T[]) : loaded,
    columns: props.columns,
    state: { sorting: props.sorting ?? ownSorting },
    onSortingChange: props.onSortingChange ?? setOwnSorting,
    manualSorting: controlled,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    ...(controlled ? {} : { getSortedRowModel: getSortedRowModel() }),
  });
  const tableRows = controlled ? undefined : table.getRowModel().rows;
  const count = controlled ? rows.length : (tableRows?.length ?? 0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) onVisibleRange?.(first, last + 1);
  }, [first, last, count, onVisibleRange]);

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const template = headers.map((h) => (h.column.columnDef.size && h.column.columnDef.size !== 150 ? `${h.column.columnDef.size}px` : 'minmax(6rem, 1fr)')).join(' ');

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(count - 1, index));
    virtualizer.scrollToIndex(clamped);
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus());
  };
  const onKey = (event: KeyboardEvent<HTMLElement>, index: number, row: T | undefined) => {
    if (event.key === 'ArrowDown') focusRow(index + 1);
    else if (event.key === 'ArrowUp') focusRow(index - 1);
    else if (event.key === 'Home') focusRow(0);
    else if (event.key === 'End') focusRow(count - 1);
    else if (event.key === 'Enter' && row !== undefined) props.onOpen?.(row);
    else return;
    event.preventDefault();
  };

  return (
    <div className="data-table" role="table" aria-label={props.label} aria-rowcount={count + 1}>
      <div role="rowgroup" className="data-table-head">
        <div role="row" className="data-table-row" style={{ gridTemplateColumns: template }} aria-rowindex={1}>
          {headers.map((header) => {
            const sorted = header.column.getIsSorted();
            const sortable = header.column.getCanSort();
            return (
              <div role="columnheader" key={header.id} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'} className="data-table-cell">
                {sortable ? (
                  <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                  </button>
                ) : (
                  flexRender(header.column.columnDef.header, header.getContext())
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scroller} role="rowgroup" className="data-table-body" style={{ height: Math.min(height, Math.max(rowHeight * 3, count * rowHeight + 2)) }}>
        {count === 0 && <p className="muted data-table-empty">Nothing matches.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const tableRow = controlled ? (rows[item.index] === undefined ? undefined : table.getRowModel().rows[item.index]) : tableRows?.[item.index];
            const row = tableRow?.original;
            return (
              <div
                role="row"
                key={row === undefined ? `pending-${item.index}` : props.rowKey(row, item.index)}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                tabIndex={row === undefined ? -1 : 0}
                className={`data-table-row${props.onOpen ? ' openable' : ''}`}
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={row === undefined ? undefined : () => props.onOpen?.(row)}
                onKeyDown={(e) => onKey(e, item.index, row)}
              >
                {tableRow
                  ? tableRow.getVisibleCells().map((cell) => (
                      <div role="cell" key={cell.id} className="data-table-cell">
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </div>
                    ))
                  : headers.map((h) => <div role="cell" key={h.id} className="data-table-cell placeholder" aria-busy="true" />)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
