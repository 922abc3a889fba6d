/**
 * Numbers as short human text for terminal columns: durations, sizes, counts, ages, money.
 */

/** `850µs`, `12.3ms`, `450ms`, `1.23s`, `2m03s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 10) return `${ms.toFixed(2)}ms`;
  if (ms < 100) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** `512 B`, `14.2 KiB`, `3.1 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** `12,345`; `?` for what is not a number (a header field of a damaged file). */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? count.toLocaleString('en-US') : '?';
}

/** `1 span`, `1,000 spans`: a count with its noun, which takes an s unless the count is 1. */
export function formatCounted(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** `4.2k`, `1.3M`: for token counts in narrow columns. */
export function formatCompact(count: number): string {
  if (!Number.isFinite(count)) return '?';
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(count < 10_000_000 ? 1 : 0)}M`;
}

/** `$0.0123`, `$1.50`: small amounts keep their significant digits. */
export function formatCost(cost: number): string {
  if (!Number.isFinite(cost)) return '?';
  return cost < 1 ? `$${cost.toPrecision(3).replace(/\.?0+$/, '')}` : `$${cost.toFixed(2)}`;
}

/** `just now`, `5m ago`, `3h ago`, `2d ago`; dates in the future (clock skew) count as now. */
export function formatAge(time: number, now: number = Date.now()): string {
  const ms = now - time;
  if (!Number.isFinite(ms)) return '?';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ago`;
  if (ms < 172_800_000) return `${Math.floor(ms / 3_600_000)}h ago`;
  return `${Math.floor(ms / 86_400_000)}d ago`;
}

/** `2026-11-25 20:38:55` in local time: the form a reader compares with a clock. */
export function formatTimestamp(time: number): string {
  if (!Number.isFinite(time)) return '?';
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
