import { visibleLength } from '../terminal.js';

/**
 * Plain text tables for the terminal: columns as wide as their widest cell, numbers aligned right.
 * Cells may carry colour codes; widths count only what is visible.
 */

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

function pad(cell: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

/** The table's lines, header first; trailing spaces are trimmed. */
export function renderTable(columns: Column[], rows: string[][], headerStyle: (text: string) => string = (t) => t): string[] {
  const widths = columns.map((column) => visibleLength(column.header));
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  const line = (cells: string[], style: (text: string) => string = (t) => t) =>
    columns
      .map((column, i) => style(pad(cells[i] ?? '', widths[i] ?? 0, column.align ?? 'left')))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header), headerStyle), ...rows.map((row) => line(row))];
}
