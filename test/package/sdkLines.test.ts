// The tarball on each OpenTelemetry JS SDK line, as a new user meets it: an application that already has
// NodeSDK and the HTTP instrumentation of its line, then a plain `npm install` of the tarball (no
// --legacy-peer-deps), then a session recorded with an HTTP call. SDK 3 at the versions `npm run test:sdk3`
// runs, on Node 24 (it wants Node >= 22.15); SDK 2 at the versions of the repo's devDependencies.
// Needs dist/ (`npm run build`) and the npm registry.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureNode24 } from '../../scripts/lib/node24.mjs';
import { SDK3_PACKAGES } from '../../scripts/lib/sdk3Packages.mjs';
import { npmEnv, packRepo, packTestSkip, repo, sh, shFull, typeCheck } from './lib/npm.js';

const PACKAGE = 'otel-session-file';
const SESSION = 'pack-session';

interface Line {
  name: string;
  /** What the application has before it installs the tarball. */
  dependencies: Record<string, string>;
  /** The file that records the session: ESM on one line and CommonJS on the other, to cover both entries. */
  app: { file: string; source: string };
  /** Compiles only if the processor and exporters fit the line's own provider and exporter types. */
  types: string;
  needsNode24: boolean;
}

function devVersion(name: string): string {
  const manifest = join(repo, 'node_modules', ...name.split('/'), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

const appBody = (load: (name: string) => string) => `
${load('api')}
${load('instrumentation-http')}
${load('sdk-node')}
${load('lib')}
const directory = process.argv[2];
const exporter = new SessionFileExporter({ directory });
const sdk = new NodeSDK({
  serviceName: 'pack-app',
  spanProcessors: [new SessionSpanProcessor({ exporter })],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();
// After start: the instrumentation patches node:http as it is loaded.
const http = require('node:http');
(async () => {
  const server = http.createServer((request, response) => response.end('{"ok":true}'));
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = 'http://127.0.0.1:' + server.address().port + '/v1/chat';
  const tracer = trace.getTracer('pack-app');
  await tracer.startActiveSpan('turn', { attributes: { 'session.id': '${SESSION}' } }, async (span) => {
    await new Promise((resolve, reject) => http.get(url, (response) => response.resume().on('end', resolve)).on('error', reject));
    span.end();
  });
  server.close();
  await sdk.shutdown();
  console.log(exporter.pathFor('${SESSION}'));
})();
`;

const ESM_IMPORTS: Record<string, string> = {
  api: `import { createRequire } from 'node:module';\nimport { trace } from '@opentelemetry/api';\nconst require = createRequire(import.meta.url);`,
  'instrumentation-http': `import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';`,
  'sdk-node': `import { NodeSDK } from '@opentelemetry/sdk-node';`,
  lib: `import { SessionFileExporter, SessionSpanProcessor } from '${PACKAGE}';`,
};
const CJS_REQUIRES: Record<string, string> = {
  api: `const { trace } = require('@opentelemetry/api');`,
  'instrumentation-http': `const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');`,
  'sdk-node': `const { NodeSDK } = require('@opentelemetry/sdk-node');`,
  lib: `const { SessionFileExporter, SessionSpanProcessor } = require('${PACKAGE}');`,
};

const LINES: Line[] = [
  {
    name: 'SDK 3',
    dependencies: {
      '@opentelemetry/api': SDK3_PACKAGES['@opentelemetry/api']!,
      '@opentelemetry/sdk-node': SDK3_PACKAGES['@opentelemetry/sdk-node']!,
      '@opentelemetry/instrumentation-http': SDK3_PACKAGES['@opentelemetry/instrumentation-http']!,
    },
    app: { file: 'app.mjs', source: appBody((name) => ESM_IMPORTS[name]!) },
    types:
      `import { InMemorySpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';\n` +
      `import { SessionFileExporter, SessionSpanProcessor } from '${PACKAGE}';\n` +
      `const processor = new SessionSpanProcessor({ exporters: [new SessionFileExporter(), new InMemorySpanExporter()] });\n` +
      `export const provider = new TracerProvider({ spanProcessors: [processor] });\n`,
    needsNode24: true,
  },
  {
    name: 'SDK 2',
    dependencies: {
      '@opentelemetry/api': devVersion('@opentelemetry/api'),
      '@opentelemetry/sdk-node': devVersion('@opentelemetry/sdk-node'),
      '@opentelemetry/instrumentation-http': devVersion('@opentelemetry/instrumentation-http'),
    },
    app: { file: 'app.cjs', source: appBody((name) => CJS_REQUIRES[name]!) },
    types:
      `import { BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';\n` +
      `import { SessionFileExporter, SessionSpanProcessor } from '${PACKAGE}';\n` +
      `const processor = new SessionSpanProcessor({ exporters: [new SessionFileExporter(), new InMemorySpanExporter()] });\n` +
      `export const provider = new BasicTracerProvider({ spanProcessors: [processor] });\n`,
    needsNode24: false,
  },
];

interface InstalledPackage {
  name: string;
  version: string;
  path: string;
}

/** Every installed package, as `npm ls --all` sees it (the project itself left out). */
async function installedPackages(project: string, env: NodeJS.ProcessEnv): Promise<InstalledPackage[]> {
  const out = await sh('npm', ['ls', '--all', '--parseable', '--long'], project, env);
  return out
    .split('\n')
    .filter((line) => line.startsWith(`${project}/node_modules/`))
    .map((line) => {
      const [path, id] = line.split(':') as [string, string];
      const at = id.lastIndexOf('@');
      return { name: id.slice(0, at), version: id.slice(at + 1), path };
    });
}

const otel = (packages: InstalledPackage[]) =>
  packages
    .filter((p) => p.name.startsWith('@opentelemetry/'))
    .map((p) => `${p.name}@${p.version} ${p.path}`)
    .sort();

interface SessionFile {
  session: { status: string };
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: Array<{ name: string; kind: number }> }>;
  }>;
}

describe('the tarball on each OpenTelemetry SDK line', { skip: packTestSkip(), timeout: 900_000 }, () => {
  let work: string;
  let tarball: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'otel-session-file-lines-'));
    tarball = join(work, (await packRepo(work)).filename);
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const line of LINES) {
    describe(line.name, () => {
      let project: string;
      let env: NodeJS.ProcessEnv;
      let node: string;
      let before_: InstalledPackage[];
      let after_: InstalledPackage[];
      let installOutput: string;

      before(
        async () => {
          if (line.needsNode24) {
            const node24 = ensureNode24('package test');
            node = node24.node;
            // npm runs on the first node on PATH: it then checks engines against the Node that runs the app.
            env = npmEnv({ PATH: `${node24.binDir}${delimiter}${process.env.PATH ?? ''}` });
          } else {
            node = process.execPath;
            env = npmEnv();
          }
          project = join(work, line.name.replace(' ', '').toLowerCase());
          await mkdir(project);
          const manifest = { name: `app-${line.name.replace(' ', '').toLowerCase()}`, private: true, dependencies: line.dependencies };
          await writeFile(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
          await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project, env);
          before_ = await installedPackages(project, env);
          const install = await shFull('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project, env);
          installOutput = install.stdout + install.stderr;
          after_ = await installedPackages(project, env);
        },
        { timeout: 600_000 },
      );

      it('installs with a plain npm install and adds no @opentelemetry package of its own', (t) => {
        assert.deepEqual(otel(after_), otel(before_));
        assert.deepEqual(
          after_.filter((p) => p.name === '@opentelemetry/api').map((p) => p.version),
          [line.dependencies['@opentelemetry/api']],
        );
        // The peer resolves to the application's own core: nothing is nested under the package.
        assert.ok(!after_.some((p) => p.path.startsWith(join(project, 'node_modules', PACKAGE, 'node_modules'))));
        if (line.name === 'SDK 3') assert.ok(!after_.some((p) => p.name.startsWith('@opentelemetry/sdk-trace-')));
        const added = after_.filter((p) => !before_.some((b) => b.path === p.path)).map((p) => p.name).sort();
        const cores = [...new Set(after_.filter((p) => p.name === '@opentelemetry/core').map((p) => p.version))];
        t.diagnostic(`${line.name}: ${after_.length} packages (${added.length} added: ${added.join(', ')}); core ${cores.join(', ')}`);
      });

      it('asks for no install script of its own', () => {
        const ours = installOutput.split('\n').filter((l) => l.includes(`${PACKAGE}@`) && l.includes('install-scripts'));
        assert.deepEqual(ours, []);
      });

      it('records a session with an HTTP call through NodeSDK and the HTTP instrumentation', async () => {
        await writeFile(join(project, line.app.file), line.app.source);
        const directory = join(project, 'traces');
        // NodeSDK exports metrics over OTLP by default; with no collector its shutdown waits seconds for retries.
        const appEnv = { ...env, OTEL_METRICS_EXPORTER: 'none' };
        const path = (await sh(node, [line.app.file, directory], project, appEnv)).trim();
        assert.equal(path, join(directory, `${SESSION}.json`));
        const file = JSON.parse(await readFile(path, 'utf8')) as SessionFile;
        assert.equal(file.session.status, 'completed');
        // The in-process server's span has a remote parent in the session's trace, so it joins the session.
        const spans = file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
        assert.deepEqual(spans.map((span) => `${span.name} ${span.kind}`).sort(), ['GET 2', 'GET 3', 'turn 1']);
        // The spans came from this line's SDK: its core version is the resource's telemetry.sdk.version.
        const sdkVersion = file.resourceSpans[0]?.resource.attributes.find((a) => a.key === 'telemetry.sdk.version')?.value.stringValue;
        const core = after_.find((p) => p.path === join(project, 'node_modules', '@opentelemetry', 'core'));
        assert.equal(sdkVersion, core?.version);
      });

      it("type-checks the processor and a standard exporter in the line's own provider", async () => {
        await writeFile(join(project, 'types.mts'), line.types);
        const trace = await typeCheck(project, ['types.mts'], node, env);
        // Every package our declarations import resolves (skipLibCheck would let an unresolved one pass as
        // any); Node's built-ins are ambient modules of @types/node, which the trace never reports as resolved.
        const ours = trace
          .split('======== Resolving module ')
          .filter((block) => /^'(?!node:)[^']+' from '[^']*\/node_modules\/otel-session-file\//.test(block));
        assert.ok(ours.some((block) => block.startsWith("'@opentelemetry/core'")));
        assert.deepEqual(
          ours.filter((block) => !block.includes('was successfully resolved')).map((block) => block.split('\n')[0]),
          [],
        );
      });
    });
  }
});
