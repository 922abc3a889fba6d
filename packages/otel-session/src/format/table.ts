import { truncate, truncateStart, visibleLength } from '../terminal.js';

/**
 * Plain text tables for the terminal: columns as wide as their widest cell, numbers aligned right.
 * Cells may carry colour codes; widths count only what is visible. Columns of free text (ids, titles,
 * file names) may be capped and may give up space so that the table fits the terminal: their cells are
 * cut with an ellipsis, so they are given as plain text with the style applied after the cut. When even
 * that is too wide, columns that can be spared are left out, the least needed first.
 */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Longer cells are cut with an ellipsis. */
  maxWidth?: number;
  /** When the table is wider than `width`, this column gives up space down to this many columns; without it, it keeps its width. */
  minWidth?: number;
  /**
   * When the table is still wider than `width` with every column at its least, columns with a rank
   * are left out, the lowest rank first, until it fits. Without one, the column always shows.
   */
  dropRank?: number;
}

/** A cell to cut: `text` without colour codes, `style` applied after the cut. */
export interface TextCell {
  text: string;
  style?: (text: string) => string;
  /** Which end gives way: the end (the default), or the start for names told apart by their end. */
  cut?: 'end' | 'start';
}

export type Cell = string | TextCell;

export interface TableOptions {
  headerStyle?: (text: string) => string;
  /** The widest the lines should be: columns with a `minWidth` shrink, widest first, to fit. */
  width?: number;
}

const GAP = 2;

function cellWidth(cell: Cell): number {
  return visibleLength(typeof cell === 'string' ? cell : cell.text);
}

function fit(cell: Cell, width: number): string {
  if (typeof cell === 'string') return cell;
  const text = cell.cut === 'start' ? truncateStart(cell.text, width) : truncate(cell.text, width);
  return cell.style ? cell.style(text) : text;
}

function pad(cell: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

function columnWidths(columns: Column[], rows: Cell[][], width: number | undefined): number[] {
  const widths = columns.map((column, i) => {
    const widest = Math.max(visibleLength(column.header), ...rows.map((row) => cellWidth(row[i] ?? '')));
    return column.maxWidth === undefined ? widest : Math.min(widest, Math.max(column.maxWidth, visibleLength(column.header)));
  });
  if (width === undefined) return widths;
  let over = totalWidth(widths) - width;
  const floor = columns.map((column, i) => Math.min(widths[i]!, Math.max(column.minWidth ?? Infinity, visibleLength(column.header))));
  while (over > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = widths[widest]! - 1;
    over--;
  }
  return widths;
}

function totalWidth(widths: number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
}

/** The indexes of the columns that fit `width` (all of them when none can be spared), and their widths. */
function shownColumns(columns: Column[], rows: Cell[][], width: number | undefined): { shown: number[]; widths: number[] } {
  let shown = columns.map((_, i) => i);
  for (;;) {
    const widths = columnWidths(
      shown.map((i) => columns[i]!),
      rows.map((row) => shown.map((i) => row[i] ?? '')),
      width,
    );
    const spare = shown.filter((i) => columns[i]!.dropRank !== undefined);
    if (width === undefined || totalWidth(widths) <= width || spare.length === 0) return { shown, widths };
    const least = spare.reduce((a, b) => (columns[b]!.dropRank! < columns[a]!.dropRank! ? b : a));
    shown = shown.filter((i) => i !== least);
  }
}

/** The table's lines, header first; trailing spaces are trimmed. */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions = {}): string[] {
  const { shown, widths } = shownColumns(columns, rows, options.width);
  const line = (cells: Cell[], style: (text: string) => string = (t) => t) =>
    shown
      .map((column, at) => style(pad(fit(cells[column] ?? '', widths[at]!), widths[at]!, columns[column]!.align ?? 'left')))
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(columns.map((c) => c.header), options.headerStyle), ...rows.map((row) => line(row))];
}
