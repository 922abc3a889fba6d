#!/usr/bin/env node
// `npm run build`: the library's clean dist/ with two tsc builds of src/, no bundler, then the tool's
// build (packages/otel-session/scripts/build.mjs).
//   dist/esm  ESM, what `import` loads (tsconfig.build.json, which type-checks src/)
//   dist/cjs  CommonJS, what `require` loads (tsconfig.build.cjs.json), marked by its own package.json
// Both carry .d.ts, declaration maps and source maps. Runs from any working directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builder } from './lib/buildSteps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { step, runTsc } = builder('build', root);

await step('cleaned dist/', () => rmSync(dist, { recursive: true, force: true }));
await step('dist/esm (tsconfig.build.json)', () => runTsc('tsconfig.build.json'));
await step('dist/cjs (tsconfig.build.cjs.json)', () => {
  runTsc('tsconfig.build.cjs.json');
  // Without this file Node would read dist/cjs/*.js as ESM, because the package is "type": "module".
  mkdirSync(join(dist, 'cjs'), { recursive: true });
  writeFileSync(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
});

// The tool imports the library by its package name, so it builds once the library's dist/ is there.
const tool = spawnSync(process.execPath, [join(root, 'packages', 'otel-session', 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (tool.status !== 0) process.exit(tool.status || 1);
