import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import { median, pairedRatio, type Samples } from './measure.js';

/**
 * What a scenario measured, and how it is printed: one table per scenario (only the columns it fills),
 * each row's ratio to the scenario's reference, then PASS/FAIL per target.
 */

export interface Row {
  label: string;
  reference?: boolean;
  nsPerSpan?: number;
  spansPerSec?: number;
  mbPerSec?: number;
  ms?: number;
  heapMB?: number;
  /** The row's figure over the reference's, as the median of per-round ratios; 1 for the reference. */
  ratio?: number;
  note?: string;
}

export interface Target {
  scenario: string;
  name: string;
  /** The measured value, in the unit of `limit`. */
  value: number;
  limit: number;
  unit: '×' | 'ms' | '%' | 'MB';
  pass: boolean;
  detail: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  method: string;
  rows: Row[];
  targets: Target[];
  notes: string[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  memoryGB: number;
  tmpdir: string;
}

/** Which code was measured: the commit, and the files under src/ that differ from it. */
export interface Source {
  commit: string;
  changedFiles: string[];
}

export interface BenchReport {
  startedAt: string;
  source: Source;
  durationS: number;
  mode: 'full' | 'quick';
  machine: Machine;
  scenarios: ScenarioResult[];
}

/**
 * Rows of timed contenders: median milliseconds, MB/s for `megabytes` moved, and the paired ratio to
 * `reference`.
 */
export type TimedRow = Row & Required<Pick<Row, 'ms' | 'mbPerSec' | 'ratio'>>;

export function timedRows<K extends string>(samples: Samples<K>, reference: K, megabytes: number, notes: Record<K, string>): TimedRow[] {
  return (Object.keys(samples) as K[]).map((name) => {
    const ms = median(samples[name]);
    return {
      label: name,
      reference: name === reference,
      ms,
      mbPerSec: megabytes / (ms / 1000),
      ratio: pairedRatio(samples[name], samples[reference]),
      note: notes[name],
    };
  });
}

export function target(scenario: string, name: string, value: number, limit: number, unit: Target['unit'], detail: string): Target {
  return { scenario, name, value, limit, unit, pass: value <= limit, detail };
}

export function describeMachine(): Machine {
  let cpuModel = 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: the model is only informative.
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    node: process.version,
    os: `${process.platform} ${release()}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    tmpdir: tmpdir(),
  };
}

export function describeSource(): Source {
  const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    // --no-optional-locks: reading the status must not take the index lock from someone committing.
    const status = git('--no-optional-locks', 'status', '--porcelain', '--', 'src');
    return { commit: git('rev-parse', '--short', 'HEAD'), changedFiles: status === '' ? [] : status.split('\n').map((line) => line.slice(3)) };
  } catch {
    return { commit: 'unknown', changedFiles: [] };
  }
}

export function formatSource(source: Source): string {
  const changed = source.changedFiles.length === 0 ? 'clean' : `${source.changedFiles.length} files under src/ changed since`;
  return `code: commit ${source.commit} (${changed})`;
}

type Column = { title: string; cell(row: Row): string | undefined };

const COLUMNS: Column[] = [
  { title: 'ns/span', cell: (row) => fixed(row.nsPerSpan, 0) },
  { title: 'spans/s', cell: (row) => (row.spansPerSec === undefined ? undefined : si(row.spansPerSec)) },
  { title: 'MB/s', cell: (row) => fixed(row.mbPerSec, 1) },
  { title: 'ms', cell: (row) => fixed(row.ms, row.ms !== undefined && row.ms < 10 ? 2 : 1) },
  { title: 'heap MB', cell: (row) => fixed(row.heapMB, 1) },
  { title: 'ratio', cell: (row) => (row.ratio === undefined ? undefined : `${row.ratio.toFixed(2)}×${row.reference ? ' ref' : ''}`) },
];

function fixed(value: number | undefined, digits: number): string | undefined {
  if (value === undefined) return undefined;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function si(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

function table(rows: readonly Row[]): string[] {
  const columns = COLUMNS.filter((column) => rows.some((row) => column.cell(row) !== undefined));
  const header = ['', ...columns.map((column) => column.title), 'note'];
  const body = rows.map((row) => [row.label, ...columns.map((column) => column.cell(row) ?? ''), row.note ?? '']);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i]!.length)));
  const format = (line: string[]): string =>
    line
      .map((cell, i) => (i === 0 || i === line.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(format)];
}

export function formatTarget(t: Target): string {
  const value = t.unit === '×' ? `${t.value.toFixed(3)}×` : `${t.value.toFixed(t.unit === 'ms' ? 1 : 2)} ${t.unit}`;
  const limit = t.unit === '×' ? `${t.limit}×` : `${t.limit} ${t.unit}`;
  return `${t.pass ? 'PASS' : 'FAIL'}  ${t.scenario} ${t.name}: ${value} (target ≤ ${limit}) ${t.detail}`;
}

export function formatScenario(result: ScenarioResult): string {
  const lines = [`${result.id}. ${result.title}`, `   method: ${result.method}`, ''];
  for (const line of table(result.rows)) lines.push(`   ${line}`);
  if (result.notes.length > 0) lines.push('', ...result.notes.map((note) => `   ${note}`));
  lines.push('', ...result.targets.map((t) => `   ${formatTarget(t)}`));
  return lines.join('\n');
}

export function formatMachine(machine: Machine): string {
  return `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGB} GB, node ${machine.node}, ${machine.os}, files in ${machine.tmpdir}`;
}

export function formatSummary(scenarios: readonly ScenarioResult[]): string {
  const targets = scenarios.flatMap((scenario) => scenario.targets);
  const failed = targets.filter((t) => !t.pass).length;
  return [`summary: ${targets.length - failed}/${targets.length} targets pass`, ...targets.map((t) => `  ${formatTarget(t)}`)].join('\n');
}

export function writeJson(path: string, report: BenchReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
