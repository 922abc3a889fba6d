import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, describe, it } from 'node:test';
import { context, trace, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { removeTempDirs } from '../helpers/tempDir.js';
import { assertValidSessionFile, assertValidSessionFiles } from '../helpers/validateSessionFile.js';
import { childOf, pipeline, shutdownPipelines } from '../faults/pipeline.js';
import { encodeResourceEnvelope } from '../../src/encoding/encodeScope.js';

/**
 * What plain JavaScript hands the API through the real SDK, which stores it as given: names that are
 * not strings, kinds and status codes by name or made up, events without a name, attribute values the
 * SDK does not check. Each session file stays valid, and keeps every span.
 */

after(removeTempDirs);
afterEach(shutdownPipelines);

// The API's types are what plain JavaScript ignores: the casts say "whatever a caller passes".
type Anything = never;

interface StoredSpan {
  name: string;
  kind: number;
  status: { code: number; message?: string };
  events: Array<{ name: string }>;
  attributes: Array<{ key: string }>;
  links: unknown[];
  droppedAttributesCount: number;
}

async function sessionOf(write: (tracer: Tracer) => Span): Promise<{ header: { title?: string; spanCount: number }; spans: StoredSpan[] }> {
  const { tracer, processor, exporter, directory } = await pipeline();
  const root = write(tracer);
  root.end();
  await processor.forceFlush();
  const text = readFileSync(exporter.pathFor('ses_js'), 'utf8');
  assertValidSessionFile(text);
  assert.equal(assertValidSessionFiles(directory), 1);
  const file = JSON.parse(text) as { session: { title?: string; spanCount: number }; resourceSpans: Array<{ scopeSpans: Array<{ spans: StoredSpan[] }> }> };
  const spans = file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  return { header: file.session, spans: spans.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

const inSession = { attributes: { 'session.id': 'ses_js' } };

describe('session files of what plain JavaScript passes to the API', () => {
  it('writes an undefined span name, renamed to undefined, as an empty name', async () => {
    const { spans } = await sessionOf((tracer) => {
      const root = tracer.startSpan(undefined as Anything, inSession);
      childOf(tracer, 'renamed', root).updateName(undefined as Anything);
      root.end();
      return root;
    });
    assert.deepEqual(spans.map((span) => span.name), ['', '']);
  });

  it('reads a kind given by name, and writes an unknown kind as unspecified', async () => {
    const { spans } = await sessionOf((tracer) => {
      const root = tracer.startSpan('root', { ...inSession, kind: 'server' as Anything });
      tracer.startSpan('sideways', { kind: 'sideways' as Anything }, trace.setSpan(context.active(), root)).end();
      tracer.startSpan('seven', { kind: 7 as Anything }, trace.setSpan(context.active(), root)).end();
      return root;
    });
    assert.deepEqual(spans.map((span) => [span.name, span.kind]), [['root', 2], ['seven', 0], ['sideways', 0]]);
  });

  it('writes a made-up status code as unset and a status code given by name as that code', async () => {
    const { spans } = await sessionOf((tracer) => {
      const root = tracer.startSpan('root', inSession);
      childOf(tracer, 'bad', root).setStatus({ code: 'bad' as Anything, message: 42 as Anything }).end();
      childOf(tracer, 'named', root).setStatus({ code: 'ERROR' as Anything }).end();
      return root;
    });
    assert.deepEqual(
      spans.map((span) => span.status.code),
      [0, 2, 0],
    );
  });

  it('writes an event without a name with an empty name', async () => {
    const { spans } = await sessionOf((tracer) => {
      const root = tracer.startSpan('root', inSession);
      root.addEvent(undefined as Anything);
      root.addEvent(null as Anything, { n: 1 });
      return root;
    });
    assert.deepEqual(spans[0]!.events.map((event) => event.name), ['', '']);
  });

  it('writes a file for a root named by a Symbol or by an object whose toString throws', async () => {
    for (const name of [Symbol('agent'), { toString: () => { throw new Error('no name'); } }]) {
      const { header, spans } = await sessionOf((tracer) => tracer.startSpan(name as Anything, inSession));
      assert.equal(spans.length, 1);
      assert.equal(typeof header.title, 'string');
      await shutdownPipelines();
    }
  });

  it('leaves out only the resource attribute whose value is circular, and counts it; writes a BigInt as an integer', () => {
    // SDK 2's resourceFromAttributes stores values as given; SDK 3's drops what it cannot encode. The
    // encoder is held to the worst case directly, so that both lines test the same thing.
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const resource = { attributes: { circular, big: 12n, 'service.name': 'js' } } as unknown as Parameters<typeof encodeResourceEnvelope>[0];
    const { key } = encodeResourceEnvelope(resource);
    const encoded = JSON.parse(key) as { attributes: unknown[]; droppedAttributesCount: number };
    assert.deepEqual(encoded.attributes, [
      { key: 'big', value: { intValue: '12' } },
      { key: 'service.name', value: { stringValue: 'js' } },
    ]);
    assert.equal(encoded.droppedAttributesCount, 1);
  });

  it('writes a valid file for a resource holding values the SDK does not check', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { directory, processor } = await pipeline();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ circular: circular as Anything, big: 12n as Anything, 'service.name': 'js' }),
      spanProcessors: [processor],
    });
    provider.getTracer('js').startSpan('root', inSession).end();
    await processor.forceFlush();
    assertValidSessionFiles(directory);
  });
});
