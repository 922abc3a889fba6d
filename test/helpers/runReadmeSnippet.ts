import { spawn } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fixtureCommand, repoRoot } from '../crash/lib/fixtureCommand.js';

/** README's snippet in a child process (test/crash/fixtures/readmeSnippet.ts): its exit code and stderr. */

/** The `name` of the plugin's process warnings. */
export const WARNING = 'OtelSessionFileWarning';
export const NOBODY = 65534;

export interface SnippetRun {
  code: number | null;
  stderr: string;
}

export interface SnippetOptions {
  directory: string;
  provider?: 'node' | 'basic' | 'basic+als';
  diagLogger?: boolean;
  crash?: boolean;
  nodeOptions?: string[];
  /** Run the child as the user nobody (the tests run as root, for whom permission bits fail nothing). */
  asNobody?: boolean;
}

export async function runSnippet({ nodeOptions = [], asNobody = false, provider = 'node', ...setup }: SnippetOptions): Promise<SnippetRun> {
  const command = await fixtureCommand('readmeSnippet');
  if (asNobody) {
    // The bundled fixtures live in a private temporary directory; nobody must be able to read them.
    const fixture = command[command.length - 1]!;
    if (fixture.endsWith('.mjs')) await chmod(dirname(fixture), 0o755);
  }
  const child = spawn(process.execPath, [...nodeOptions, ...command, JSON.stringify({ ...setup, provider })], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stderr };
}

/** The lines of `stderr` that are the plugin's process warnings. */
export function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(WARNING));
}
