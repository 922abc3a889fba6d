import type { Command } from 'commander';
import { errorLine } from './CliError.js';

/**
 * Makes commander's usage errors read like every other error of the CLI: one line,
 * `otel-session: error: …`, with its "Did you mean" suggestion and a pointer to the command's help on
 * that line. Commander keeps choosing the exit code; `main.ts` maps it to EXIT_CODES.usage.
 */

function oneLine(commanderMessage: string, helpCommand: string): string {
  const [first = '', ...rest] = commanderMessage.trim().split('\n');
  const suggestion = rest.map((line) => ` ${line.trim().replace(/^\(Did you mean/, '(did you mean')}`).join('');
  const message = `${first.replace(/^error: /, '')}${suggestion}`.replace(/\.$/, '');
  return `${message}; see '${helpCommand} --help'`;
}

/** Configures `command` and its subcommands; call it after every subcommand is registered. */
export function configureUsageErrors(command: Command, path: string = command.name()): void {
  // Each command gets its own output configuration, so the pointer names the command that failed.
  command.configureOutput({ outputError: (message, write) => write(errorLine(oneLine(message, path), process.stderr)) });
  for (const sub of command.commands) configureUsageErrors(sub, `${path} ${sub.name()}`);
}
