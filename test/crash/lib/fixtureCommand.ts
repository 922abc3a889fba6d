import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { childRuntime } from './childRuntime.js';

/**
 * How a fixture is started. The crash suite starts some six hundred children, and `--import tsx` spends
 * about 0.3 s of CPU per child resolving and transforming modules; so the fixtures are bundled once per
 * test process with esbuild (the transformer tsx itself runs on), the plugin's sources included and its
 * dependencies left to `node_modules`, into `node_modules/.cache` so that those resolve as usual. Without
 * esbuild, or with `OTEL_SESSION_CRASH_FIXTURES=tsx`, the children run the TypeScript through tsx (Bun
 * runs it by itself).
 */

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
const fixturesDirectory = join(repoRoot, 'test', 'crash', 'fixtures');

let bundles: Promise<string | undefined> | undefined;

async function bundleFixtures(): Promise<string | undefined> {
  if (process.env.OTEL_SESSION_CRASH_FIXTURES === 'tsx') return undefined;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'otel-session-crash-fixtures-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: readdirSync(fixturesDirectory)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(fixturesDirectory, name)),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    logLevel: 'warning',
  });
  return outdir;
}

/** The arguments after `node` (and its own options) that run `fixture` (a file name in test/crash/fixtures/, without `.ts`). */
export async function fixtureCommand(fixture: string): Promise<string[]> {
  bundles ??= bundleFixtures();
  const outdir = await bundles;
  if (outdir !== undefined) return [join(outdir, `${fixture}.mjs`)];
  const source = join(fixturesDirectory, `${fixture}.ts`);
  return childRuntime === 'bun' ? [source] : ['--import', 'tsx', source];
}
