import type { Command } from 'commander';
import { EXIT_CODES_HELP } from '../CliError.js';
import { formatCount } from '../format/units.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { flattenSpans, timeRange } from '../model/flattenSpans.js';
import { buildSpanTree } from '../model/spanTree.js';
import { selectRows } from '../show/selectRows.js';
import { sessionOverview } from '../show/sessionOverview.js';
import { renderAxis, renderRow, waterfallLayout } from '../show/waterfall.js';
import { colorsFor, terminalWidth } from '../terminal.js';
import { integerAtLeast } from './optionParsers.js';

/**
 * `otel-session show <id|file>`: the session's header, then its spans as a terminal waterfall.
 */

interface ShowOptions {
  dir?: string;
  depth?: number;
  filter?: string;
  limit: number;
  errors?: boolean;
}

const DEFAULT_LIMIT = 200;

async function show(reference: string, options: ShowOptions): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  const file = await loadSessionFile(path);
  const spans = flattenSpans(file.resourceSpans);
  const tree = buildSpanTree(spans);
  const { rows, total } = selectRows(tree, {
    depth: options.depth,
    filter: options.filter,
    errorsOnly: options.errors,
    limit: options.limit,
  });

  const c = colorsFor(process.stdout);
  const layout = waterfallLayout(terminalWidth(process.stdout));
  // The axis spans the whole session even when a filter shows a part, so bars keep their place.
  const axis = timeRange(spans);
  const lines = [...sessionOverview(file.session, path, c), ''];
  if (spans.length === 0) {
    lines.push(c.dim('(no spans in the file)'));
  } else if (total === 0) {
    lines.push(c.dim('(no span matches)'));
  } else {
    lines.push(renderAxis(layout, axis, c), ...rows.map((row) => renderRow(row, layout, axis, c)));
  }
  if (total > rows.length) {
    lines.push(c.dim(`… ${formatCount(total - rows.length)} more of ${formatCount(total)} rows not shown (--limit ${total} or --limit 0 shows all)`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print a session: its status, crash cause and summary, then its spans as a waterfall')
    .argument('<id|file>', 'a session id (or a unique prefix of one), or the path of a session file')
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .option('--depth <n>', 'show n levels of the tree (1: root spans only)', integerAtLeast(1))
    .option('-f, --filter <text>', 'only spans whose name or key=value attributes contain text (and their parents)')
    .option('-e, --errors', 'only spans with status ERROR (and their parents)')
    .option('-n, --limit <n>', 'print at most n rows, 0 for all', integerAtLeast(0), DEFAULT_LIMIT)
    .addHelpText(
      'after',
      `
Markers: ✗ error (status ERROR), ◌ open / ⚠ interrupted / ✗ crashed (a span that had not ended when the
file was written), +N below (spans hidden by --depth). Unended spans are drawn ▒, ended ones █.
${EXIT_CODES_HELP}`,
    )
    .action(show);
}
