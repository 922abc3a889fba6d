#!/usr/bin/env node
// `npm run build`: a clean dist/ with two tsc builds of src/, no bundler.
//   dist/esm  ESM, what `import` and the `otel-session` bin load (tsconfig.build.json, which type-checks src/)
//   dist/cjs  CommonJS, what `require` loads (tsconfig.build.cjs.json), marked by its own package.json
// Both carry .d.ts, declaration maps and source maps. Runs from any working directory.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');

function step(label, fn) {
  const started = performance.now();
  fn();
  console.log(`build: ${label} (${Math.round(performance.now() - started)} ms)`);
}

function runTsc(project) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: tsc -p ${project} failed${result.signal ? ` (${result.signal})` : ''}`);
    process.exit(result.status || 1);
  }
}

step('cleaned dist/', () => rmSync(dist, { recursive: true, force: true }));
step('dist/esm (tsconfig.build.json)', () => runTsc('tsconfig.build.json'));
step('dist/cjs (tsconfig.build.cjs.json)', () => {
  runTsc('tsconfig.build.cjs.json');
  // Without this file Node would read dist/cjs/*.js as ESM, because the package is "type": "module".
  mkdirSync(join(dist, 'cjs'), { recursive: true });
  writeFileSync(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
});

const bin = join(dist, 'esm', 'cli', 'main.js');
if (existsSync(bin)) {
  step(`made ${relative(root, bin)} executable`, () => chmodSync(bin, statSync(bin).mode | 0o111));
} else {
  // Not fatal while the CLI is being written; the package test fails on a missing bin.
  console.warn(`build: warning: ${relative(root, bin)} was not built (no src/cli/main.ts?)`);
}
