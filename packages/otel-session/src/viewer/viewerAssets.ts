import { readFile } from 'node:fs/promises';

/**
 * The viewer's script and stylesheet: the typed browser modules in viewer/, bundled by esbuild
 * (scripts/bundleViewer.mjs). The build writes the bundle next to this module's compiled file
 * (dist/viewer/viewer.js and viewer.css), which is what the published tool reads. Run from source
 * (`node --import tsx src/main.ts`, as the tests do) there is no bundle beside this file, so the
 * sources are bundled on first use instead: a page made in development always shows the current
 * viewer, no generated file sits in src/ to go stale, and esbuild stays a devDependency.
 */

export interface ViewerAssets {
  script: string;
  style: string;
}

let assets: Promise<ViewerAssets> | undefined;

async function load(): Promise<ViewerAssets> {
  if (import.meta.url.endsWith('.ts')) {
    const bundler = new URL('../../scripts/bundleViewer.mjs', import.meta.url).href;
    const { bundleViewer } = (await import(bundler)) as typeof import('../../scripts/bundleViewer.mjs');
    return bundleViewer();
  }
  const [script, style] = await Promise.all([readFile(new URL('./viewer.js', import.meta.url), 'utf8'), readFile(new URL('./viewer.css', import.meta.url), 'utf8')]);
  return { script, style };
}

/** Read (or, from source, bundled) once per process. */
export function viewerAssets(): Promise<ViewerAssets> {
  assets ??= load();
  return assets;
}
