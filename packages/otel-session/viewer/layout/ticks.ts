import type { TimeScale } from './timeScale.js';

/** Grid lines for the axis: round steps of real time inside each stretch drawn to scale, none inside gaps. */

export interface Tick {
  /** Display milliseconds. */
  at: number;
  /** Real milliseconds since the session's start. */
  label: number;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function ticks(scale: TimeScale, view: { from: number; to: number }, widthPx: number): Tick[] {
  const step = niceStep((view.to - view.from) / Math.max(2, Math.floor(widthPx / 90)));
  const out: Tick[] = [];
  if (!(step > 0)) return out;
  for (const piece of scale.pieces) {
    const pieceEnd = piece.displayFrom + (piece.to - piece.from);
    if (pieceEnd < view.from || piece.displayFrom > view.to) continue;
    const visibleFrom = piece.from + Math.max(0, view.from - piece.displayFrom);
    const first = Math.ceil((visibleFrom - scale.t0) / step) * step;
    for (let t = first; scale.t0 + t <= piece.to && out.length < 80; t += step) {
      const at = piece.displayFrom + (scale.t0 + t - piece.from);
      if (at >= view.from && at <= view.to) out.push({ at, label: t });
    }
  }
  return out;
}
