import type { Command } from 'commander';
import { CliError, errorLine, EXIT_CODES_HELP } from '../CliError.js';
import { formatCount } from '../format/units.js';
import { readJsonFile } from '../files/readJsonFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { validateSessionFile } from '../validate/validateSessionFile.js';
import { colorsFor } from '../terminal.js';

/**
 * `otel-session validate <file|id...>`: checks files against docs/file-format.md and names the JSON path
 * of each problem found. Several files (`validate traces/*.json`) are each checked and reported; the
 * command fails if any of them does.
 */

/** The line that says the file is valid; throws a CliError that lists its problems when it is not. */
async function validateOne(reference: string, dir: string): Promise<string> {
  const path = await resolveSessionFile(reference, dir);
  const { problems, spans, unended } = validateSessionFile(await readJsonFile(path));
  const c = colorsFor(process.stdout);
  if (problems.count === 0) {
    return `${c.green('✓')} ${path}: valid session file (format version 1, ${formatCount(spans)} spans, ${formatCount(unended)} not ended)\n`;
  }
  const lines = problems.kept.map((problem) => `  ${c.bold(problem.path)}: ${problem.message}`);
  const more = problems.count - problems.kept.length;
  if (more > 0) lines.push(c.dim(`  … and ${formatCount(more)} more`));
  const plural = problems.count === 1 ? 'problem' : 'problems';
  throw new CliError(`${path} is not a valid session file (${formatCount(problems.count)} ${plural}):\n${lines.join('\n')}`);
}

async function validate(references: string[], options: { dir?: string }): Promise<void> {
  const dir = options.dir ?? defaultSessionDirectory();
  if (references.length === 1) {
    process.stdout.write(await validateOne(references[0]!, dir));
    return;
  }
  let failed = 0;
  for (const reference of references) {
    try {
      process.stdout.write(await validateOne(reference, dir));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed++;
      process.stderr.write(errorLine(error.message, process.stderr));
    }
  }
  if (failed > 0) throw new CliError(`${failed} of ${references.length} files are not valid session files`);
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check session files against the file format (docs/file-format.md)')
    .argument('<id|file...>', 'session ids (or unique prefixes of them), or paths of session files')
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .addHelpText(
      'after',
      `
Checks the header's fields and types, the status and crash enums, that spanCount and openSpanCount match
the spans, and the OTLP/JSON shape of every span (hex ids, nanosecond strings, integer enums, attribute
values). Prints the JSON path of each problem, e.g. $.resourceSpans[0].scopeSpans[0].spans[3].spanId.
Given several (otel-session validate traces/*.json), checks each and fails if any is not valid.
${EXIT_CODES_HELP}`,
    )
    .action(validate);
}
