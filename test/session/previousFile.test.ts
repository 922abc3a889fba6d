import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SPAN_STATE_ATTRIBUTE } from '../../src/encoding/encodeSpan.js';
import { EncodedSpans } from '../../src/session/EncodedSpans.js';
import { readPreviousSession, segmentOf } from '../../src/session/previousFile.js';
import { headerOf } from '../helpers/sessionSnapshot.js';

const stateAttribute = (state: string) => ({ key: SPAN_STATE_ATTRIBUTE, value: { stringValue: state } });

function span(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name, startTimeUnixNano: '1', endTimeUnixNano: '2', ...fields };
}

function fileOf(spans: unknown[], extra: Record<string, unknown> = {}): unknown {
  return {
    session: headerOf('ses_1'),
    resourceSpans: [{ resource: { attributes: [], droppedAttributesCount: 0 }, scopeSpans: [{ scope: { name: 'agent' }, spans }] }],
    ...extra,
  };
}

/** The spans of a previous session as they are written again, parsed. */
function spansOf(content: unknown): Array<Record<string, unknown>> {
  return readPreviousSession(content).spans.map((s) => JSON.parse(s.text) as Record<string, unknown>);
}

/** The `resourceSpans` a session renders after taking the file in. */
function renderedAgain(content: unknown): unknown {
  const encoded = new EncodedSpans();
  for (const s of readPreviousSession(content).spans) encoded.add(s);
  return JSON.parse(Buffer.concat(encoded.render()).toString());
}

describe('readPreviousSession', () => {
  const notSessionFiles: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'text'],
    ['an array', []],
    ['an OTLP request', { resourceSpans: [] }],
    ['a header without spans', { session: headerOf('ses_1') }],
    ['spans that are not an array', { session: headerOf('ses_1'), resourceSpans: {} }],
    ['a header without an id', { session: { ...headerOf('ses_1'), id: undefined }, resourceSpans: [] }],
    ['a numeric id', { session: { ...headerOf('ses_1'), id: 7 }, resourceSpans: [] }],
    ['a header without a status', { session: { ...headerOf('ses_1'), status: undefined }, resourceSpans: [] }],
    ['a null header', { session: null, resourceSpans: [] }],
  ];
  for (const [what, content] of notSessionFiles) {
    it(`throws for ${what}, which is not a session file`, () => {
      assert.throws(() => readPreviousSession(content), /not an otel-session-file session file/);
    });
  }

  it('returns the header and every span, marked as taken from an earlier file', () => {
    const content = fileOf([span('a'), span('b')]);
    const previous = readPreviousSession(content);

    assert.deepEqual(previous.header, headerOf('ses_1'));
    assert.deepEqual(previous.spans.map((s) => [s.earlier, s.unended]), [[true, false], [true, false]]);
    assert.deepEqual(spansOf(content), [span('a'), span('b')]);
  });

  it('closes a span that was still open as interrupted, with an ERROR status and the end time it was written with', () => {
    const open = span('open', { endTimeUnixNano: '99', attributes: [{ key: 'k', value: { intValue: '1' } }, stateAttribute('open')] });
    const previous = readPreviousSession(fileOf([open]));

    assert.equal(previous.spans[0]!.unended, true);
    const [closed] = spansOf(fileOf([open]));
    assert.deepEqual(closed!.attributes, [{ key: 'k', value: { intValue: '1' } }, stateAttribute('interrupted')]);
    assert.deepEqual(closed!.status, { code: 2, message: 'session interrupted: its process stopped before the span ended' });
    assert.equal(closed!.endTimeUnixNano, '99');
    assert.deepEqual((open.attributes as unknown[])[1], stateAttribute('open'), 'the parsed file is not changed');
  });

  it('writes a span of a crashed process as interrupted: the crash stays in that process\'s segment', () => {
    const crashed = span('crashed', { attributes: [stateAttribute('crashed')], status: { code: 2, message: 'session crashed: boom' } });
    const [closed] = spansOf(fileOf([crashed]));

    assert.deepEqual(closed!.attributes, [stateAttribute('interrupted')]);
    assert.equal((closed!.status as { message: string }).message, 'session interrupted: its process stopped before the span ended');
  });

  it('keeps a span already closed as interrupted as it was, and still counts it as unended', () => {
    const interrupted = span('interrupted', { attributes: [stateAttribute('interrupted')], status: { code: 2, message: 'earlier words' } });
    const previous = readPreviousSession(fileOf([interrupted]));

    assert.equal(previous.spans[0]!.text, JSON.stringify(interrupted));
    assert.equal(previous.spans[0]!.unended, true);
  });

  it('reads spans whose attributes are missing, not an array or hold null entries', () => {
    const odd = [span('none'), span('object', { attributes: {} }), span('nulls', { attributes: [null, stateAttribute('open')] })];
    const previous = readPreviousSession(fileOf(odd));

    assert.deepEqual(previous.spans.map((s) => s.unended), [false, false, true]);
  });

  it('gives groups without resource or scope an empty one, and reads groups without spans', () => {
    const content = {
      session: headerOf('ses_1'),
      resourceSpans: [{ scopeSpans: [{ spans: [span('a')] }, {}] }, {}],
    };
    assert.deepEqual(renderedAgain(content), [
      { resource: { attributes: [], droppedAttributesCount: 0 }, scopeSpans: [{ scope: { name: '' }, spans: [span('a')] }] },
    ]);
  });

  it('renders a file without unended spans back as it was, resource and scope schema URLs included', () => {
    const name = fc.string({ maxLength: 8 });
    const spanArb = fc.record({ name, extra: fc.record({ kind: fc.integer({ min: 0, max: 5 }), flags: fc.integer({ min: 0, max: 0xffffffff }), other: fc.jsonValue() }, { requiredKeys: [] }) }).map(({ name: n, extra }) => span(n, extra));
    const scopeArb = (index: number) =>
      fc.record({ spans: fc.array(spanArb, { minLength: 1, maxLength: 3 }), schemaUrl: fc.option(fc.constantFrom('https://example.com/1', 'https://example.com/2', 'x'), { nil: undefined }) }).map(({ spans, schemaUrl }) => ({
        scope: { name: `scope ${index}` },
        spans,
        ...(schemaUrl === undefined ? {} : { schemaUrl }),
      }));
    const resourceArb = (index: number) =>
      fc.tuple(fc.tuple(scopeArb(0), scopeArb(1)), fc.nat(1), fc.option(fc.constantFrom('https://example.com/1', 'https://example.com/2', 'x'), { nil: undefined })).map(([scopes, extraScopes, schemaUrl]) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `service ${index}` } }], droppedAttributesCount: 0 },
        scopeSpans: scopes.slice(0, 1 + extraScopes),
        ...(schemaUrl === undefined ? {} : { schemaUrl }),
      }));
    fc.assert(
      fc.property(fc.tuple(resourceArb(0), resourceArb(1)), fc.nat(1), ([r0, r1], extra) => {
        const resourceSpans = [r0, r1].slice(0, 1 + extra);
        const content = { session: headerOf('ses_1'), resourceSpans };
        assert.deepEqual(renderedAgain(content), JSON.parse(JSON.stringify(resourceSpans)));
      }),
      { numRuns: 50 },
    );
  });

  it('puts a span read back in the group of this process\'s spans of the same resource and scope', () => {
    const resource = { attributes: { 'service.name': 'agent' }, schemaUrl: 'https://example.com/r' };
    const scopeOfSpans = { name: 'agent', version: '1.0', attributes: { a: 1 }, schemaUrl: 'https://example.com/s' };
    const live = new EncodedSpans();
    const envelopes = { resource: live.resourceEnvelope(resource as never), scope: live.scopeEnvelope(scopeOfSpans) };
    live.add({ ...envelopes, text: JSON.stringify(span('earlier')) });
    const content = { session: headerOf('ses_1'), resourceSpans: JSON.parse(Buffer.concat(live.render()).toString()) as unknown };

    const [earlier] = readPreviousSession(content).spans;

    assert.equal(earlier!.resource.key, envelopes.resource.key);
    assert.equal(earlier!.scope.key, envelopes.scope.key);
    const resumed = new EncodedSpans();
    resumed.add(earlier!);
    resumed.add({ ...envelopes, text: JSON.stringify(span('own')) });
    assert.deepEqual(
      JSON.parse(Buffer.concat(resumed.render()).toString()),
      JSON.parse(Buffer.concat(live.render([{ ...envelopes, text: JSON.stringify(span('own')) }])).toString()),
    );
  });
});

describe('segmentOf', () => {
  const writer = { pid: 42, host: 'h', startTime: '2026-11-25T20:00:00.000Z' };

  it('records a session its process left running as interrupted, from its start to its last write', () => {
    const segment = segmentOf(headerOf('ses_1', { status: 'running', writer }));
    assert.deepEqual(segment, { startTime: '2026-11-25T20:38:55.123Z', endTime: '2026-11-25T20:39:01.456Z', status: 'interrupted', writer });
  });

  it('starts at the last segment of a session continued before, and keeps the crash', () => {
    const crash = { reason: 'uncaughtException' as const, error: { name: 'Error', message: 'boom' } };
    const header = headerOf('ses_1', {
      status: 'crashed',
      writer,
      crash: crash as never,
      segments: [
        { startTime: '2026-11-25T20:00:00.000Z', status: 'interrupted', writer },
        { startTime: '2026-11-25T20:30:00.000Z', status: 'crashed', writer },
      ],
    });
    const segment = segmentOf(header);
    assert.equal(segment.startTime, '2026-11-25T20:30:00.000Z');
    assert.equal(segment.status, 'crashed');
    assert.deepEqual(segment.crash, crash);
  });

  it('names an unknown writer when the file does not say who wrote it', () => {
    const segment = segmentOf(headerOf('ses_1', { status: 'completed' }));
    assert.equal(segment.status, 'completed');
    assert.deepEqual(segment.writer, { pid: 0, host: 'unknown', startTime: '2026-11-25T20:38:55.123Z' });
    assert.equal('crash' in segment, false);
  });
});
