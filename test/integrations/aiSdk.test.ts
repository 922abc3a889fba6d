import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import type { SessionSpanProcessorOptions } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { assertValidSessionFile } from '../helpers/validateSessionFile.js';

/**
 * The README's recipe for each major of the Vercel AI SDK, run against the SDK's own mock model: a tool
 * loop of three model calls and three tool calls in one session, whose file must hold what the mock
 * reported. ai 6 is the example's (test/examples); ai 7 needs Node 22 or later and runs under
 * `npm run test:node24`.
 */

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const SESSION_ID = 'ai-sdk-recipe';

/** The model's steps: two tool calls, one more, then the answer; each reports its usage. */
const STEPS = [
  { calls: [['weather', { city: 'Paris' }], ['weather', { city: 'Oslo' }]], input: 120, output: 30, cacheRead: 0 },
  { calls: [['convert', { celsius: 18 }]], input: 260, output: 20, cacheRead: 100 },
  { text: 'Paris is warmer.', input: 300, output: 25, cacheRead: 250 },
] as const;
type Step = (typeof STEPS)[number];

/** What the mock model reported and the tools ran, counted as they happen. */
class Reported {
  llmCalls = 0;
  input = 0;
  output = 0;
  cacheRead = 0;
  readonly toolCalls: Record<string, number> = {};

  next(): Step {
    const step = STEPS[this.llmCalls++]!;
    this.input += step.input;
    this.output += step.output;
    this.cacheRead += step.cacheRead;
    return step;
  }

  ran(name: string): void {
    this.toolCalls[name] = (this.toolCalls[name] ?? 0) + 1;
  }
}

function toolCalls(step: Step, calls: number) {
  return 'text' in step
    ? [{ type: 'text' as const, text: step.text }]
    : step.calls.map(([toolName, input], index) => ({ type: 'tool-call' as const, toolCallId: `call_${calls}_${index}`, toolName, input: JSON.stringify(input) }));
}

/** A V3/V4 language model's result for `step` (ai 6 and 7 share the shape). */
function resultV3(step: Step, calls: number) {
  return {
    content: toolCalls(step, calls),
    finishReason: { unified: 'text' in step ? ('stop' as const) : ('tool-calls' as const), raw: undefined },
    usage: {
      inputTokens: { total: step.input, noCache: step.input - step.cacheRead, cacheRead: step.cacheRead, cacheWrite: 0 },
      outputTokens: { total: step.output, text: step.output, reasoning: 0 },
    },
    warnings: [],
  };
}

/** The loop's two tools, as the AI SDK's `tool()` takes them in every major. */
function toolDefinitions(reported: Reported) {
  return {
    weather: { inputSchema: z.object({ city: z.string() }), execute: async ({ city }: { city: string }) => (reported.ran('weather'), city === 'Paris' ? 18 : 5) },
    convert: { inputSchema: z.object({ celsius: z.number() }), execute: async ({ celsius }: { celsius: number }) => (reported.ran('convert'), (celsius * 9) / 5 + 32) },
  };
}

async function pipeline(options: Partial<SessionSpanProcessorOptions> = {}) {
  const directory = await tempDir();
  const exporter = new SessionFileExporter({ directory });
  const provider = new TracerProvider({ spanProcessors: [new SessionSpanProcessor({ exporter, exitHook: false, ...options })] });
  return { provider, tracer: provider.getTracer('ai'), path: join(directory, `${SESSION_ID}.json`) };
}

function storedHeader(path: string): SessionHeader {
  const text = readFileSync(path, 'utf8');
  assertValidSessionFile(text, path);
  return (JSON.parse(text) as { session: SessionHeader }).session;
}

function assertHolds(header: SessionHeader, reported: Reported, startedAfter: number, { cacheRead = true } = {}): void {
  assert.equal(header.status, 'completed');
  const summary = header.summary!;
  assert.equal(summary.llmCalls, reported.llmCalls);
  assert.deepEqual(summary.toolCalls, reported.toolCalls);
  assert.equal(summary.tokens.input, reported.input);
  assert.equal(summary.tokens.output, reported.output);
  if (cacheRead) assert.equal(summary.tokens.cacheRead, reported.cacheRead);
  assert.deepEqual(summary.models, ['mock-model']);
  assert.ok(Date.parse(header.startTime) >= startedAfter);
}

const contextManager = new AsyncLocalStorageContextManager();
before(() => context.setGlobalContextManager(contextManager.enable()));
after(() => {
  context.disable();
  return removeTempDirs();
});
const providers: TracerProvider[] = [];
afterEach(() => Promise.all(providers.splice(0).map((provider) => provider.shutdown())));

describe('the Vercel AI SDK recipes', () => {
  it('ai 5: experimental_telemetry metadata.sessionId, read through sessionAttribute', async () => {
    const { generateText, stepCountIs, tool } = await import('ai-v5');
    const { MockLanguageModelV2 } = await import('ai-v5/test');
    const { provider, tracer, path } = await pipeline({ sessionAttribute: 'ai.telemetry.metadata.sessionId' });
    providers.push(provider);
    const reported = new Reported();
    const model = new MockLanguageModelV2({
      modelId: 'mock-model',
      doGenerate: async () => {
        const step = reported.next();
        return {
          content: toolCalls(step, reported.llmCalls),
          finishReason: 'text' in step ? 'stop' : 'tool-calls',
          usage: { inputTokens: step.input, outputTokens: step.output, totalTokens: step.input + step.output, cachedInputTokens: step.cacheRead },
          warnings: [],
        };
      },
    });
    const definitions = toolDefinitions(reported);
    const startedAfter = Date.now();
    await generateText({
      model,
      prompt: 'Which is warmer, Paris or Oslo, in Fahrenheit?',
      tools: { weather: tool(definitions.weather), convert: tool(definitions.convert) },
      stopWhen: stepCountIs(5),
      experimental_telemetry: { isEnabled: true, tracer, metadata: { sessionId: SESSION_ID } },
    });
    await provider.forceFlush();
    // ai 5 puts no cached input tokens on its spans (only promptTokens/completionTokens): nothing to count.
    assertHolds(storedHeader(path), reported, startedAfter, { cacheRead: false });
  });

  it(
    'ai 7: spans through @ai-sdk/otel, session.id put on them by enrichSpan from the runtime context',
    { skip: NODE_MAJOR < 22 ? `ai 7 needs Node 22 or later, this is Node ${process.versions.node}; npm run test:node24 runs it` : false },
    async () => {
      const { generateText, registerTelemetry, stepCountIs, tool } = await import('ai');
      const { MockLanguageModelV4 } = await import('ai/test');
      const { OpenTelemetry } = await import('@ai-sdk/otel');
      const { provider, tracer, path } = await pipeline();
      providers.push(provider);
      registerTelemetry(
        new OpenTelemetry({
          tracer,
          enrichSpan: ({ runtimeContext }) => (typeof runtimeContext?.sessionId === 'string' ? { 'session.id': runtimeContext.sessionId } : undefined),
        }),
      );
      const reported = new Reported();
      const model = new MockLanguageModelV4({ modelId: 'mock-model', doGenerate: async () => resultV3(reported.next(), reported.llmCalls) });
      const definitions = toolDefinitions(reported);
      const startedAfter = Date.now();
      await generateText({
        model,
        prompt: 'Which is warmer, Paris or Oslo, in Fahrenheit?',
        tools: { weather: tool(definitions.weather), convert: tool(definitions.convert) },
        stopWhen: stepCountIs(5),
        runtimeContext: { sessionId: SESSION_ID },
        // Runtime context reaches telemetry integrations only where it is named.
        telemetry: { includeRuntimeContext: { sessionId: true } },
      });
      await provider.forceFlush();
      assertHolds(storedHeader(path), reported, startedAfter);
    },
  );
});
