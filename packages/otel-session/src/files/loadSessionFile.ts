import { CliError } from '../CliError.js';
import type { SessionFile } from '../model/otlp.js';
import { readJsonFile } from './readJsonFile.js';

/**
 * A whole session file, parsed, with just enough checked for the commands to read it safely: a
 * `session` object with an id and a `resourceSpans` array. Everything finer is `validate`'s job.
 */

/** Why `value` is not a session file, or `undefined` when it is one. */
export function sessionFileProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const { session, resourceSpans } = value as Record<string, unknown>;
  if (typeof session !== 'object' || session === null || Array.isArray(session)) return 'it has no "session" object';
  const { formatVersion, id } = session as Record<string, unknown>;
  if (formatVersion !== 1) return `unsupported session.formatVersion ${JSON.stringify(formatVersion)} (this CLI reads version 1)`;
  if (typeof id !== 'string') return 'session.id is not a string';
  if (!Array.isArray(resourceSpans)) return 'it has no "resourceSpans" array';
  return undefined;
}

export async function loadSessionFile(path: string): Promise<SessionFile> {
  const value = await readJsonFile(path);
  const problem = sessionFileProblem(value);
  if (problem !== undefined) throw new CliError(`${path} is not a session file: ${problem}`);
  return value as SessionFile;
}
