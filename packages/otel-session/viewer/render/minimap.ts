import { isCrash, stopTime } from '../model/history.js';
import { state } from '../state.js';
import { byId } from './dom.js';

/**
 * The minimap: the whole session at a glance (every row's bar, one pixel line each, coloured by kind;
 * idle gaps; crashes) with the zoomed window on top. Drawn on a canvas, so its cost does not grow with
 * the DOM; redrawn when the rows or the scale change, while the window moves with every zoom.
 */

const HEIGHT = 36;

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
  const step = rows.length > 0 ? Math.min(3, (HEIGHT - 4) / rows.length) : 0;
  for (let i = 0; i < rows.length; i++) {
    const node = rows[i]!;
    const from = x(node.start);
    if (!Number.isFinite(from)) continue;
    context.fillStyle = colors[node.err ? 'err' : node.category]!;
    context.fillRect(from, 2 + i * step, Math.max(1, x(node.end) - from), Math.max(step - (step > 2 ? 1 : 0), 0.5));
  }
  context.fillStyle = colors.err!;
  for (const segment of state.model.segments) {
    if (!isCrash(segment)) continue;
    context.fillRect(x(stopTime(segment)) - 1, 0, 2, HEIGHT);
  }
  placeMinimapWindow();
}

export function placeMinimapWindow(): void {
  const frame = byId('minimap-window');
  const length = state.scale.length;
  frame.style.left = `${(state.view.from / length) * 100}%`;
  frame.style.width = `${((state.view.to - state.view.from) / length) * 100}%`;
  frame.style.display = state.fit ? 'none' : 'block';
}

/** The display time under a point of the minimap. */
export function minimapTimeAt(clientX: number): number {
  const box = byId('minimap').getBoundingClientRect();
  const x = Math.min(box.width, Math.max(0, clientX - box.left));
  return (x / (box.width || 1)) * state.scale.length;
}
