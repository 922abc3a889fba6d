import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

/**
 * With default options, a secret planted in every field a session file can hold (span, event, link,
 * status, scope, resource, the summary's sources, the title, the error, a crash's error in the header and
 * in the history of segments, across a resume) appears nowhere in the file: the whole text is searched.
 */

after(removeTempDirs);

/** A secret as it is planted, and the part of it that must never be in the file. */
interface Secret {
  kind: string;
  planted: string;
  core: string;
}

const PEM_LINE = 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function secrets(noise: string): Secret[] {
  const core = (planted: string, kind: string, part = planted): Secret => ({ kind, planted, core: part });
  return [
    core(`sk-proj-${noise}${noise}`, 'openai'),
    core(`sk-ant-api03-${noise}${noise}${noise}AA`, 'anthropic'),
    core('AKIAIOSFODNN7EXAMPLE', 'aws'),
    core(`ghp_${noise.slice(0, 36).padEnd(36, 'x')}`, 'github'),
    core(`Bearer ${JWT}`, 'jwt bearer', JWT.split('.')[2]!),
    core(`-----BEGIN RSA PRIVATE KEY-----\n${PEM_LINE}\n-----END RSA PRIVATE KEY-----`, 'pem', PEM_LINE),
    core(`postgres://app:${noise}Pw@db.internal:5432/app`, 'password in url', `${noise}Pw`),
  ];
}

const noiseArbitrary = fc.stringMatching(/^[A-Za-z0-9]{40,48}$/);
const wrapArbitrary = fc.constantFrom(['', ''], ['see ', ' now'], ['"', '"'], ['x=', '\n']);

async function writeSession(secret: Secret, [before, afterText]: readonly [string, string]): Promise<string> {
  const text = `${before}${secret.planted}${afterText}`;
  const directory = await tempDir('otel-session-secrets-');
  const sessionId = 'ses_secret';
  const run = (end: (processor: SessionSpanProcessor, root: Span) => Promise<void>) => {
    const exporter = new SessionFileExporter({ directory });
    const processor = new SessionSpanProcessor({ exporter, exitHook: false });
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'agent', 'deployment.note': text, 'process.command_args': ['node', text] }),
      spanProcessors: [processor],
    });
    const tracer = provider.getTracer(`scope ${text}`, `1.0 ${text}`, { schemaUrl: `https://schema.example/${text}` });
    const root = tracer.startSpan(`root ${text}`, { attributes: { 'session.id': sessionId, 'session.title': `title ${text}` } });
    const parent = trace.setSpan(context.active(), root);
    const linked = tracer.startSpan('linked', {}, parent);
    const step = tracer.startSpan(`step ${text}`, { attributes: { note: text, list: ['ok', text] }, links: [{ context: linked.spanContext(), attributes: { why: text } }] }, parent);
    // The API has no way to give a scope attributes; instrumentations built on newer SDKs do.
    Object.defineProperty(step, 'instrumentationScope', {
      value: { name: `scope ${text}`, version: text, schemaUrl: `https://schema.example/${text}`, attributes: { origin: text } },
    });
    step.addEvent(`event ${text}`, { detail: text });
    step.setStatus({ code: SpanStatusCode.ERROR, message: `failed: ${text}` });
    step.end();
    linked.end();
    tracer.startSpan('tool', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': text } }, parent).end();
    tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': text } }, parent).end();
    return end(processor, root);
  };
  // First process: dies with the secret in its error; second: continues the session and ends it in error.
  await run(async (processor) => {
    await processor.forceFlush();
    processor.flushSync({ reason: 'uncaughtException', error: { name: `Error ${text}`, message: `boom ${text}`, stack: `Error: boom ${text}\n    at tool (${text})` } });
    // What the exit hook does after the crash record: the claim on the file goes.
    await processor.shutdown();
  });
  // The file as another process would have left it, so that the next run continues it as a new segment.
  const path = join(directory, `${sessionId}.json`);
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll(`"pid":${process.pid},`, '"pid":1,'));
  await run(async (processor, root) => {
    root.end();
    await processor.endSession(sessionId, { error: `gave up: ${text}` });
    await processor.shutdown();
  });
  return readFileSync(path, 'utf8');
}

describe('secrets in every field of a session file', () => {
  it('writes none of the planted secrets, in any field, across a crash and a resume', async () => {
    let files = 0;
    await fc.assert(
      fc.asyncProperty(noiseArbitrary, fc.nat(6), wrapArbitrary, async (noise, which, wrap) => {
        const secret = secrets(noise)[which]!;
        const file = await writeSession(secret, wrap);
        files++;
        const parsed = JSON.parse(file) as { session: { segments: unknown[]; summary: { toolCalls: object; models: string[] } } };
        assert.equal(parsed.session.segments.length, 2, 'both processes are in the history');
        assert.ok(!file.includes(secret.core), `${secret.kind} found in the file:\n${file}`);
      }),
      { numRuns: 35 },
    );
    assert.equal(files, 35);
  });
});
