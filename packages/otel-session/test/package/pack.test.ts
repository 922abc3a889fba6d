// What users of the tool get: `npm pack` of the built library and tool, both tarballs installed into a
// fresh project, and the bin run there on a session file the installed library wrote. Under `npm run
// test:bun` (OTEL_SESSION_FILE_RUNTIME=bun) Bun runs the recording and the bin instead.
// Needs both dist/ folders (`npm run build` at the root) and the npm registry.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { childRuntime } from '../../../../test/crash/lib/childRuntime.js';
import { installScriptWarnings, packRepo, packTestSkip, sh, shFull, type PackResult, type ShOutput } from '../../../../test/package/lib/npm.js';

const toolDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const ALLOWED_FILE = /^(bin\/otel-session\.js|dist\/.+|package\.json|README\.md|LICENSE)$/;

const skip = existsSync(join(toolDir, 'dist')) ? packTestSkip() : 'packages/otel-session/dist is not built: run `npm run build` first';

const RECORD = `
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';
const provider = new TracerProvider({
  spanProcessors: [new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory: 'traces' }) })],
});
const root = provider.getTracer('pack-test').startSpan('invoke_agent', { attributes: { 'session.id': 'packed' } });
root.end();
await provider.shutdown();
`;

/** The checks that are about Node run on Node only; `npm run test:bun` runs the Bun one. */
const onNode = { skip: childRuntime === 'bun' ? 'OTEL_SESSION_FILE_RUNTIME=bun: the Node checks run in `npm run test:package`' : false };
const onBun = { skip: childRuntime === 'bun' ? false : 'runs in `npm run test:bun`' };

describe('the otel-session package', { skip, timeout: 600_000 }, () => {
  let work: string;
  let project: string;
  let packed: PackResult;
  let install: ShOutput;

  before(
    async () => {
      work = await mkdtemp(join(tmpdir(), 'otel-session-pack-'));
      const library = await packRepo(work);
      packed = await packRepo(work, toolDir);
      project = join(work, 'project');
      await mkdir(project);
      await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'pack-test', private: true, type: 'module' }, null, 2)}\n`);
      install = await shFull(
        'npm',
        [
          'install',
          join(work, library.filename),
          join(work, packed.filename),
          '@opentelemetry/api@1.9',
          '@opentelemetry/sdk-trace@2',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
        ],
        project,
      );
    },
    { timeout: 600_000 },
  );

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('contains only its bin, dist/, package.json, README.md and LICENSE', onNode, () => {
    const paths = packed.files.map((f) => f.path).sort();
    assert.deepEqual(
      paths.filter((p) => !ALLOWED_FILE.test(p)),
      [],
    );
    assert.ok(paths.includes('dist/main.js'));
    assert.ok(paths.includes('dist/viewer/viewer.js') && paths.includes('dist/viewer/viewer.css'), 'the bundled viewer');
    assert.ok(!paths.some((p) => p.endsWith('.tsbuildinfo')));
  });

  it('installs beside the library with one copy of it and no install-time script', onNode, async () => {
    assert.deepEqual(installScriptWarnings(install), []);
    const stdout = await sh('npm', ['ls', 'otel-session-file', '--all', '--parseable'], project);
    assert.equal(stdout.trim().split('\n').length, 1, stdout);
  });

  it('runs its bin through npx on a session the installed library wrote', onNode, async () => {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', 'otel-session', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    assert.deepEqual(Object.keys(manifest.bin), ['otel-session']);
    await writeFile(join(project, 'record.mjs'), RECORD);
    await sh(process.execPath, ['record.mjs'], project);
    const listed = await sh('npx', ['--no', '--', 'otel-session', 'ls', 'traces', '--json'], project);
    const sessions = JSON.parse(listed) as Array<{ session: { id: string; status: string } }>;
    assert.deepEqual(
      sessions.map(({ session: { id, status } }) => ({ id, status })),
      [{ id: 'packed', status: 'completed' }],
    );
    const valid = await sh('npx', ['--no', '--', 'otel-session', 'validate', join('traces', 'packed.json')], project);
    assert.match(valid, /valid/i);
    // The page carries the viewer the build bundled, inline: nothing is fetched, nothing read from source.
    await sh('npx', ['--no', '--', 'otel-session', 'html', 'packed', '--dir', 'traces', '-o', 'page.html'], project);
    const page = await readFile(join(project, 'page.html'), 'utf8');
    const bundled = await readFile(join(toolDir, 'dist', 'viewer', 'viewer.js'), 'utf8');
    assert.ok(page.includes(`<script>${bundled}</script>`));
  });

  it('runs its bin under Bun on a session that Bun recorded', onBun, async () => {
    await writeFile(join(project, 'record.mjs'), RECORD);
    await sh('bun', ['record.mjs'], project);
    const bin = join(project, 'node_modules', 'otel-session', 'bin', 'otel-session.js');
    const listed = await sh('bun', [bin, 'ls', 'traces', '--json'], project);
    const sessions = JSON.parse(listed) as Array<{ session: { id: string; status: string } }>;
    assert.deepEqual(
      sessions.map(({ session: { id, status } }) => ({ id, status })),
      [{ id: 'packed', status: 'completed' }],
    );
    const valid = await sh('bun', [bin, 'validate', join('traces', 'packed.json')], project);
    assert.match(valid, /valid/i);
  });
});
