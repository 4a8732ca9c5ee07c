import { createColumnHelper } from '@tanstack/react-table';
import { Badge } from '../../ui/badge.tsx';
import type { TableRow } from './source.ts';

const column = createColumnHelper<TableRow>();

/** The table's columns; `id` is the server's sort key where the server can sort by it. */
export const COLUMNS = [
  column.accessor('rank', { id: 'rank', header: '#', size: 70 }),
  column.accessor('score', { id: 'score', header: 'Risk', size: 90, cell: (c) => c.getValue().toFixed(1) }),
  column.accessor('level', { id: 'level', header: 'Level', size: 100, cell: (c) => <Badge value={c.getValue()} kind="level" /> }),
  column.accessor('coverage', { id: 'coverage', header: 'Coverage', size: 170, cell: (c) => <Badge value={c.getValue()} kind="coverage" /> }),
  column.accessor('assetId', { id: 'asset', header: 'Asset', cell: (c) => <span title={c.row.original.assetName}>{c.getValue()}</span> }),
  column.accessor('techniqueId', { id: 'technique', header: 'Technique', cell: (c) => <span title={c.row.original.techniqueName}>{c.row.original.techniqueName ? `${c.getValue()} ${c.row.original.techniqueName}` : c.getValue()}</span> }),
  column.accessor('owner', { id: 'owner', header: 'Owner', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  column.accessor('status', { id: 'status', header: 'Status', size: 120, cell: (c) => (c.row.original.assignee ? `${c.getValue()} · ${c.row.original.assignee}` : c.getValue()) }),
];
