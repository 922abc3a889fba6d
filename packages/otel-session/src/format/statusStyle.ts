import type { Colors } from '../terminal.js';

/**
 * How a session status or span state looks in the terminal: the states that need attention (crashed,
 * error, interrupted, open) stand out; a finished session does not.
 */
export function styleStatus(status: string, c: Colors): string {
  switch (status) {
    case 'crashed':
      return c.bold(c.red(status));
    case 'error':
      return c.red(status);
    case 'interrupted':
      return c.yellow(status);
    case 'running':
    case 'open':
      return c.cyan(status);
    case 'completed':
      return c.green(status);
    default:
      return c.magenta(status);
  }
}
