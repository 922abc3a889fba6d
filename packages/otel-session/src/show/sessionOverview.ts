import type { CrashCause, SessionHeader } from 'otel-session-file';
import { styleStatus } from '../format/statusStyle.js';
import { formatAge, formatCompact, formatCost, formatCount, formatDuration, formatTimestamp } from '../format/units.js';
import type { Colors } from '../terminal.js';

/**
 * The lines above the waterfall: what the session is, how it ended and why, and what it cost. A crash
 * comes right after the title, because it is what a reader opens a crashed session for.
 */

export function describeCrash(crash: CrashCause): string {
  const how = [crash.reason, crash.signal, crash.exitCode === undefined ? undefined : `exit code ${crash.exitCode}`]
    .filter((part) => part !== undefined)
    .join(', ');
  const error = crash.error ? `: ${crash.error.name ? `${crash.error.name}: ` : ''}${crash.error.message}` : '';
  return `${how}${error}`;
}

function times(header: SessionHeader): string {
  const start = Date.parse(header.startTime);
  const update = Date.parse(header.updateTime);
  const end = header.endTime === undefined ? NaN : Date.parse(header.endTime);
  const parts = [`started ${formatTimestamp(start)}`, `updated ${formatTimestamp(update)} (${formatAge(update)})`];
  if (Number.isFinite(end)) parts.push(`ended ${formatTimestamp(end)}`);
  const duration = (Number.isFinite(end) ? end : update) - start;
  if (Number.isFinite(duration)) parts.push(`took ${formatDuration(duration)}`);
  return parts.join(' · ');
}

function summaryLines(header: SessionHeader, c: Colors): string[] {
  const summary = header.summary;
  if (!summary) return [];
  const parts = [`LLM calls ${formatCount(summary.llmCalls)}`];
  const tokens = summary.tokens;
  if (tokens) {
    const cache = tokens.cacheRead ? ` / ${formatCompact(tokens.cacheRead)} cache read` : '';
    parts.push(`tokens ${formatCompact(tokens.input)} in / ${formatCompact(tokens.output)} out${cache} (${formatCompact(tokens.total)} total)`);
  }
  if (summary.cost !== undefined) parts.push(`cost ${formatCost(summary.cost)}`);
  if (summary.errors) parts.push(c.red(`${formatCount(summary.errors)} ${summary.errors === 1 ? 'error' : 'errors'}`));
  if (summary.models?.length) parts.push(`models ${summary.models.join(', ')}`);
  const lines = [parts.join(' · ')];
  const tools = Object.entries(summary.toolCalls ?? {});
  if (tools.length) lines.push(`tools ${tools.map(([name, calls]) => `${name}×${calls}`).join(', ')}`);
  return lines;
}

function history(header: SessionHeader, c: Colors): string[] {
  const segments = header.segments ?? [];
  if (segments.length < 2) return [];
  const steps = segments.map((segment) => {
    const status = styleStatus(segment.status, c);
    return segment.crash ? `${status} (${describeCrash(segment.crash)})` : status;
  });
  return [`history ${steps.join(' → ')}`];
}

export function sessionOverview(header: SessionHeader, path: string, c: Colors): string[] {
  const lines = [`${c.bold(header.title ?? header.id)}  ${styleStatus(header.status, c)}`];
  if (header.crash) lines.push(c.red(`crash: ${describeCrash(header.crash)}`));
  if (header.error) lines.push(c.red(`error: ${header.error}`));
  lines.push(c.dim(`id ${header.id} · file ${path}`));
  lines.push(times(header));
  const open = header.openSpanCount ? c.yellow(`${formatCount(header.openSpanCount)} open`) : '0 open';
  const dropped = header.droppedSpanCount ? c.yellow(`${formatCount(header.droppedSpanCount)} dropped`) : '0 dropped';
  const resumed = header.resumeCount ? ` · continued ${header.resumeCount}× by another process` : '';
  lines.push(`spans ${formatCount(header.spanCount)} (${open}, ${dropped})${resumed}`);
  lines.push(...history(header, c), ...summaryLines(header, c));
  return lines;
}
