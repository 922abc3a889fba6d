import { stat } from 'node:fs/promises';
import { CliError } from '../CliError.js';
import { formatAge } from '../format/units.js';
import { newestFirst, scanSessions, updatedMs, type ScannedFile } from './scanSessions.js';

/**
 * Finds the file a command is about from what the user typed: a path to a file, or a session id. File
 * names are sanitized ids (`user/42` is stored as `user_42~<hash>.json`), so an id is looked up in the
 * headers of the directory's files, never turned into a name. A unique prefix of an id is enough.
 *
 * One id may be in several files (`<name>~pid<pid>.json` when two processes wrote the session at once,
 * `<name>~corrupt-….json` for a file moved aside). Picking one of them would show the user a session
 * other than the one they meant without saying so, so the id is refused and the files are listed: a
 * path selects exactly one.
 */

async function isFile(path: string): Promise<boolean | 'directory'> {
  try {
    const stats = await stat(path);
    return stats.isDirectory() ? 'directory' : stats.isFile();
  } catch {
    return false;
  }
}

function severalFiles(id: string, files: ScannedFile[], dir: string): CliError {
  const width = Math.max(...files.map((file) => file.path.length));
  const lines = files.map((file) => `  ${file.path.padEnd(width)}  ${file.header!.status}, updated ${formatAge(updatedMs(file))}`);
  return new CliError(`session "${id}" is in ${files.length} files in ${dir}; give the path of one:\n${lines.join('\n')}`);
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
  const exact = sessions.filter((file) => file.header!.id === reference);
  const candidates = exact.length > 0 ? exact : sessions.filter((file) => file.header!.id.startsWith(reference));
  const ids = [...new Set(candidates.map((file) => file.header!.id))];
  if (ids.length > 1) {
    const more = ids.length > 5 ? `, and ${ids.length - 5} more` : '';
    throw new CliError(`"${reference}" matches several sessions in ${dir}: ${ids.slice(0, 5).join(', ')}${more}`);
  }
  if (candidates.length > 1) throw severalFiles(ids[0]!, candidates, dir);
  if (candidates.length === 1) return candidates[0]!.path;
  throw new CliError(`no file ${reference}, and no session with that id in ${dir} (otel-session ls ${dir} lists them)`);
}
