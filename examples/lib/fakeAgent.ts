import { SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A stand-in for an AI coding agent: a model that answers after a short think and tools that read and
 * run things. Its spans follow the OpenTelemetry GenAI semantic conventions, as instrumented agents
 * (OpenAI Agents SDK, Vercel AI SDK, LangChain through OpenInference, Claude Code) produce them.
 */

export interface Turn {
  prompt: string;
  /** Tools the model asks for after its first answer; they run in parallel, as a burst. */
  tools: string[];
  /** Makes a tool throw an error that nobody catches: the process dies in the middle of the turn. */
  crashInTool?: string;
  /** Makes the model refuse: the turn ends with status ERROR. */
  refuse?: boolean;
}

const MODEL = 'claude-sonnet-4-5';
const TOOL_OUTPUT: Record<string, string> = {
  read_file: 'export function login(user) { return check(user.password) }',
  grep: 'src/auth.ts:12: check(user.password)',
  run_tests: '14 passed, 1 failed: login rejects an empty password',
  // A tool output that carries a secret, as real ones do: redaction keeps it out of the file.
  read_env: 'DATABASE_URL=postgres://app:hunter2@db:5432/app\nOPENAI_API_KEY=sk-proj-3xampleKeyThatMustNeverReachDisk0123456789',
};

let tokenSeed = 7;
function tokens(base: number): number {
  tokenSeed = (tokenSeed * 48271) % 2147483647;
  return base + (tokenSeed % base);
}

async function chat(tracer: Tracer, step: string, refuse = false): Promise<void> {
  await tracer.startActiveSpan(`chat ${MODEL}`, { kind: SpanKind.CLIENT }, async (span) => {
    span.setAttributes({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 4096,
    });
    await sleep(15);
    span.setAttributes({
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': [refuse ? 'refusal' : 'tool_use'],
      'gen_ai.usage.input_tokens': tokens(1200),
      'gen_ai.usage.output_tokens': tokens(150),
      'gen_ai.usage.cache_read.input_tokens': tokens(800),
    });
    span.addEvent('gen_ai.choice', { 'gen_ai.choice.index': 0, step });
    if (refuse) span.setStatus({ code: SpanStatusCode.ERROR, message: 'the model refused the request' });
    span.end();
  });
}

async function tool(tracer: Tracer, name: string, callId: string, crash: boolean): Promise<void> {
  await tracer.startActiveSpan(`execute_tool ${name}`, { kind: SpanKind.INTERNAL }, async (span) => {
    span.setAttributes({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.call.id': callId });
    await sleep(5 + (callId.length % 4) * 5);
    if (crash) {
      // Deliberately not caught and the span is never ended: the process dies here, mid-tool-call. A tick,
      // not an immediate: on a loaded machine the other tools' timers may already be due, and an immediate
      // would let them end their spans first.
      process.nextTick(() => {
        throw new Error(`tool ${name} crashed the sandbox`);
      });
      await sleep(1000);
    }
    span.setAttribute('gen_ai.tool.call.result', TOOL_OUTPUT[name] ?? 'ok');
    span.end();
  });
}

/** One user turn: a root `invoke_agent` span that names the session, model steps and a burst of tools. */
export async function runTurn(tracer: Tracer, sessionId: string, title: string, turn: Turn): Promise<void> {
  await tracer.startActiveSpan(
    'invoke_agent coder',
    { attributes: { 'session.id': sessionId, 'session.title': title, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'coder' } },
    async (root) => {
      root.addEvent('user_prompt', { 'gen_ai.prompt': turn.prompt });
      await chat(tracer, 'plan', turn.refuse);
      if (turn.refuse) {
        root.setStatus({ code: SpanStatusCode.ERROR, message: 'the model refused the request' });
        root.end();
        return;
      }
      await Promise.all(turn.tools.map((name, index) => tool(tracer, name, `call_${index}_${name}`, name === turn.crashInTool)));
      await chat(tracer, 'answer');
      root.end();
    },
  );
}

/** The active tracer's spans go nowhere until a provider is registered; this only names the tracer. */
export function agentTracer(): Tracer {
  return trace.getTracer('fake-coding-agent', '1.0.0');
}
