import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Running npm (and the programs of an installed project) the way a user would, for the package tests. */

const run = promisify(execFile);
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The environment of the npm commands: without what `npm test` set for this repo, which would leak into them. */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(lifecycle_|package_|command$|config_local_prefix$|config_call$)/i.test(key) || key === 'INIT_CWD') {
      delete env[key];
    }
  }
  return { ...env, ...extra };
}

export interface ShOutput {
  stdout: string;
  stderr: string;
}

/** Runs a command; a failure carries its output. */
export async function shFull(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv()): Promise<ShOutput> {
  try {
    return await run(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export async function sh(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return (await shFull(cmd, args, cwd, env)).stdout;
}

/** Why the package tests are skipped, or false. Only a missing dist/ skips: a broken build is reported. */
export function packTestSkip(): string | false {
  if (!existsSync(join(repo, 'dist'))) return 'dist/ is not built: run `npm run build` first';
  if (process.env.OTEL_SESSION_FILE_SKIP_PACK_TEST) {
    return 'OTEL_SESSION_FILE_SKIP_PACK_TEST is set (.ci/run runs the package tests as their own step)';
  }
  return false;
}

export interface PackResult {
  filename: string;
  files: { path: string; mode: number }[];
}

/** `npm pack` of the package in `packageDir` (the library by default) into `destination`, as built. */
export async function packRepo(destination: string, packageDir = repo): Promise<PackResult> {
  // --ignore-scripts: pack the dist/ under test, not a rebuild of it.
  const out = await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], packageDir);
  return (JSON.parse(out) as PackResult[])[0]!;
}

/** npm's warnings about install-time scripts, which a user of a package with one has to approve or ignore. */
export function installScriptWarnings(output: ShOutput): string[] {
  return `${output.stdout}\n${output.stderr}`.split('\n').filter((line) => /install-scripts|install script/i.test(line));
}

/**
 * Type-checks `files` in an installed project the way an application would (NodeNext, strict), with the
 * repo's TypeScript; resolves to tsc's `--traceResolution` output. Fails when they do not compile.
 */
export async function typeCheck(project: string, files: string[], node = process.execPath, env?: NodeJS.ProcessEnv): Promise<string> {
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        // Errors inside dependencies' .d.ts are theirs; an unresolved package still fails (noImplicitAny).
        skipLibCheck: true,
        typeRoots: [join(repo, 'node_modules', '@types')],
        types: ['node'],
      },
      files,
    }),
  );
  const tsc = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');
  return sh(node, [tsc, '-p', 'tsconfig.json', '--traceResolution'], project, env);
}
