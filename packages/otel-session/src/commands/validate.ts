import type { Command } from 'commander';
import { CliError, EXIT_CODES_HELP } from '../CliError.js';
import { formatCount } from '../format/units.js';
import { readJsonFile } from '../files/readJsonFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { validateSessionFile } from '../validate/validateSessionFile.js';
import { colorsFor } from '../terminal.js';

/**
 * `otel-session validate <file|id>`: checks a file against docs/file-format.md and names the JSON path of
 * each problem found.
 */

async function validate(reference: string, options: { dir?: string }): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  const { problems, spans, unended } = validateSessionFile(await readJsonFile(path));
  const c = colorsFor(process.stdout);
  if (problems.count === 0) {
    process.stdout.write(`${c.green('✓')} ${path}: valid session file (format version 1, ${formatCount(spans)} spans, ${formatCount(unended)} not ended)\n`);
    return;
  }
  const lines = problems.kept.map((problem) => `  ${c.bold(problem.path)}: ${problem.message}`);
  const more = problems.count - problems.kept.length;
  if (more > 0) lines.push(c.dim(`  … and ${formatCount(more)} more`));
  const plural = problems.count === 1 ? 'problem' : 'problems';
  throw new CliError(`${path} is not a valid session file (${formatCount(problems.count)} ${plural}):\n${lines.join('\n')}`);
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a session file against the file format (docs/file-format.md)')
    .argument('<id|file>', 'a session id (or a unique prefix of one), or the path of a session file')
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .addHelpText(
      'after',
      `
Checks the header's fields and types, the status and crash enums, that spanCount and openSpanCount match
the spans, and the OTLP/JSON shape of every span (hex ids, nanosecond strings, integer enums, attribute
values). Prints the JSON path of each problem, e.g. $.resourceSpans[0].scopeSpans[0].spans[3].spanId.
${EXIT_CODES_HELP}`,
    )
    .action(validate);
}
