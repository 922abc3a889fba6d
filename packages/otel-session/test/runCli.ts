import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the CLI as users do, in a child process (`node --import tsx src/main.ts …`), with colours
 * off and a fixed width unless a test asks otherwise. tsx is imported by URL, so the child may run in
 * any working directory.
 */

/** The tool's package directory, packages/otel-session. */
export const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(PACKAGE, 'src', 'main.ts');
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kills the child after this long: a hang guard, far above what a run takes. */
  timeoutMs?: number;
}

function cliEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', COLUMNS: '120' };
  delete base.FORCE_COLOR;
  delete base.OTEL_SESSION_FILE_DIRECTORY;
  return { ...base, ...env };
}

/** Starts the CLI and leaves it running (for `view`); the caller kills it. */
export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: options.cwd ?? PACKAGE, env: cliEnv(options.env) });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const started = performance.now();
  const child = startCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** What a user sees as a stack trace: lines like `    at fn (file:1:2)`. */
export const STACK_TRACE = /^\s+at .+:\d+/m;
