import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { assertValidSessionFiles } from '../helpers/validateSessionFile.js';

after(removeTempDirs);

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

interface SessionFile {
  session: SessionHeader;
  resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string; attributes: Array<{ key: string; value: { stringValue?: string } }> }> }> }>;
}

async function runExample(name: string): Promise<{ stdout: string; files: Map<string, SessionFile> }> {
  const directory = await tempDir();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join('examples', `${name}.ts`)], {
    cwd: root,
    env: { ...process.env, OTEL_SESSION_FILE_DIRECTORY: directory },
    timeout: 60_000,
  });
  // Every file an example leaves must pass `otel-session validate`, resumed and crashed ones included.
  assertValidSessionFiles(directory);
  const files = new Map<string, SessionFile>();
  for (const file of readdirSync(directory)) files.set(file, JSON.parse(readFileSync(join(directory, file), 'utf8')) as SessionFile);
  return { stdout, files };
}

function spanNames(file: SessionFile | undefined): string[] {
  return (file?.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
}

interface MockReport {
  llmCalls: number;
  input: number;
  output: number;
  cacheRead: number;
  toolCalls: Record<string, number>;
  models: string[];
  startedAfter: number;
}

/** The JSON line an agent-framework example prints: what its mock model reported and its tools ran. */
function mockReport(stdout: string): MockReport {
  const line = stdout.split('\n').find((text) => text.startsWith('mock reported: '));
  assert.ok(line, `no "mock reported" line in:\n${stdout}`);
  return JSON.parse(line.slice('mock reported: '.length)) as MockReport;
}

/** The session's summary, status and start against what the mock reported. */
function assertSummaryMatches(header: SessionHeader | undefined, mock: MockReport): void {
  assert.equal(header?.status, 'completed');
  const summary = header.summary!;
  assert.deepEqual(summary.toolCalls, mock.toolCalls);
  assert.equal(summary.llmCalls, mock.llmCalls);
  assert.deepEqual(
    { input: summary.tokens.input, output: summary.tokens.output, cacheRead: summary.tokens.cacheRead },
    { input: mock.input, output: mock.output, cacheRead: mock.cacheRead },
  );
  assert.deepEqual(summary.models, mock.models);
  const start = Date.parse(header.startTime);
  assert.ok(start >= mock.startedAfter && start <= Date.parse(header.endTime!), `startTime ${header.startTime} is not within the run`);
  assert.ok(summary.durationMs > 0);
}

describe('examples', () => {
  it('agent: a session survives the crash of its process and is continued by the next one', async () => {
    const { stdout, files } = await runExample('agent');
    assert.match(stdout, /session is "crashed"/);
    assert.match(stdout, /crash cause: uncaughtException: tool run_tests crashed the sandbox/);
    assert.match(stdout, /npx otel-session ls/);
    const sessions = [...files.values()].map((file) => file.session);
    const conversation = sessions.find((session) => !session.id.endsWith('_refused'));
    const refused = sessions.find((session) => session.id.endsWith('_refused'));
    assert.equal(files.size, 2);
    assert.equal(conversation?.status, 'completed');
    assert.equal(conversation?.resumeCount, 2);
    assert.deepEqual(conversation?.segments?.map((segment) => segment.status), ['completed', 'crashed', 'completed']);
    assert.equal(conversation?.segments?.[1]?.crash?.error?.message, 'tool run_tests crashed the sandbox');
    assert.equal(refused?.status, 'error');
    const file = [...files.values()].find((f) => f.session === conversation);
    assert.equal(spanNames(file).filter((name) => name === 'invoke_agent coder').length, 3);
    const text = JSON.stringify(file);
    assert.ok(!text.includes('sk-proj-3xample') && !text.includes('hunter2'), 'the secrets a tool printed are not in the file');
    assert.ok(text.includes('[REDACTED:openai-key]'));
    assert.ok((conversation?.summary?.llmCalls ?? 0) >= 5);
    assert.equal(conversation?.summary?.toolCalls.read_env, 1);
  });

  it('ai-sdk: the summary holds the tool calls, tokens, model calls and models the mock model reported', async () => {
    const { stdout, files } = await runExample('ai-sdk');
    assert.equal(files.size, 1);
    assertSummaryMatches(files.get('ai-sdk-example.json')?.session, mockReport(stdout));
  });

  it('langchain: a session OpenInference names only as spans end completes, with what the model reported', async () => {
    const { stdout, files } = await runExample('langchain');
    assert.equal(files.size, 1);
    const file = files.get('langchain-example.json');
    assertSummaryMatches(file?.session, mockReport(stdout));
    assert.equal(file?.session.title, 'weather-agent');
    assert.deepEqual(spanNames(file).sort(), ['ScriptedChatModel', 'ScriptedChatModel', 'ScriptedChatModel', 'convert', 'weather', 'weather', 'weather-agent']);
  });

  it('minimal: writes the session of a TracerProvider', async () => {
    const { files } = await runExample('minimal');
    const file = files.get('minimal-example.json');
    assert.equal(file?.session.status, 'completed');
    assert.deepEqual(spanNames(file).sort(), ['cli run', 'download']);
  });

  it("node-sdk: HTTP client spans inherit the session of the active span, and the in-process server's span joins it", async () => {
    const { files } = await runExample('node-sdk');
    // The client's GET and the server's GET, whose parent is the client's context, remote to the server.
    assert.deepEqual(spanNames(files.get('node-sdk-example.json')).sort(), ['GET', 'GET', 'agent turn']);
  });

  it('with-otlp: spans reach the OTLP receiver and the session file alike', async () => {
    const { stdout, files } = await runExample('with-otlp');
    assert.match(stdout, /the collector received 3 spans/);
    assert.equal(spanNames(files.get('with-otlp-example.json')).length, 3);
  });
});
