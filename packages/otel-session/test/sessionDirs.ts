import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { tempDir } from '../../../test/helpers/tempDir.js';
import { agentSessionFile, sessionFileText, writeSessionFile, type SessionFile } from './fixtures/makeSessionFile.js';
import { sampleSessions } from './fixtures/samples.js';

/**
 * Temporary directories of session files for the CLI tests. Call `after(removeTempDirs)` from
 * test/helpers/tempDir.ts in the test file.
 */

export interface SampleDir {
  dir: string;
  /** Path of each sample session file, by session id. */
  paths: Map<string, string>;
  files: Map<string, SessionFile>;
}

/** A new directory holding the sample sessions (completed, running, crashed, error). */
export async function sampleDir(): Promise<SampleDir> {
  const dir = await tempDir('otel-session-cli-');
  const paths = new Map<string, string>();
  const files = new Map<string, SessionFile>();
  for (const file of await sampleSessions()) {
    paths.set(file.session.id, await writeSessionFile(dir, file));
    files.set(file.session.id, file);
  }
  return { dir, paths, files };
}

/** Writes `text` as `name` into `dir`; returns the path. */
export async function writeText(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

export interface TwoFilesOfOneId {
  dir: string;
  id: string;
  /** The session's own file, `<id>.json`: the crashed first process. */
  main: string;
  /** The file a second live writer used beside it, `<id>~pid<pid>.json`: still running. */
  sibling: string;
}

/** A directory where one session id is in two files, as when two processes wrote it at once. */
export async function twoFilesOfOneId(id = 'ses_twice'): Promise<TwoFilesOfOneId> {
  const dir = await tempDir('otel-session-cli-');
  const main = await writeSessionFile(dir, await agentSessionFile({ id, title: 'First process', unended: 'crashed', turns: 1 }));
  const sibling = await writeText(
    dir,
    `${basename(main, '.json')}~pid4343.json`,
    sessionFileText(await agentSessionFile({ id, title: 'Second process', unended: 'open', startMs: Date.UTC(2026, 10, 25, 21) })),
  );
  return { dir, id, main, sibling };
}
