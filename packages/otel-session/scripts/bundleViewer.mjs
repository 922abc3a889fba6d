// The viewer's browser modules (viewer/) bundled into one script and one stylesheet, as strings for
// src/viewer/page.ts to inline. Used by scripts/build.mjs, which writes them into dist/viewer/, and by
// src/viewer/viewerAssets.ts when the tool runs from source.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const viewer = join(dirname(fileURLToPath(import.meta.url)), '..', 'viewer');

export async function bundleViewer() {
  const result = await build({
    entryPoints: [join(viewer, 'main.ts'), join(viewer, 'styles.css')],
    outdir: join(viewer, 'out'),
    bundle: true,
    write: false,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    // ASCII output: esbuild escapes other characters the way each language spells them (\u25CF in
    // JavaScript, \25cf in CSS), so the page's bytes do not depend on how a runtime encodes strings.
    charset: 'ascii',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = (ext) => result.outputFiles.find((file) => file.path.endsWith(ext)).text;
  const assets = { script: text('.js'), style: text('.css') };
  // Both are inlined into the page, where the HTML parser would end the element at either tag.
  for (const [name, code] of Object.entries(assets)) {
    if (/<\/(script|style)/i.test(code)) throw new Error(`bundleViewer: the viewer's ${name} contains a closing </script or </style tag`);
  }
  return assets;
}
