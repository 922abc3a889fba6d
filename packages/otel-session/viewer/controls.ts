import { fitView, scheduleRows, select, setCompressIdle, setView, timeAtClientX, toggle, updateRows, zoomAt, followHash, renderTimeline } from './actions.js';
import { MIN_RANGE_MS, type SpanNode } from './model/sessionModel.js';
import { drawMinimap, minimapTimeAt } from './render/minimap.js';
import { byId } from './render/dom.js';
import { renderRows } from './render/waterfall.js';
import { state } from './state.js';

/** Mouse and keyboard: selection, folding, zoom and pan on the axis and the minimap, filter. */

function rowNodeOf(target: EventTarget | null): SpanNode | undefined {
  const row = target instanceof Element ? target.closest<HTMLElement>('.row') : null;
  return row ? state.rows[Number(row.dataset.index)] : undefined;
}

function wireRows(): void {
  const rows = byId('rows');
  const inner = byId('rows-inner');
  rows.addEventListener('scroll', scheduleRows);
  inner.addEventListener('click', (event) => {
    const node = rowNodeOf(event.target);
    if (!node) return;
    if (event.target instanceof Element && event.target.classList.contains('toggle')) toggle(node, state.collapsed.has(node.key));
    else select(node, false);
    rows.focus({ preventScroll: true });
  });
  inner.addEventListener('dblclick', (event) => {
    const node = rowNodeOf(event.target);
    if (!node || !(event.target instanceof Element) || !event.target.closest('.lane')) return;
    const from = state.scale.toDisplay(node.start);
    const to = state.scale.toDisplay(node.end);
    const pad = Math.max((to - from) * 0.1, MIN_RANGE_MS);
    setView(from - pad, to + pad, false);
  });
  rows.addEventListener(
    'wheel',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const overAxis = !!target?.closest('#axis');
      if (!overAxis && !target?.closest('.lane')) return;
      const range = state.view.to - state.view.from;
      if (overAxis || event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoomAt(timeAtClientX(event.clientX), 1.0015 ** event.deltaY);
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = event.shiftKey ? event.deltaY || event.deltaX : event.deltaX;
        const width = byId('ticks').clientWidth || 1;
        setView(state.view.from + (delta / width) * range, state.view.to + (delta / width) * range, false);
      }
    },
    { passive: false },
  );
  rows.addEventListener('keydown', (event) => {
    const index = state.rows.findIndex((node) => state.selected?.kind === 'span' && node.key === state.selected.key);
    const node = state.rows[index];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = state.rows[Math.max(0, Math.min(state.rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next) select(next, true);
    } else if (event.key === 'ArrowLeft' && node) {
      event.preventDefault();
      if (node.children.length && !state.collapsed.has(node.key) && !state.filtering) toggle(node, false);
      else if (node.parent) select(node.parent, true);
    } else if (event.key === 'ArrowRight' && node) {
      event.preventDefault();
      toggle(node, true);
    } else if (event.key === '+' || event.key === '=') {
      zoomAt((state.view.from + state.view.to) / 2, 0.5);
    } else if (event.key === '-') {
      zoomAt((state.view.from + state.view.to) / 2, 2);
    } else if (event.key === '0') {
      fitView();
    } else if (event.key === 'Escape') {
      select(null, false);
    }
  });
}

/** A drag over `area` reports where it started and ended; a click (under 4px) reports nothing. */
function onDrag(area: HTMLElement, brush: HTMLElement | null, done: (fromX: number, toX: number) => void, click?: (x: number) => void): void {
  let dragFrom: number | null = null;
  area.addEventListener('mousedown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    dragFrom = event.clientX;
  });
  window.addEventListener('mousemove', (event) => {
    if (dragFrom === null || !brush) return;
    const box = area.getBoundingClientRect();
    const a = Math.max(0, Math.min(dragFrom, event.clientX) - box.left);
    const b = Math.min(box.width, Math.max(dragFrom, event.clientX) - box.left);
    brush.style.display = 'block';
    brush.style.left = `${a}px`;
    brush.style.width = `${Math.max(0, b - a)}px`;
  });
  window.addEventListener('mouseup', (event) => {
    if (dragFrom === null) return;
    const start = dragFrom;
    dragFrom = null;
    if (brush) brush.style.display = 'none';
    if (Math.abs(event.clientX - start) < 4) click?.(event.clientX);
    else done(Math.min(start, event.clientX), Math.max(start, event.clientX));
  });
}

function wireZoom(): void {
  const ticks = byId('ticks');
  onDrag(ticks, byId('brush'), (a, b) => setView(timeAtClientX(a), timeAtClientX(b), false));
  ticks.addEventListener('dblclick', fitView);
  // The minimap: a drag picks the range to show, a click centres the current range there.
  const minimap = byId('minimap-area');
  onDrag(
    minimap,
    byId('minimap-brush'),
    (a, b) => setView(minimapTimeAt(a), minimapTimeAt(b), false),
    (x) => {
      const range = state.view.to - state.view.from;
      const at = minimapTimeAt(x);
      setView(at - range / 2, at + range / 2, state.fit);
    },
  );
  byId('zoom-in').addEventListener('click', () => zoomAt((state.view.from + state.view.to) / 2, 0.5));
  byId('zoom-out').addEventListener('click', () => zoomAt((state.view.from + state.view.to) / 2, 2));
  byId('zoom-fit').addEventListener('click', fitView);
  byId<HTMLInputElement>('compress-idle').addEventListener('change', (event) => setCompressIdle((event.target as HTMLInputElement).checked));
}

function wireFilter(): void {
  byId('expand-all').addEventListener('click', () => {
    state.collapsed.clear();
    updateRows();
    renderRows();
  });
  byId('collapse-all').addEventListener('click', () => {
    for (const node of state.model.nodes) if (node.children.length && node.depth >= 1) state.collapsed.add(node.key);
    updateRows();
    renderRows();
  });
  let filterTimer = 0;
  byId<HTMLInputElement>('filter').addEventListener('input', (event) => {
    clearTimeout(filterTimer);
    const value = (event.target as HTMLInputElement).value;
    filterTimer = window.setTimeout(() => {
      state.filter = value;
      updateRows();
      byId('rows').scrollTop = 0;
      renderRows();
    }, 120);
  });
  byId<HTMLInputElement>('errors-only').addEventListener('change', (event) => {
    state.errorsOnly = (event.target as HTMLInputElement).checked;
    updateRows();
    renderRows();
  });
}

export function wire(): void {
  wireRows();
  wireZoom();
  wireFilter();
  window.addEventListener('resize', () => {
    drawMinimap();
    renderTimeline();
  });
  window.addEventListener('hashchange', () => followHash());
}
