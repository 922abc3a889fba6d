import type { Command } from 'commander';
import type { SessionHeader } from 'otel-session-file';
import { EXIT_CODES_HELP } from '../CliError.js';
import { renderTable, type Cell, type Column } from '../format/table.js';
import { styleStatus } from '../format/statusStyle.js';
import { formatAge, formatBytes, formatCompact, formatCost, formatCount, formatDuration } from '../format/units.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { newestFirst, scanSessions, updatedMs, type ScannedFile } from '../files/scanSessions.js';
import { colorsFor, terminalWidth, type Colors } from '../terminal.js';

/**
 * `otel-session ls [dir]`: the sessions of a directory, newest first, from their headers alone. The
 * table fits the terminal: ids, titles and file names are cut with an ellipsis rather than widening
 * every row, and on a narrow one the summary, size, open and duration columns are left out. An id in several files (a second writer's `~pid<pid>.json`, a file moved aside) gets a
 * FILE column, since its rows would otherwise look the same.
 */

const ID_WIDTH = 36;
const TITLE_WIDTH = 40;
const FILE_WIDTH = 40;

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Wall-clock time from the first span to the end (or the last write, while running). */
function durationMs(header: SessionHeader): number | undefined {
  const end = Date.parse(header.endTime ?? header.updateTime);
  const start = Date.parse(header.startTime);
  return Number.isFinite(end - start) ? Math.max(0, end - start) : undefined;
}

function jsonEntry(file: ScannedFile): object {
  const base = { file: file.path, size: file.size, modifiedTime: new Date(file.modifiedMs).toISOString() };
  return file.header ? { ...base, durationMs: durationMs(file.header), session: file.header } : { ...base, problem: file.problem };
}

interface TableShape {
  withSummary: boolean;
  /** Ids held by more than one file: their rows name the file. */
  sharedIds: Set<string>;
}

function tableRow(file: ScannedFile, c: Colors, shape: TableShape): Cell[] {
  const age = formatAge(updatedMs(file));
  const size = formatBytes(file.size);
  const { header } = file;
  if (!header) {
    const blank = shape.withSummary ? ['', '', ''] : [];
    return [{ text: file.name, cut: 'start' }, { text: file.problem ?? '', style: c.dim }, c.magenta('corrupt'), '', '', '', age, size, ...blank];
  }
  const open = count(header.openSpanCount);
  const duration = durationMs(header);
  const row: Cell[] = [
    { text: header.id },
    { text: header.title ?? '' },
    styleStatus(String(header.status), c),
    formatCount(count(header.spanCount) ?? 0),
    open ? c.yellow(formatCount(open)) : '0',
    duration === undefined ? '?' : formatDuration(duration),
    age,
    size,
  ];
  if (shape.withSummary) {
    const summary = header.summary;
    const tokens = count(summary?.tokens?.total);
    const cost = count(summary?.cost);
    row.push(
      count(summary?.llmCalls) === undefined ? '' : formatCount(summary!.llmCalls),
      tokens === undefined ? '' : formatCompact(tokens),
      cost === undefined ? '' : formatCost(cost),
    );
  }
  if (shape.sharedIds.has(header.id)) row.push({ text: file.name, cut: 'start' });
  return row;
}

function idsInSeveralFiles(files: ScannedFile[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const { header } of files) {
    if (header === undefined) continue;
    if (seen.has(header.id)) shared.add(header.id);
    seen.add(header.id);
  }
  return shared;
}

async function listSessions(dir: string | undefined, options: { json?: boolean }): Promise<void> {
  const directory = dir ?? defaultSessionDirectory();
  const files = (await scanSessions(directory)).sort(newestFirst);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(files.map(jsonEntry), null, 2)}\n`);
    return;
  }
  if (files.length === 0) {
    process.stdout.write(`No session files in ${directory}\n`);
    return;
  }
  const c = colorsFor(process.stdout);
  const withSummary = files.some((file) => file.header?.summary !== undefined);
  const sharedIds = idsInSeveralFiles(files);
  const columns: Column[] = [
    { header: 'ID', maxWidth: ID_WIDTH, minWidth: 12 },
    { header: 'TITLE', maxWidth: TITLE_WIDTH, minWidth: 10 },
    { header: 'STATUS' },
    { header: 'SPANS', align: 'right' },
    { header: 'OPEN', align: 'right', dropRank: 4 },
    { header: 'DURATION', align: 'right', dropRank: 6 },
    { header: 'UPDATED' },
    { header: 'SIZE', align: 'right', dropRank: 5 },
  ];
  // On a narrow terminal the summary goes first (`show` has it), then what the other columns imply.
  if (withSummary) {
    columns.push({ header: 'LLM', align: 'right', dropRank: 2 }, { header: 'TOKENS', align: 'right', dropRank: 3 }, { header: 'COST', align: 'right', dropRank: 1 });
  }
  if (sharedIds.size > 0) columns.push({ header: 'FILE', maxWidth: FILE_WIDTH, minWidth: 16 });
  const rows = files.map((file) => tableRow(file, c, { withSummary, sharedIds }));
  const lines = renderTable(columns, rows, { headerStyle: c.bold, width: terminalWidth(process.stdout) });
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerLs(program: Command): void {
  program
    .command('ls')
    .description('list the sessions of a directory, newest first')
    .argument('[dir]', 'directory of session files (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .option('--json', 'print JSON for scripts: one entry per file, with its session header or the problem')
    .addHelpText(
      'after',
      `
Only the first 64 KiB of each file are read; corrupt files are listed as "corrupt". Long ids and titles
are cut to fit the terminal (a cut id still works as a prefix); on a narrow one COST, LLM, TOKENS, OPEN,
SIZE and DURATION are left out, in that order. When one id is in several files, a FILE
column names them: give the file's path to show, html, view, send or validate.
${EXIT_CODES_HELP}`,
    )
    .action(listSessions);
}
