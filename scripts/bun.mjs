#!/usr/bin/env node
// `npm run test:bun`: the crash tests whose children run on Bun, judged by the test runner on Node.
//
// Bun comes from the npm registry, pinned: @oven/bun-<os>-<arch>@BUN_VERSION ships the official binary as
// bin/bun. It is installed once into a cache outside the repo, $OTEL_SESSION_FILE_BUN_DIR or
// ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/bun-<version>, and reused (scripts/lib/registryRuntime.mjs).
// Its bin/ goes first on PATH and OTEL_SESSION_FILE_RUNTIME=bun makes every crash fixture start as `bun`
// (test/crash/lib/childRuntime.ts). Each cell of the crash-matrix subset runs OTEL_SESSION_CRASH_TRIALS
// times (3 unless set). The package test (the tarball run by Bun) needs dist/ and, like `npm run
// test:package`, skips when OTEL_SESSION_FILE_SKIP_PACK_TEST is set.
//
//   npm run test:bun                       the files below
//   npm run test:bun -- test/crash/sessions.test.ts
import { delimiter } from 'node:path';
import { ensureRegistryRuntime, runtimeCacheDir } from './lib/registryRuntime.mjs';
import { describeSelection, runNodeTests, selectTests } from './lib/testFiles.mjs';

const BUN_VERSION = '1.4.5';
const BUN_TESTS = [
  'test/crash/crashMatrix.test.ts',
  'test/crash/exitHook.test.ts',
  'test/crash/sessions.test.ts',
  'test/crash/workers.test.ts',
  'test/package/pack.test.ts',
  'packages/otel-session/test/package/pack.test.ts',
];

function fail(message) {
  console.error(`test:bun: ${message}`);
  process.exit(1);
}

const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch];
if (!platform || !arch) fail(`no Bun package for ${process.platform}-${process.arch}`);
const { binDir, version } = ensureRegistryRuntime({
  label: 'test:bun',
  pkg: `@oven/bun-${platform}-${arch}`,
  spec: BUN_VERSION,
  cacheDir: runtimeCacheDir(`bun-${BUN_VERSION}`, process.env.OTEL_SESSION_FILE_BUN_DIR),
  binary: 'bin/bun',
  accepts: (found) => found === BUN_VERSION,
  fail,
});

const args = process.argv.slice(2);
const selection = selectTests('crash', args.some((arg) => !arg.startsWith('-')) ? args : [...args, ...BUN_TESTS]);
if (selection.files.length === 0) fail(`No test files found: ${describeSelection('crash', selection)}`);
console.log(`Running ${describeSelection('crash', selection)} with children on Bun ${version}`);
process.exitCode = await runNodeTests({
  ...selection,
  env: {
    ...process.env,
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
    OTEL_SESSION_FILE_RUNTIME: 'bun',
    OTEL_SESSION_CRASH_TRIALS: process.env.OTEL_SESSION_CRASH_TRIALS ?? '3',
  },
});
