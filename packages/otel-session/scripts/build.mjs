#!/usr/bin/env node
// `npm run build` in packages/otel-session (the root's build runs it after the library's): a clean dist/
// with the tool's ESM build, the viewer's browser modules bundled into dist/viewer/viewer.{js,css} (which
// src/viewer/viewerAssets.ts reads), and the bin made executable. The library must be built first: the tool
// imports it by its package name, as users install it.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleViewer } from './bundleViewer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');

function step(label, fn) {
  const started = performance.now();
  fn();
  console.log(`build otel-session: ${label} (${Math.round(performance.now() - started)} ms)`);
}

step('cleaned dist/', () => rmSync(dist, { recursive: true, force: true }));
step('dist (tsconfig.build.json)', () => {
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build otel-session: tsc -p tsconfig.build.json failed${result.signal ? ` (${result.signal})` : ''}`);
    process.exit(result.status || 1);
  }
});
const started = performance.now();
const assets = await bundleViewer();
writeFileSync(join(dist, 'viewer', 'viewer.js'), assets.script);
writeFileSync(join(dist, 'viewer', 'viewer.css'), assets.style);
console.log(`build otel-session: dist/viewer/viewer.js and viewer.css (${Math.round(performance.now() - started)} ms)`);
const bin = join(dist, 'main.js');
step('made dist/main.js executable', () => chmodSync(bin, statSync(bin).mode | 0o111));
