import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanStatusCode, TraceFlags, context, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import type { SessionSummary } from '../../src/session/SessionHeader.js';
import { MAX_SUMMARY_MODELS, MAX_SUMMARY_TOOLS, OTHER_TOOLS, SummaryBuilder, UNNAMED_TOOL } from '../../src/session/SummaryBuilder.js';

const T0 = Date.UTC(2026, 0, 1);

/** Records spans with a real SDK provider; times are milliseconds after {@link T0}. */
class Recorder {
  private readonly exporter = new InMemorySpanExporter();
  private readonly provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: this.exporter })] });
  private readonly tracer = this.provider.getTracer('agent');

  start(name: string, attributes: Attributes, at = 0, parent?: Span | Context): Span {
    const parentContext = parent === undefined ? context.active() : 'spanContext' in parent ? trace.setSpan(context.active(), parent) : parent;
    return this.tracer.startSpan(name, { attributes, startTime: T0 + at }, parentContext);
  }

  /** A child that ends at once, with an optional error status. */
  call(parent: Span, name: string, attributes: Attributes, error?: string): void {
    const span = this.start(name, attributes, 0, parent);
    if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(T0 + 1);
  }

  finished(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }
}

function summarize(spans: readonly ReadableSpan[], builder = new SummaryBuilder()): SessionSummary {
  for (const span of spans) builder.add(span);
  return builder.summary();
}

function assertFinite(summary: SessionSummary): void {
  const numbers = [
    summary.durationMs, summary.spans, summary.errors, summary.llmCalls,
    ...Object.values(summary.tokens), ...Object.values(summary.toolCalls), ...(summary.cost === undefined ? [] : [summary.cost]),
  ];
  for (const value of numbers) assert.ok(Number.isFinite(value) && value >= 0, `not a finite count: ${value}`);
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
}

/** A coding agent traced in the OpenTelemetry GenAI conventions, current and older names mixed. */
function genAiSession(): ReadableSpan[] {
  const r = new Recorder();
  const turn1 = r.start('invoke_agent coder', {
    'session.id': 'ses_1',
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'coder',
    // The agent span names its model and repeats its calls' usage: neither may be counted again.
    'gen_ai.request.model': 'claude-sonnet-4',
    'gen_ai.usage.input_tokens': 1600,
    'gen_ai.usage.output_tokens': 300,
  });
  r.call(turn1, 'chat claude-sonnet-4', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'claude-sonnet-4',
    'gen_ai.response.model': 'claude-sonnet-4-20250514',
    'gen_ai.usage.input_tokens': 1000,
    'gen_ai.usage.output_tokens': 200,
    'gen_ai.usage.cache_read.input_tokens': 800,
    'gen_ai.usage.cache_creation.input_tokens': 150,
  });
  r.call(turn1, 'execute_tool read_file', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'read_file' });
  r.call(turn1, 'execute_tool read_file', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'read_file' });
  r.call(turn1, 'chat claude-sonnet-4', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'claude-sonnet-4',
    'gen_ai.response.model': 'claude-sonnet-4-20250514',
    'gen_ai.usage.input_tokens': 600,
    'gen_ai.usage.output_tokens': 100,
    'gen_ai.usage.cache_read.input_tokens': 900,
  });
  turn1.end(T0 + 4000);

  const turn2 = r.start('invoke_agent coder', { 'session.id': 'ses_1', 'gen_ai.operation.name': 'invoke_agent' }, 10_000);
  r.call(turn2, 'chat claude-sonnet-4', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-sonnet-4' }, 'rate limited');
  r.call(turn2, 'embeddings text-embedding-3-small', {
    'gen_ai.operation.name': 'embeddings',
    'gen_ai.request.model': 'text-embedding-3-small',
    'gen_ai.usage.input_tokens': 50,
  });
  r.call(turn2, 'run_tests', { 'gen_ai.tool.name': 'run_tests' }, 'exit code 1');
  r.call(turn2, 'chat gpt-4o-mini', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.prompt_tokens': 300,
    'gen_ai.usage.completion_tokens': 40,
    'gen_ai.usage.cache_read_input_tokens': 100,
  });
  turn2.end(T0 + 12_500);
  return r.finished();
}

/** An agent traced in the OpenInference conventions. */
function openInferenceSession(): ReadableSpan[] {
  const r = new Recorder();
  const agent = r.start('agent', { 'session.id': 'ses_2', 'openinference.span.kind': 'AGENT', 'llm.cost.total': 1 });
  r.call(agent, 'ChatCompletion', {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o',
    'llm.token_count.prompt': 500,
    'llm.token_count.completion': 120,
    'llm.token_count.total': 620,
    'llm.token_count.prompt_details.cache_read': 200,
    'llm.cost.total': 0.0025,
  });
  r.call(agent, 'search_web', { 'openinference.span.kind': 'TOOL', 'tool.name': 'search_web' });
  r.call(agent, 'search_web', { 'openinference.span.kind': 'TOOL', 'tool.name': 'search_web' });
  r.call(agent, 'tool', { 'openinference.span.kind': 'TOOL' });
  r.call(agent, 'retrieve', { 'openinference.span.kind': 'RETRIEVER' });
  r.call(agent, 'ChatCompletion', {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o',
    'llm.token_count.prompt': 900,
    'llm.token_count.completion': 80,
    // Reasoning tokens make the given total larger than prompt + completion; the given total wins.
    'llm.token_count.total': 990,
    'llm.token_count.prompt_details.cache_write': 300,
    'llm.cost.total': 0.004,
  });
  r.call(agent, 'ChatCompletion', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini' }, 'context length exceeded');
  agent.end(T0 + 3000);
  return r.finished();
}

describe('SummaryBuilder', () => {
  it('summarizes an agent session traced in the GenAI conventions, current and older names', () => {
    assert.deepEqual(summarize(genAiSession()), {
      durationMs: 6500,
      spans: 10,
      errors: 2,
      llmCalls: 4,
      toolCalls: { read_file: 2, run_tests: 1 },
      tokens: { input: 1950, output: 340, cacheRead: 1800, cacheCreation: 150, total: 2290 },
      models: ['claude-sonnet-4-20250514', 'claude-sonnet-4', 'gpt-4o-mini'],
    });
  });

  it('summarizes an agent session traced in the OpenInference conventions', () => {
    const { cost, ...rest } = summarize(openInferenceSession());
    assert.deepEqual(rest, {
      durationMs: 3000,
      spans: 8,
      errors: 1,
      llmCalls: 3,
      toolCalls: { search_web: 2, [UNNAMED_TOOL]: 1 },
      tokens: { input: 1400, output: 200, cacheRead: 200, cacheCreation: 300, total: 1610 },
      models: ['gpt-4o', 'gpt-4o-mini'],
    });
    assert.ok(Math.abs(cost! - 0.0065) < 1e-12, `cost ${cost}`);
  });

  it('summarizes a Vercel AI SDK tool loop from its ai.* attributes (ai 6), counting usage once', () => {
    const r = new Recorder();
    const root = r.start('ai.generateText', { 'ai.operationId': 'ai.generateText', 'ai.model.id': 'mock-model' });
    // A model call carries its usage as ai.usage.* and, for input and output, as gen_ai.usage.* too.
    const step = (input: number, output: number, cacheRead: number) => ({
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'mock-model',
      'ai.usage.inputTokens': input,
      'ai.usage.outputTokens': output,
      'ai.usage.totalTokens': input + output,
      'ai.usage.inputTokenDetails.cacheReadTokens': cacheRead,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 1,
      'ai.usage.cachedInputTokens': cacheRead,
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
    });
    r.call(root, 'ai.generateText.doGenerate', step(10, 5, 3));
    r.call(root, 'ai.toolCall', { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather' });
    r.call(root, 'ai.toolCall', { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather' });
    r.call(root, 'ai.streamText.doStream', step(20, 7, 4));
    r.call(root, 'ai.embed.doEmbed', { 'ai.operationId': 'ai.embed.doEmbed', 'ai.model.id': 'embedder', 'ai.usage.tokens': 4 });
    root.setAttributes({ 'ai.usage.inputTokens': 30, 'ai.usage.outputTokens': 12, 'ai.usage.inputTokenDetails.cacheReadTokens': 7 });
    root.end(T0 + 10);
    const summary = summarize(r.finished());
    assert.equal(summary.llmCalls, 2);
    assert.deepEqual(summary.toolCalls, { weather: 2 });
    assert.deepEqual(summary.tokens, { input: 30, output: 12, cacheRead: 7, cacheCreation: 2, total: 42 });
    assert.deepEqual(summary.models, ['mock-model']);
  });

  it("reads ai 4's promptTokens and completionTokens and ai 5's cachedInputTokens", () => {
    const r = new Recorder();
    const root = r.start('ai.generateText', { 'ai.operationId': 'ai.generateText' });
    r.call(root, 'ai.generateText.doGenerate', {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'old-model',
      'ai.usage.promptTokens': 11,
      'ai.usage.completionTokens': 4,
      'ai.usage.cachedInputTokens': 2,
    });
    root.end(T0 + 5);
    const summary = summarize(r.finished());
    assert.equal(summary.llmCalls, 1);
    assert.deepEqual(summary.tokens, { input: 11, output: 4, cacheRead: 2, cacheCreation: 0, total: 15 });
    assert.deepEqual(summary.models, ['old-model']);
  });

  it('reads spans that predate gen_ai.operation.name by their request type or model', () => {
    const r = new Recorder();
    const root = r.start('workflow', {});
    r.call(root, 'openai.chat', { 'llm.request.type': 'chat', 'gen_ai.request.model': 'gpt-4', 'gen_ai.usage.prompt_tokens': 10 });
    r.call(root, 'openai.embeddings', { 'llm.request.type': 'embedding', 'gen_ai.request.model': 'ada-002', 'gen_ai.usage.prompt_tokens': 5 });
    r.call(root, 'ai.generateText.doGenerate', { 'gen_ai.system': 'openai', 'gen_ai.response.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 7 });
    r.call(root, 'invoke_agent', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'gpt-4o' });
    root.end(T0 + 10);
    const summary = summarize(r.finished());
    assert.equal(summary.llmCalls, 2);
    assert.deepEqual(summary.models, ['gpt-4', 'gpt-4o']);
    assert.equal(summary.tokens.input, 22);
  });

  it('takes usage from agent spans when no model call reports any', () => {
    const r = new Recorder();
    const agent = r.start('query', {
      'openinference.span.kind': 'AGENT',
      'llm.cost.total': 0.25,
      'llm.token_count.prompt': 4000,
      'llm.token_count.completion': 500,
    });
    r.call(agent, 'assistant', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'claude-opus-4' });
    agent.end(T0 + 10);
    const summary = summarize(r.finished());
    assert.equal(summary.cost, 0.25);
    assert.deepEqual(summary.tokens, { input: 4000, output: 500, cacheRead: 0, cacheCreation: 0, total: 4500 });
  });

  it('leaves cost out when no span carries one', () => {
    assert.equal('cost' in summarize(genAiSession()), false);
    assert.equal('cost' in new SummaryBuilder().summary(), false);
  });

  it('counts the durations of root spans only, a span with a remote parent being a root', () => {
    const r = new Recorder();
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const server = r.start('POST /turn', {}, 100, remote);
    const child = r.start('child', {}, 100, server);
    child.end(T0 + 300);
    server.end(T0 + 350);
    assert.equal(summarize(r.finished()).durationMs, 250);
  });

  it('adds an absorbed summary to the spans that follow, as if one process had seen them all', () => {
    const spans = [...genAiSession(), ...openInferenceSession()];
    const split = 10;
    const earlier = summarize(spans.slice(0, split));
    const resumed = new SummaryBuilder();
    resumed.absorb(JSON.parse(JSON.stringify(earlier)) as SessionSummary);
    const continued = summarize(spans.slice(split), resumed);
    const whole = summarize(spans);
    assert.ok(Math.abs(continued.cost! - whole.cost!) < 1e-12);
    assert.deepEqual({ ...continued, cost: 0 }, { ...whole, cost: 0 });
  });

  it('ignores fields of an absorbed summary that are not counts', () => {
    const builder = new SummaryBuilder();
    builder.absorb({
      durationMs: Number.NaN,
      spans: -3,
      errors: '2',
      llmCalls: Infinity,
      toolCalls: { read_file: 'x', edit: 2, nope: null },
      tokens: { input: 5, output: null, cacheRead: -1, total: 1e400 },
      cost: 'free',
      models: ['gpt-4o', 7, '', null],
    } as unknown as SessionSummary);
    builder.absorb(null as unknown as SessionSummary);
    builder.absorb({ toolCalls: ['a'], tokens: 'many', models: 'gpt' } as unknown as SessionSummary);
    const summary = builder.summary();
    assert.deepEqual(summary, {
      durationMs: 0,
      spans: 0,
      errors: 0,
      llmCalls: 0,
      toolCalls: { edit: 2 },
      tokens: { input: 5, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
      models: ['gpt-4o'],
    });
  });

  it('keeps at most 32 models, in order of first use', () => {
    const r = new Recorder();
    const root = r.start('root', {});
    for (let i = 0; i < 40; i++) r.call(root, 'chat', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': `model-${i}` });
    r.call(root, 'chat', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'model-0' });
    root.end(T0 + 1);
    const { models } = summarize(r.finished());
    assert.equal(MAX_SUMMARY_MODELS, 32);
    assert.deepEqual(models, Array.from({ length: 32 }, (_, i) => `model-${i}`));
  });

  it('counts calls beyond 256 distinct tool names under "(other)", and cuts long names', () => {
    const r = new Recorder();
    const root = r.start('root', {});
    for (let i = 0; i < 300; i++) r.call(root, 'tool', { 'gen_ai.tool.name': `tool_${i}` });
    r.call(root, 'tool', { 'gen_ai.tool.name': 'tool_0' });
    root.end(T0 + 1);
    const { toolCalls } = summarize(r.finished());
    assert.equal(MAX_SUMMARY_TOOLS, 256);
    assert.equal(Object.keys(toolCalls).length, MAX_SUMMARY_TOOLS + 1);
    assert.equal(toolCalls.tool_0, 2);
    assert.equal(toolCalls[OTHER_TOOLS], 300 - MAX_SUMMARY_TOOLS);
    assert.equal(Object.values(toolCalls).reduce((a, b) => a + b, 0), 301);

    const long = new SummaryBuilder();
    long.absorb({ toolCalls: { ['x'.repeat(10_000)]: 1 }, models: ['m'.repeat(10_000)] } as unknown as SessionSummary);
    const summary = long.summary();
    assert.ok(Object.keys(summary.toolCalls)[0]!.length <= 200);
    assert.ok(summary.models[0]!.length <= 200);
  });

  it('keeps a tool named "__proto__" as an ordinary entry', () => {
    const r = new Recorder();
    r.start('tool', { 'gen_ai.tool.name': '__proto__' }).end(T0 + 1);
    const summary = summarize(r.finished());
    assert.deepEqual(Object.keys(summary.toolCalls), ['__proto__']);
    assert.deepEqual(JSON.parse(JSON.stringify(summary)).toolCalls, JSON.parse('{"__proto__":1}'));
  });

  it('never throws and never holds NaN, whatever values the known attributes carry', () => {
    const keys = [
      'gen_ai.operation.name', 'openinference.span.kind', 'llm.request.type', 'gen_ai.tool.name', 'tool.name',
      'gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name',
      'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens',
      'gen_ai.usage.total_tokens', 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation_input_tokens',
      'llm.token_count.prompt', 'llm.token_count.total', 'llm.token_count.prompt_details.cache_read', 'llm.cost.total', 'gen_ai.usage.cost',
    ];
    const value = fc.oneof(
      fc.constantFrom('chat', 'execute_tool', 'embeddings', 'LLM', 'TOOL', 'AGENT', 'constructor', '__proto__', ''),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.double())),
    );
    const attributes = fc.dictionary(fc.constantFrom(...keys), value);
    const provider = new TracerProvider();
    const tracer = provider.getTracer('property');
    fc.assert(
      fc.property(fc.array(fc.record({ attributes, error: fc.boolean(), raw: fc.boolean(), anything: fc.anything() }), { maxLength: 20 }), (inputs) => {
        const builder = new SummaryBuilder();
        for (const input of inputs) {
          const span = tracer.startSpan('s', { attributes: input.attributes as Attributes });
          if (input.error) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          const readable = span as unknown as ReadableSpan;
          // Spans that reach the exporter from elsewhere are not sanitized by this SDK: give some raw values.
          builder.add(input.raw ? { ...readable, parentSpanContext: undefined, attributes: { ...input.attributes, 'llm.cost.total': input.anything } as Attributes, duration: readable.duration, status: readable.status } as ReadableSpan : readable);
        }
        const summary = builder.summary();
        assertFinite(summary);
        const resumed = new SummaryBuilder();
        resumed.absorb(summary);
        resumed.absorb(summary);
        assertFinite(resumed.summary());
      }),
    );
  });
});
