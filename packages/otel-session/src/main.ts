#!/usr/bin/env node
/**
 * `otel-session`: look at, convert, send and check the session files that otel-session-file writes.
 * This file only wires the commands together and turns errors into exit codes; each command lives in
 * commands/. Nothing in the library imports the CLI, so using the library never loads it.
 */
import { Command, CommanderError } from 'commander';
import { CliError, errorLine, EXIT_CODES, EXIT_CODES_HELP } from './CliError.js';
import { registerHtml } from './commands/html.js';
import { registerLs } from './commands/ls.js';
import { registerSend } from './commands/send.js';
import { registerShow } from './commands/show.js';
import { registerValidate } from './commands/validate.js';
import { registerView } from './commands/view.js';
import { packageVersion } from './packageVersion.js';
import { colorsFor } from './terminal.js';
import { configureUsageErrors } from './usageErrors.js';

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed the message (through usageErrors.ts) or the help already.
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(errorLine(error.message, process.stderr));
    return error.exitCode;
  }
  // Not the user's fault: keep the stack for the bug report.
  process.stderr.write(`${colorsFor(process.stderr).red('otel-session: internal error:')} ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT_CODES.failed;
}

// `otel-session show x | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_CODES.ok);
  throw error;
});

const program = new Command('otel-session')
  .description('Inspect the session trace files written by otel-session-file.')
  .version(packageVersion())
  .exitOverride()
  .addHelpText('after', EXIT_CODES_HELP);

registerLs(program);
registerShow(program);
registerHtml(program);
registerView(program);
registerSend(program);
registerValidate(program);
configureUsageErrors(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}
