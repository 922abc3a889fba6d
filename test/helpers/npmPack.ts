import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * What the pack tests share: npm run as a user runs it (without the variables `npm test` set for this
 * repository), and `npm pack` of a package directory.
 */

const run = promisify(execFile);

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** The environment of the npm commands: without what `npm test` set for this repo, which would leak into them. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(lifecycle_|package_|command$|config_local_prefix$|config_call$)/i.test(key) || key === 'INIT_CWD') {
      delete env[key];
    }
  }
  return env;
}

/** Runs a command to completion; a failure throws with its whole output. */
export async function sh(cmd: string, args: string[], cwd: string): Promise<CommandOutput> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export interface PackResult {
  filename: string;
  files: { path: string; mode: number }[];
}

/** `npm pack` of the package in `packageDir` into `destination`, without rebuilding it. */
export async function pack(packageDir: string, destination: string): Promise<PackResult> {
  // --ignore-scripts: pack the dist/ under test, not a rebuild of it.
  const { stdout } = await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], packageDir);
  return (JSON.parse(stdout) as PackResult[])[0]!;
}

/** npm's warnings about install-time scripts, which a user of a package with one has to approve or ignore. */
export function installScriptWarnings(output: CommandOutput): string[] {
  return `${output.stdout}\n${output.stderr}`.split('\n').filter((line) => /install-scripts|install script/i.test(line));
}
