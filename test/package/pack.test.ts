// What users get: `npm pack` of the built package, installed from the tarball into a fresh project, loaded
// with `import` and with `require`, type-checked both ways, and its bin run through npx.
// Needs dist/ (`npm run build`) and the npm registry (for the package's dependencies).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packRepo, packTestSkip, sh, typeCheck, type PackResult } from './lib/npm.js';

const PACKAGE = 'otel-session-file';

/** The public API as src/index.ts exports it: values (checked at run time and in types) and type-only names. */
const EXPECTED_EXPORTS = [
  'SessionFileExporter',
  'SessionSpanProcessor',
  'SPAN_STATE_ATTRIBUTE',
  'createRedactor',
  'DEFAULT_REDACT_KEYS',
  'DEFAULT_REDACT_PATTERNS',
];
const EXPECTED_TYPES = [
  'SessionSpanProcessorOptions',
  'SessionProcessorExporter',
  'SessionFileExporterOptions',
  'SessionExporter',
  'SessionSnapshot',
  'CrashCause',
  'SessionHeader',
  'SessionSegment',
  'SessionStatus',
  'SessionSummary',
  'SessionWriter',
  'SpanRedactor',
  'UnendedSpanState',
  'RedactSetting',
  'RedactOptions',
  'RedactPattern',
];

/** Everything else in the tarball is a packaging mistake (src/, test/, bench/, maps of nothing...). */
const ALLOWED_FILE = /^(dist\/.+|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
const REQUIRED_FILES = [
  'package.json',
  'CHANGELOG.md',
  'LICENSE',
  'dist/esm/index.js',
  'dist/esm/index.d.ts',
  'dist/cjs/index.js',
  'dist/cjs/index.d.ts',
  'dist/cjs/package.json',
  'dist/esm/cli/main.js',
];

describe('the npm package', { skip: packTestSkip(), timeout: 600_000 }, () => {
  let work: string;
  let project: string;
  let packed: PackResult;

  before(
    async () => {
      work = await mkdtemp(join(tmpdir(), 'otel-session-file-pack-'));
      packed = await packRepo(work);

      project = join(work, 'project');
      await mkdir(project);
      await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'pack-test', private: true }, null, 2)}\n`);
      await sh(
        'npm',
        ['install', join(work, packed.filename), '@opentelemetry/api@1.9', '--no-audit', '--no-fund', '--prefer-offline'],
        project,
      );
    },
    { timeout: 600_000 },
  );

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('contains only dist/, package.json, README.md, CHANGELOG.md and LICENSE', () => {
    const paths = packed.files.map((f) => f.path).sort();
    assert.deepEqual(
      paths.filter((p) => !ALLOWED_FILE.test(p)),
      [],
    );
    assert.deepEqual(
      REQUIRED_FILES.filter((p) => !paths.includes(p)),
      [],
    );
    assert.ok(!paths.some((p) => p.endsWith('.tsbuildinfo')));
  });

  it('exports the same names to import and to require', async () => {
    const names = JSON.stringify(EXPECTED_EXPORTS);
    // Each prints its export names, after checking the expected ones are there, so the two can be compared.
    await writeFile(
      join(project, 'check.mjs'),
      `import * as lib from '${PACKAGE}';\n` +
        `const missing = ${names}.filter((n) => lib[n] === undefined);\n` +
        `if (missing.length) { console.error('import: missing ' + missing.join(', ')); process.exit(1); }\n` +
        `console.log(JSON.stringify(Object.keys(lib).filter((k) => k !== 'default').sort()));\n`,
    );
    await writeFile(
      join(project, 'check.cjs'),
      `const lib = require('${PACKAGE}');\n` +
        `const missing = ${names}.filter((n) => lib[n] === undefined);\n` +
        `if (missing.length) { console.error('require: missing ' + missing.join(', ')); process.exit(1); }\n` +
        `if (!require.resolve('${PACKAGE}').includes('/dist/cjs/')) { console.error('require did not load dist/cjs'); process.exit(1); }\n` +
        `console.log(JSON.stringify(Object.keys(lib).filter((k) => k !== '__esModule').sort()));\n`,
    );
    const esm = JSON.parse(await sh(process.execPath, ['check.mjs'], project)) as string[];
    const cjs = JSON.parse(await sh(process.execPath, ['check.cjs'], project)) as string[];
    assert.deepEqual(cjs, esm);
    // Exactly the listed names: a new public export is a decision, recorded here and in CHANGELOG.md.
    assert.deepEqual(esm, [...EXPECTED_EXPORTS].sort());
  });

  it('has types for import and for require', async () => {
    // Re-exporting each name fails to compile if the package's declarations lack it.
    const source =
      `export { ${EXPECTED_EXPORTS.join(', ')} } from '${PACKAGE}';\n` +
      `export type { ${EXPECTED_TYPES.join(', ')} } from '${PACKAGE}';\n`;
    await writeFile(join(project, 'types-esm.mts'), source);
    await writeFile(join(project, 'types-cjs.cts'), source);
    const trace = await typeCheck(project, ['types-esm.mts', 'types-cjs.cts']);
    // Types come from the condition's own folder: dist/esm for import, dist/cjs for require.
    assert.match(trace, /'otel-session-file' was successfully resolved to '[^']*\/dist\/esm\/index\.d\.ts'/);
    assert.match(trace, /'otel-session-file' was successfully resolved to '[^']*\/dist\/cjs\/index\.d\.ts'/);
  });

  it('runs its bin through npx', async () => {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    assert.deepEqual(Object.keys(manifest.bin), ['otel-session']);
    const help = await sh('npx', ['--no', '--', 'otel-session', '--help'], project);
    assert.match(help, /otel-session/);
    assert.match(help, /usage/i);
  });
});
