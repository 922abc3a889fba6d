/**
 * LangChain traced by OpenInference, writing one session file per conversation: a tool-calling agent
 * loop against a scripted chat model, no network. OpenInference takes `session_id` from the run's
 * metadata and sets `session.id` on every span, but only as each span ends, children before their
 * parents: the processor places such spans when they end.
 *
 *   npx tsx examples/langchain.ts
 *
 * It prints what the model reported and what the tools ran, as one JSON line, so that a test can hold
 * the session file's summary against it.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';

const SESSION_ID = 'langchain-example';
const MODEL = 'scripted-chat-model';

const exporter = new SessionFileExporter({ directory: process.env.OTEL_SESSION_FILE_DIRECTORY ?? './traces' });
const provider = new TracerProvider({ spanProcessors: [new SessionSpanProcessor({ exporter })] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
new LangChainInstrumentation({ tracerProvider: provider }).manuallyInstrument(CallbackManagerModule);

const reported = { llmCalls: 0, input: 0, output: 0, cacheRead: 0, toolCalls: {} as Record<string, number> };

// The model's three replies: two tool calls, one more, then the answer, each with its usage.
const script = [
  { calls: [['weather', { city: 'Paris' }], ['weather', { city: 'Oslo' }]], input: 140, output: 32, cacheRead: 0 },
  { calls: [['convert', { celsius: 18 }]], input: 290, output: 18, cacheRead: 128 },
  { text: 'Paris is warmer: 64 °F against 41 °F.', input: 330, output: 21, cacheRead: 256 },
] as const;

/** A chat model that plays back {@link script}, as a real one would answer: tool calls and usage. */
class ScriptedChatModel extends BaseChatModel {
  _llmType(): string {
    return 'scripted';
  }

  override invocationParams(): Record<string, unknown> {
    return { model_name: MODEL };
  }

  async _generate(_messages: BaseMessage[]): Promise<ChatResult> {
    const turn = script[reported.llmCalls++]!;
    reported.input += turn.input;
    reported.output += turn.output;
    reported.cacheRead += turn.cacheRead;
    const message = new AIMessage({
      content: 'text' in turn ? turn.text : '',
      tool_calls: 'text' in turn ? [] : turn.calls.map(([name, args], index) => ({ id: `call_${reported.llmCalls}_${index}`, name, args, type: 'tool_call' as const })),
      usage_metadata: {
        input_tokens: turn.input,
        output_tokens: turn.output,
        total_tokens: turn.input + turn.output,
        input_token_details: { cache_read: turn.cacheRead },
      },
    });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

function ran(name: string): void {
  reported.toolCalls[name] = (reported.toolCalls[name] ?? 0) + 1;
}

const tools: Record<string, StructuredToolInterface> = {
  weather: tool(async ({ city }: { city: string }) => (ran('weather'), String(city === 'Paris' ? 18 : 5)), {
    name: 'weather',
    description: 'The temperature in a city, in °C',
    schema: z.object({ city: z.string() }),
  }),
  convert: tool(async ({ celsius }: { celsius: number }) => (ran('convert'), String((celsius * 9) / 5 + 32)), {
    name: 'convert',
    description: 'Celsius to Fahrenheit',
    schema: z.object({ celsius: z.number() }),
  }),
};
const model = new ScriptedChatModel({});

// The agent loop: ask the model, run the tools it calls, until it answers.
const agent = RunnableLambda.from(async (question: string, config) => {
  const messages: BaseMessage[] = [new HumanMessage(question)];
  for (;;) {
    const reply = await model.invoke(messages, config);
    messages.push(reply);
    if (!reply.tool_calls?.length) return reply.content;
    for (const call of reply.tool_calls) messages.push(await tools[call.name]!.invoke(call, config));
  }
}).withConfig({ runName: 'weather-agent' });

const startedAfter = Date.now();
console.log(await agent.invoke('Which is warmer right now, Paris or Oslo? Answer in Fahrenheit.', { metadata: { session_id: SESSION_ID } }));

await provider.shutdown();
console.log(`wrote ${exporter.pathFor(SESSION_ID)}`);
console.log(`mock reported: ${JSON.stringify({ ...reported, models: [MODEL], startedAfter })}`);
