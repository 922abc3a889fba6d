#!/usr/bin/env node
// `npm run test:sdk3`: the unit suite (the same files as `npm test`, same selectors, crash tests in child
// processes and examples included; `-- --suite=crash` for the full crash matrix) against OpenTelemetry JS SDK 3, while the repo's own devDependencies
// stay on SDK 2. The two lines want different @opentelemetry/api versions, so SDK 3 is a second install:
// the packages of scripts/lib/sdk3Packages.mjs, at those exact versions, go once into a cache outside the repo
// ($OTEL_SESSION_FILE_SDK3_DIR or ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/sdk3), and
// scripts/lib/otelLineHooks.mjs makes every `@opentelemetry/*` import resolve there. SDK 3 needs
// Node >= 22.15, so the run uses the Node 24 of `npm run test:node24`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ensureNode24 } from './lib/node24.mjs';
import { runtimeCacheDir } from './lib/registryRuntime.mjs';
import { SDK3_PACKAGES } from './lib/sdk3Packages.mjs';
import { describeSelection, root, runNodeTests, selectTests } from './lib/testFiles.mjs';

function fail(message) {
  console.error(`test:sdk3: ${message}`);
  process.exit(1);
}

const { node, binDir, version } = ensureNode24('test:sdk3');
const lineDir = runtimeCacheDir('sdk3', process.env.OTEL_SESSION_FILE_SDK3_DIR);
const manifest = `${JSON.stringify({ name: 'otel-session-file-sdk3-line', private: true, dependencies: SDK3_PACKAGES }, null, 2)}\n`;
const manifestPath = join(lineDir, 'package.json');
const installed = existsSync(manifestPath) && existsSync(join(lineDir, 'node_modules')) && readFileSync(manifestPath, 'utf8') === manifest;
if (installed) {
  console.log(`test:sdk3: using the SDK 3 packages in ${lineDir} (cached)`);
} else {
  console.log(`test:sdk3: installing the SDK 3 packages into ${lineDir}`);
  rmSync(lineDir, { recursive: true, force: true });
  mkdirSync(lineDir, { recursive: true });
  writeFileSync(manifestPath, manifest);
  // Node 24's PATH so that npm checks the packages' engines (node >= 22.15) against the Node that runs them.
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--engine-strict'], {
    cwd: lineDir,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (install.error) fail(`could not run npm: ${install.error.message}`);
  if (install.status !== 0) {
    rmSync(join(lineDir, 'node_modules'), { recursive: true, force: true });
    fail(`npm install failed in ${lineDir} (exit ${install.status}); is the npm registry reachable?`);
  }
}

const apiVersion = JSON.parse(readFileSync(join(lineDir, 'node_modules', '@opentelemetry', 'api', 'package.json'), 'utf8')).version;
if (apiVersion !== SDK3_PACKAGES['@opentelemetry/api']) fail(`${lineDir} holds @opentelemetry/api ${apiVersion}`);

const hooks = join(root, 'scripts', 'lib', 'otelLineHooks.mjs');
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(hooks)}`.trim(),
  OTEL_SESSION_FILE_OTEL_LINE_DIR: lineDir,
};

// A hook that silently did nothing would run the suite on SDK 2 again: check what the repo's files get.
const probe = spawnSync(
  node,
  [
    '--input-type=module',
    '-e',
    `import { createRequire } from 'node:module';
     const imported = (await import('@opentelemetry/core')).SDK_INFO['telemetry.sdk.version'];
     const required = createRequire(${JSON.stringify(join(root, 'package.json'))})('@opentelemetry/core').SDK_INFO['telemetry.sdk.version'];
     console.log(imported + ' ' + required);`,
  ],
  { cwd: root, env, encoding: 'utf8' },
);
const expectedCore = SDK3_PACKAGES['@opentelemetry/core'];
if (probe.stdout.trim() !== `${expectedCore} ${expectedCore}`) {
  fail(`the repo's files do not get @opentelemetry/core ${expectedCore} from ${lineDir}: ${probe.stdout}${probe.stderr}`);
}

// --suite=crash runs the full crash matrix instead (the browser suite has no OpenTelemetry in it).
const args = process.argv.slice(2);
const suiteArg = args.find((arg) => arg.startsWith('--suite='));
const suite = suiteArg ? suiteArg.slice('--suite='.length) : 'unit';
if (suite !== 'unit' && suite !== 'crash') fail(`Unknown suite ${JSON.stringify(suite)}: expected unit or crash`);
const selection = selectTests(
  suite,
  args.filter((arg) => arg !== suiteArg),
);
if (selection.files.length === 0) fail(`No test files found: ${describeSelection(suite, selection)}`);
console.log(`Running ${describeSelection(suite, selection)} on Node ${version} with OpenTelemetry JS SDK 3 (api ${apiVersion})`);
process.exitCode = await runNodeTests({
  ...selection,
  node,
  // The pack test installs the tarball into an SDK 3 app and an SDK 2 app of its own.
  env: { ...env, OTEL_SESSION_FILE_SKIP_PACK_TEST: '1' },
});
