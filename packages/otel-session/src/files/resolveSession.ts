import { stat } from 'node:fs/promises';
import { CliError } from '../CliError.js';
import { newestFirst, scanSessions } from './scanSessions.js';

/**
 * Finds the file a command is about from what the user typed: a path to a file, or a session id. File
 * names are sanitized ids (`user/42` is stored as `user_42~<hash>.json`), so an id is looked up in the
 * headers of the directory's files, never turned into a name. A unique prefix of an id is enough.
 */

async function isFile(path: string): Promise<boolean | 'directory'> {
  try {
    const stats = await stat(path);
    return stats.isDirectory() ? 'directory' : stats.isFile();
  } catch {
    return false;
  }
}

export async function resolveSessionFile(reference: string, dir: string): Promise<string> {
  const kind = await isFile(reference);
  if (kind === true) return reference;
  if (kind === 'directory') throw new CliError(`${reference} is a directory: give a session file or a session id`);

  let files;
  try {
    files = await scanSessions(dir);
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`no file ${reference}, and no session ids to look it up in: ${error.message}`);
    throw error;
  }
  const sessions = files.filter((file) => file.header !== undefined).sort(newestFirst);
  const exact = sessions.find((file) => file.header!.id === reference);
  if (exact) return exact.path;
  const prefixed = sessions.filter((file) => file.header!.id.startsWith(reference));
  if (prefixed.length === 1) return prefixed[0]!.path;
  if (prefixed.length > 1) {
    const ids = prefixed.slice(0, 5).map((file) => file.header!.id);
    const more = prefixed.length > 5 ? `, and ${prefixed.length - 5} more` : '';
    throw new CliError(`"${reference}" matches several sessions in ${dir}: ${ids.join(', ')}${more}`);
  }
  throw new CliError(`no file ${reference}, and no session with that id in ${dir} (otel-session ls ${dir} lists them)`);
}
