import { colorsFor } from './terminal.js';

/**
 * The errors a user can cause (a missing file, a corrupt one, a refused upload) and the exit codes of
 * every command. `main.ts` prints a CliError as one line, without a stack trace; anything else is a bug
 * and keeps its stack.
 */

/** Exit codes of every command, as `--help` and README document them. */
export const EXIT_CODES = {
  ok: 0,
  /** The file is missing, corrupt or invalid, or the command failed (an HTTP error, say). */
  failed: 1,
  /** The command line was wrong: an unknown option, a missing argument, a malformed value. */
  usage: 2,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  failed: missing, corrupt or invalid file, session not found or ambiguous, HTTP error
  2  usage error: unknown command or option, missing or malformed argument`;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_CODES.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** How every error reaches the user: one line on `stream`, `otel-session: error: …`. */
export function errorLine(message: string, stream: NodeJS.WriteStream): string {
  return `${colorsFor(stream).red('otel-session: error:')} ${message}\n`;
}
