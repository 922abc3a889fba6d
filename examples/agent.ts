/**
 * An AI coding agent's conversation, traced into one file per session, including the worst case:
 * the agent process dies in the middle of a turn, and a new process continues the conversation.
 *
 *   npm run example
 *
 * Turn 1 runs here. Turn 2 runs in a child process that crashes mid-tool-call (the file then says
 * `crashed`, with the error). Turn 3 runs here again and continues the same session file. A second
 * conversation ends with a model refusal (`error`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor, type SessionHeader } from 'otel-session-file';
import { agentTracer, runTurn } from './lib/fakeAgent.js';

const directory = resolve(process.env.OTEL_SESSION_FILE_DIRECTORY ?? 'traces');
const [, , mode, sessionArgument] = process.argv;

function startTracing(): { provider: TracerProvider; processor: SessionSpanProcessor } {
  const exporter = new SessionFileExporter({ directory });
  const processor = new SessionSpanProcessor({ exporter });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'fake-coding-agent', 'process.pid': process.pid }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return { provider, processor };
}

function header(sessionId: string, exporter = new SessionFileExporter({ directory })): SessionHeader {
  return (JSON.parse(readFileSync(exporter.pathFor(sessionId), 'utf8')) as { session: SessionHeader }).session;
}

async function crashingTurn(sessionId: string): Promise<void> {
  startTracing();
  await runTurn(agentTracer(), sessionId, 'Fix the login bug', {
    prompt: 'Run the tests and look at the environment',
    tools: ['run_tests', 'read_env'],
    crashInTool: 'run_tests',
  });
}

async function main(): Promise<void> {
  const sessionId = `ses_${Date.now().toString(36)}`;
  const refusedId = `${sessionId}_refused`;
  const { provider, processor } = startTracing();
  const tracer = agentTracer();

  await runTurn(tracer, sessionId, 'Fix the login bug', {
    prompt: 'Why does login fail for empty passwords?',
    tools: ['read_file', 'grep', 'read_file', 'grep'],
  });
  await processor.forceFlush();

  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'crash', sessionId], {
    env: process.env,
    encoding: 'utf8',
  });
  const crashed = header(sessionId);
  console.log(`turn 2 ran in process ${crashed.writer?.pid}, which died (exit code ${child.status}): session is "${crashed.status}"`);
  console.log(`  crash cause: ${crashed.crash?.reason}: ${crashed.crash?.error?.message}`);

  await runTurn(tracer, sessionId, 'Fix the login bug', {
    prompt: 'Try again, and fix it this time',
    tools: ['read_file', 'read_env', 'run_tests'],
  });
  await runTurn(tracer, refusedId, 'Delete production', { prompt: 'Drop every table in production', tools: [], refuse: true });

  await processor.forceFlush();
  await provider.shutdown();

  const shown = relative(process.cwd(), directory) || '.';
  console.log(`\nSession files in ${directory}:`);
  for (const id of [sessionId, refusedId]) {
    const session = header(id);
    const resumed = session.resumeCount ? `, continued ${session.resumeCount}x across processes` : '';
    console.log(`  ${id}  ${session.status}  ${session.spanCount} spans${resumed}`);
  }
  console.log(`\nLook at them:`);
  console.log(`  npx otel-session ls ${shown}`);
  console.log(`  npx otel-session show ${sessionId} --dir ${shown}`);
  console.log(`  npx otel-session html ${sessionId} --dir ${shown} -o session.html`);
}

if (mode === 'crash' && sessionArgument) {
  await crashingTurn(sessionArgument);
} else {
  await main();
}
