/** Numbers and times as the viewer writes them: short, and '?' for what the file does not say. */
import { formatDuration as formatTerminalDuration } from '../../src/format/units.js';

/** The terminal's short durations (`850µs`, `1.23s`, `2m03s`), and a bare `0` for the timeline's origin. */
export function formatDuration(ms: number): string {
  return ms === 0 ? '0' : formatTerminalDuration(ms);
}

export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatCount(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('en-US') : '?';
}

export function formatCompact(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '?';
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1000).toFixed(n < 10000 ? 1 : 0)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}
