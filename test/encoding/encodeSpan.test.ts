import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { encodeSpan, SPAN_STATE_ATTRIBUTE } from '../../src/encoding/encodeSpan.js';
import { EncodedSpans } from '../../src/session/EncodedSpans.js';

function recorder(resourceAttributes: Attributes = { 'service.name': 'test' }) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(resourceAttributes),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { provider, exporter };
}

function ourRequest(spans: readonly ReadableSpan[]): string {
  const encoded = new EncodedSpans();
  for (const span of spans) encoded.add({ ...encoded.envelopesOf(span), text: encodeSpan(span) });
  return `{"resourceSpans":${Buffer.concat(encoded.render()).toString()}}`;
}

function officialRequest(spans: ReadableSpan[]): string {
  return Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString();
}

describe('encodeSpan', () => {
  it('writes the same bytes as the official OTLP/JSON serializer for a rich trace', () => {
    const { provider, exporter } = recorder();
    const tracer = provider.getTracer('agent', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
    const other = provider.getTracer('tools');
    const remoteParent = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: new TraceState('vendor=value,other=1'),
    });
    const root = tracer.startSpan('turn "quoted" ✓ 🚀', { kind: SpanKind.SERVER, attributes: { 'session.id': 'ses_1' } }, remoteParent);
    const rootContext = trace.setSpan(context.active(), root);
    const llm = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 120,
        temperature: 0.25,
        streaming: false,
        stops: ['\n', '</s>'],
        scores: [1, 2.5, -3],
        flags: [true, false],
        'line\nbreak': 'tab\there \u2028 \u0000',
      },
      links: [{ context: root.spanContext(), attributes: { why: 'follows' } }],
    }, rootContext);
    llm.addEvent('chunk', { index: 1 });
    llm.addEvent('done');
    llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    llm.end();
    const tool = other.startSpan('tool read_file', { attributes: { 'gen_ai.tool.name': 'read_file' } }, rootContext);
    tool.setStatus({ code: SpanStatusCode.OK });
    tool.end();
    root.end();
    const spans = exporter.getFinishedSpans();
    assert.equal(ourRequest(spans), officialRequest(spans));
  });

  it('writes the same bytes as the official serializer for arbitrary attribute values', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer(),
      // Not NaN or infinities: the official serializer writes those as null, which is not valid OTLP.
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 4 }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', minLength: 1 }), value, { maxKeys: 8 }), fc.string({ unit: 'binary' }), (attributes, name) => {
        const { provider, exporter } = recorder();
        const span = provider.getTracer('prop').startSpan(name, { attributes });
        span.addEvent(name, attributes);
        span.setStatus({ code: SpanStatusCode.ERROR, message: name });
        span.end();
        const spans = exporter.getFinishedSpans();
        assert.equal(ourRequest(spans), officialRequest(spans));
      }),
      { numRuns: 300 },
    );
  });

  it('groups spans of several resources and scopes as the official serializer does', () => {
    const first = recorder({ 'service.name': 'a' });
    const second = recorder({ 'service.name': 'b', 'host.name': 'box' });
    const spans: ReadableSpan[] = [];
    for (const [index, { provider, exporter }] of [first, second, first].entries()) {
      for (const scope of ['x', 'y', 'x']) {
        provider.getTracer(scope).startSpan(`span ${index} ${scope}`).end();
      }
      spans.push(...exporter.getFinishedSpans().splice(0));
    }
    assert.equal(ourRequest(spans), officialRequest(spans));
  });

  it('marks a span that has not ended and writes the given end time and status', () => {
    const { provider } = recorder();
    const span = provider.getTracer('t').startSpan('still running', { attributes: { a: 1 } }) as unknown as ReadableSpan;
    const text = encodeSpan(span, undefined, {
      state: 'crashed',
      endTime: [4_000_000_000, 5],
      status: { code: SpanStatusCode.ERROR, message: 'session crashed' },
    });
    const parsed = JSON.parse(text);
    assert.equal(parsed.endTimeUnixNano, '4000000000000000005');
    assert.deepEqual(parsed.attributes.at(-1), { key: SPAN_STATE_ATTRIBUTE, value: { stringValue: 'crashed' } });
    assert.deepEqual(parsed.status, { code: 2, message: 'session crashed' });
  });

  it('writes NaN and infinities as the words proto3 JSON gives them, where the official serializer writes null', () => {
    const { provider, exporter } = recorder();
    provider.getTracer('t').startSpan('odd numbers', { attributes: { nan: Number.NaN, up: Infinity, down: [-Infinity] } }).end();
    const [span] = exporter.getFinishedSpans();
    assert.deepEqual(JSON.parse(encodeSpan(span!)).attributes, [
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'up', value: { doubleValue: 'Infinity' } },
      { key: 'down', value: { arrayValue: { values: [{ doubleValue: '-Infinity' }] } } },
    ]);
  });

  it('writes an end time before the start time as the start time', () => {
    const { provider } = recorder();
    const span = provider.getTracer('t').startSpan('backwards', { startTime: [1_800_000_000, 0] }) as unknown as ReadableSpan;
    const parsed = JSON.parse(encodeSpan(span, undefined, { state: 'open', endTime: [1_700_000_000, 0] }));
    assert.equal(parsed.endTimeUnixNano, parsed.startTimeUnixNano);
  });
});
