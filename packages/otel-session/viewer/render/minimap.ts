import { isCrash, stopTime } from '../model/history.js';
import { state } from '../state.js';
import { byId } from './dom.js';
import { rowsInView } from './waterfall.js';

/**
 * The minimap: the whole session at a glance (every row's bar, one pixel line each, coloured by kind;
 * idle gaps; crashes) with the zoomed window and the band of rows in view on top. Drawn on a canvas, so
 * its cost does not grow with the DOM; redrawn when the rows or the scale change, while the window moves
 * with every zoom and the band with every scroll.
 */

const HEIGHT = 36;
const TOP = 2;
/** The thinnest band of rows drawn, in pixels: a few rows of a long session would otherwise not show. */
const MIN_BAND = 3;

/** The height of one row's line: up to 3 pixels, less when the rows would not fit. */
function rowStep(count: number): number {
  return count > 0 ? Math.min(3, (HEIGHT - 2 * TOP) / count) : 0;
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function drawMinimap(): void {
  const canvas = byId<HTMLCanvasElement>('minimap');
  const width = canvas.clientWidth || 600;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(HEIGHT * ratio);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, HEIGHT);
  const scale = state.scale;
  const x = (time: number) => (scale.toDisplay(time) / scale.length) * width;

  context.fillStyle = cssColor('--grid');
  for (const gap of scale.gaps) {
    const from = (gap.displayFrom / scale.length) * width;
    context.fillRect(from, 0, Math.max(1, ((gap.displayTo - gap.displayFrom) / scale.length) * width), HEIGHT);
  }
  const colors: Record<string, string> = {
    agent: cssColor('--agent'),
    llm: cssColor('--llm'),
    tool: cssColor('--tool'),
    other: cssColor('--bar'),
    err: cssColor('--err'),
  };
  const rows = state.rows;
  const step = rowStep(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const node = rows[i]!;
    const from = x(node.start);
    if (!Number.isFinite(from)) continue;
    context.fillStyle = colors[node.err ? 'err' : node.category]!;
    context.fillRect(from, TOP + i * step, Math.max(1, x(node.end) - from), Math.max(step - (step > 2 ? 1 : 0), 0.5));
  }
  context.fillStyle = colors.err!;
  for (const segment of state.model.segments) {
    if (!isCrash(segment)) continue;
    context.fillRect(x(stopTime(segment)) - 1, 0, 2, HEIGHT);
  }
  placeMinimapWindow();
  placeMinimapRows();
}

export function placeMinimapWindow(): void {
  const frame = byId('minimap-window');
  const length = state.scale.length;
  frame.style.left = `${(state.view.from / length) * 100}%`;
  frame.style.width = `${((state.view.to - state.view.from) / length) * 100}%`;
  frame.style.display = state.fit ? 'none' : 'block';
}

/** The band over the lines of the rows in view; hidden while every row is in view, as there is no scrolling. */
export function placeMinimapRows(): void {
  const band = byId('minimap-rows');
  const count = state.rows.length;
  const view = rowsInView();
  const first = Math.min(view.first, count);
  const last = Math.min(view.last, count);
  const step = rowStep(count);
  const height = Math.max(MIN_BAND, (last - first) * step);
  band.style.top = `${Math.min(TOP + first * step, HEIGHT - height)}px`;
  band.style.height = `${height}px`;
  band.style.display = count === 0 || (first <= 0 && last >= count) ? 'none' : 'block';
}

/** The display time under a point of the minimap. */
export function minimapTimeAt(clientX: number): number {
  const box = byId('minimap').getBoundingClientRect();
  const x = Math.min(box.width, Math.max(0, clientX - box.left));
  return (x / (box.width || 1)) * state.scale.length;
}
