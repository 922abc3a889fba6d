// What users get: `npm pack` of the built library, installed from the tarball into a fresh project, loaded
// with `import` and with `require`, and type-checked both ways. Under `npm run test:bun`
// (OTEL_SESSION_FILE_RUNTIME=bun) the same tarball is run by Bun instead: loaded both ways, and a session
// recorded and crashed. The tool's tarball has its own test (packages/otel-session/test/package).
// Needs dist/ (`npm run build`) and the npm registry.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { childRuntime } from '../crash/lib/childRuntime.js';
import { installScriptWarnings, packRepo, packTestSkip, sh, shFull, typeCheck, type PackResult, type ShOutput } from './lib/npm.js';

const PACKAGE = 'otel-session-file';

/** The public API as src/index.ts exports it: values (checked at run time and in types) and type-only names. */
const EXPECTED_EXPORTS = [
  'SessionFileExporter',
  'SessionSpanProcessor',
  'SPAN_STATE_ATTRIBUTE',
  'watchWorker',
  'headerOnlyText',
  'INPUT_TOKEN_ATTRIBUTES',
  'OUTPUT_TOKEN_ATTRIBUTES',
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
];

const skip = packTestSkip();

/** The checks that are about Node run on Node only; `npm run test:bun` runs the Bun ones. */
const onNode = { skip: childRuntime === 'bun' ? 'OTEL_SESSION_FILE_RUNTIME=bun: the Node checks run in `npm run test:package`' : false };
const onBun = { skip: childRuntime === 'bun' ? false : 'runs in `npm run test:bun`' };

describe('the npm package', { skip, timeout: 600_000 }, () => {
  let work: string;
  let project: string;
  let packed: PackResult;
  let install: ShOutput;

  before(
    async () => {
      work = await mkdtemp(join(tmpdir(), 'otel-session-file-pack-'));
      packed = await packRepo(work);

      project = join(work, 'project');
      await mkdir(project);
      await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'pack-test', private: true }, null, 2)}\n`);
      install = await shFull(
        'npm',
        ['install', join(work, packed.filename), '@opentelemetry/api@1.9', '@opentelemetry/sdk-trace@2', '--no-audit', '--no-fund', '--prefer-offline'],
        project,
      );
    },
    { timeout: 600_000 },
  );

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('contains only dist/, package.json, README.md, CHANGELOG.md and LICENSE', onNode, () => {
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

  it('exports the same names to import and to require', onNode, async () => {
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

  it('has types for import and for require', onNode, async () => {
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

  it('installs without an install-time script for the user to approve', onNode, () => {
    assert.deepEqual(installScriptWarnings(install), []);
  });

  it('has no bin: the command is the otel-session package', onNode, async () => {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as {
      bin?: unknown;
      scripts?: Record<string, string>;
    };
    assert.equal(manifest.bin, undefined);
    assert.deepEqual(Object.keys(manifest.scripts ?? {}).filter((name) => /install|prepare/.test(name)), []);
  });

  it('loads both ways under Bun and records a crash there', onBun, async () => {
    const names = JSON.stringify(EXPECTED_EXPORTS);
    await writeFile(
      join(project, 'bun-check.mjs'),
      `import * as lib from '${PACKAGE}';\n` +
        `import { createRequire } from 'node:module';\n` +
        `const cjs = createRequire(import.meta.url)('${PACKAGE}');\n` +
        `const missing = ${names}.filter((n) => lib[n] === undefined || cjs[n] === undefined);\n` +
        `console.log(JSON.stringify(missing));\n`,
    );
    assert.deepEqual(JSON.parse(await sh('bun', ['bun-check.mjs'], project)), []);

    const sessions = join(work, 'bun-sessions');
    await writeFile(
      join(project, 'bun-crash.mjs'),
      `import { TracerProvider } from '@opentelemetry/sdk-trace';\n` +
        `import { SessionFileExporter, SessionSpanProcessor } from '${PACKAGE}';\n` +
        `const processor = new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory: ${JSON.stringify(sessions)} }) });\n` +
        `const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('pack');\n` +
        `tracer.startSpan('open', { attributes: { 'session.id': 'bun-pack' } });\n` +
        `setTimeout(() => { throw new Error('packed under Bun'); }, 0);\n`,
    );
    await assert.rejects(sh('bun', ['bun-crash.mjs'], project), /packed under Bun/);
    const { session } = JSON.parse(await readFile(join(sessions, 'bun-pack.json'), 'utf8')) as {
      session: { status: string; crash?: { reason: string; error?: { message: string } } };
    };
    assert.equal(session.status, 'crashed');
    assert.equal(session.crash?.reason, 'uncaughtException');
    assert.equal(session.crash?.error?.message, 'packed under Bun');
  });
});
