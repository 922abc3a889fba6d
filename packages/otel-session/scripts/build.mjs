#!/usr/bin/env node
// `npm run build` in packages/otel-session (the root's build runs it after the library's): a clean dist/
// with the tool's ESM build, the viewer's browser modules bundled into dist/viewer/viewer.{js,css} (which
// src/viewer/viewerAssets.ts reads), and the bin made executable. The library must be built first: the tool
// imports it by its package name, as users install it.
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builder } from '../../../scripts/lib/buildSteps.mjs';
import { bundleViewer } from './bundleViewer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const { step, runTsc } = builder('build otel-session', root);

await step('cleaned dist/', () => rmSync(dist, { recursive: true, force: true }));
await step('dist (tsconfig.build.json)', () => runTsc('tsconfig.build.json'));
await step('dist/viewer/viewer.js and viewer.css', async () => {
  const assets = await bundleViewer();
  writeFileSync(join(dist, 'viewer', 'viewer.js'), assets.script);
  writeFileSync(join(dist, 'viewer', 'viewer.css'), assets.style);
});
const bin = join(dist, 'main.js');
await step('made dist/main.js executable', () => chmodSync(bin, statSync(bin).mode | 0o111));
