/**
 * The Vercel AI SDK (ai 5 and 6) writing one session file per conversation: a tool loop against the
 * AI SDK's own mock language model, no network. The AI SDK records `experimental_telemetry.metadata`
 * as `ai.telemetry.metadata.<key>` attributes on its spans, so the processor is told to read the
 * session id from there. (ai 7 makes spans only through `@ai-sdk/otel` and has no `metadata`: see the
 * README's recipe.)
 *
 *   npx tsx examples/ai-sdk.ts
 *
 * It prints what the mock model reported and what the tools ran, as one JSON line, so that a test can
 * hold the session file's summary against it.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
// This repository tests ai 5 and 6 side by side under npm aliases; in an application: from 'ai'.
import { generateText, stepCountIs, tool } from 'ai-v6';
import { MockLanguageModelV3 } from 'ai-v6/test';
import { z } from 'zod';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';

const SESSION_ID = 'ai-sdk-example';

const exporter = new SessionFileExporter({ directory: process.env.OTEL_SESSION_FILE_DIRECTORY ?? './traces' });
const provider = new TracerProvider({
  spanProcessors: [new SessionSpanProcessor({ exporter, sessionAttribute: 'ai.telemetry.metadata.sessionId' })],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);

// The model's three steps: two tool calls, one more, then the answer. Each reports its usage.
const steps = [
  { calls: [['weather', { city: 'Paris' }], ['weather', { city: 'Oslo' }]], input: 120, output: 30, cacheRead: 0 },
  { calls: [['convert', { celsius: 18 }]], input: 260, output: 20, cacheRead: 100 },
  { text: 'Paris is warmer: 64 °F against 41 °F.', input: 300, output: 25, cacheRead: 250 },
] as const;

const reported = { llmCalls: 0, input: 0, output: 0, cacheRead: 0, toolCalls: {} as Record<string, number> };
const model = new MockLanguageModelV3({
  modelId: 'mock-model',
  doGenerate: async () => {
    const step = steps[reported.llmCalls++]!;
    reported.input += step.input;
    reported.output += step.output;
    reported.cacheRead += step.cacheRead;
    const content =
      'text' in step
        ? [{ type: 'text' as const, text: step.text }]
        : step.calls.map(([toolName, input], index) => ({
            type: 'tool-call' as const,
            toolCallId: `call_${reported.llmCalls}_${index}`,
            toolName,
            input: JSON.stringify(input),
          }));
    return {
      content,
      finishReason: { unified: 'text' in step ? ('stop' as const) : ('tool-calls' as const), raw: undefined },
      usage: {
        inputTokens: { total: step.input, noCache: step.input - step.cacheRead, cacheRead: step.cacheRead, cacheWrite: 0 },
        outputTokens: { total: step.output, text: step.output, reasoning: 0 },
      },
      warnings: [],
    };
  },
});

function ran(name: string): void {
  reported.toolCalls[name] = (reported.toolCalls[name] ?? 0) + 1;
}

const startedAfter = Date.now();
const { text } = await generateText({
  model,
  prompt: 'Which is warmer right now, Paris or Oslo? Answer in Fahrenheit.',
  tools: {
    weather: tool({
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => (ran('weather'), city === 'Paris' ? 18 : 5),
    }),
    convert: tool({
      inputSchema: z.object({ celsius: z.number() }),
      execute: async ({ celsius }) => (ran('convert'), (celsius * 9) / 5 + 32),
    }),
  },
  stopWhen: stepCountIs(5),
  experimental_telemetry: { isEnabled: true, functionId: 'weather-agent', metadata: { sessionId: SESSION_ID } },
});

await provider.shutdown();
console.log(text);
console.log(`wrote ${exporter.pathFor(SESSION_ID)}`);
console.log(`mock reported: ${JSON.stringify({ ...reported, models: ['mock-model'], startedAfter })}`);
