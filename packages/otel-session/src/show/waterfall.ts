import { jsonText } from '../model/attributeText.js';
import { keyAttributes } from '../model/keyAttributes.js';
import { formatDuration } from '../format/units.js';
import { truncate, visibleLength, type Colors } from '../terminal.js';
import type { Row } from './selectRows.js';

/**
 * The lines of the terminal waterfall: a name column with the tree, the duration, a bar on a time axis
 * shared by all rows, then markers and key attributes. Every line fits the given width.
 */

export interface TimeAxis {
  startMs: number;
  endMs: number;
}

export interface WaterfallLayout {
  nameWidth: number;
  durationWidth: number;
  barWidth: number;
  /** Columns left for markers and attributes. */
  restWidth: number;
}

const GAP = 2;

export function waterfallLayout(width: number): WaterfallLayout {
  const nameWidth = Math.min(60, Math.max(24, Math.round(width * 0.34)));
  const durationWidth = 8;
  const barWidth = Math.min(80, Math.max(10, Math.round(width * 0.3)));
  const restWidth = Math.max(0, width - nameWidth - durationWidth - barWidth - 3 * GAP);
  return { nameWidth, durationWidth, barWidth, restWidth };
}

function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

const gap = ' '.repeat(GAP);

/** The heading line: column names, and the time axis labelled at its start, middle and end. */
export function renderAxis(layout: WaterfallLayout, axis: TimeAxis, c: Colors): string {
  const total = axis.endMs - axis.startMs;
  const start = '0';
  const middle = formatDuration(total / 2);
  const end = formatDuration(total);
  const width = layout.barWidth;
  const chars = Array.from({ length: width }, () => ' ');
  const place = (label: string, at: number) => [...label].forEach((ch, i) => at + i >= 0 && at + i < width && (chars[at + i] = ch));
  place(start, 0);
  if (width >= start.length + middle.length + end.length + 4) place(middle, Math.floor(width / 2 - middle.length / 2));
  place(end, width - end.length);
  return c.bold(`${pad('SPAN', layout.nameWidth)}${gap}${pad('DURATION', layout.durationWidth, 'right')}${gap}`) + c.dim(chars.join(''));
}

function bar(row: Row, layout: WaterfallLayout, axis: TimeAxis, c: Colors): string {
  const { startMs, endMs, isError, state } = row.node.flat;
  const width = layout.barWidth;
  const total = axis.endMs - axis.startMs;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return ' '.repeat(width);
  const column = (ms: number) => (total > 0 ? ((ms - axis.startMs) / total) * width : 0);
  const from = Math.min(width - 1, Math.max(0, Math.floor(column(startMs))));
  const to = Math.min(width, Math.max(from + 1, Math.ceil(column(endMs))));
  // Unended spans are hatched, so that they stand out without colour too.
  const filled = (state ? '▒' : '█').repeat(to - from);
  const paint = isError ? c.red : state ? c.yellow : c.cyan;
  return ' '.repeat(from) + paint(filled) + ' '.repeat(width - to);
}

type Paint = (text: string) => string;

function markers(row: Row, c: Colors): Array<[text: string, paint: Paint]> {
  const { flat } = row.node;
  const parts: Array<[string, Paint]> = [];
  if (flat.state === 'crashed') parts.push(['✗ crashed', (t) => c.bold(c.red(t))]);
  else if (flat.state === 'interrupted') parts.push(['⚠ interrupted', c.yellow]);
  else if (flat.state === 'open') parts.push(['◌ open', c.yellow]);
  else if (flat.isError) parts.push([`✗ error${flat.span.status?.message ? `: ${jsonText(flat.span.status.message)}` : ''}`, c.red]);
  if (row.hidden > 0) parts.push([`+${row.hidden} below`, c.dim]);
  const attributes = keyAttributes(flat.span.name, flat.span.attributes).join(' ');
  if (attributes) parts.push([attributes, c.dim]);
  return parts;
}

/** Markers and attributes, cut to the columns left: what does not fit is dropped from the end. */
function rest(row: Row, width: number, c: Colors): string {
  let used = 0;
  const out: string[] = [];
  for (const [text, paint] of markers(row, c)) {
    const room = width - used - (out.length > 0 ? 1 : 0);
    if (room < 4) break;
    const shown = truncate(text.replace(/\s+/g, ' '), room);
    out.push(paint(shown));
    used += visibleLength(shown) + (out.length > 1 ? 1 : 0);
  }
  return out.join(' ');
}

export function renderRow(row: Row, layout: WaterfallLayout, axis: TimeAxis, c: Colors): string {
  const { flat } = row.node;
  const name = truncate(`${row.guide}${flat.span.name.replace(/\s+/g, ' ')}`, layout.nameWidth);
  const guide = name.slice(0, Math.min(row.guide.length, name.length));
  const label = name.slice(guide.length);
  const paintName: Paint = row.context ? c.dim : flat.isError ? c.red : flat.state ? c.yellow : (text) => text;
  const nameCell = pad(c.dim(guide) + paintName(label), layout.nameWidth);
  const duration = pad(truncate(formatDuration(flat.endMs - flat.startMs), layout.durationWidth), layout.durationWidth, 'right');
  return `${nameCell}${gap}${duration}${gap}${bar(row, layout, axis, c)}${gap}${rest(row, layout.restWidth, c)}`.trimEnd();
}
