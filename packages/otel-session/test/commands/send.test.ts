import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { sessionFileText, type SessionFile } from '../fixtures/makeSessionFile.js';
import { OtlpReceiver } from '../OtlpReceiver.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, writeText, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

function spanIdsOf(file: SessionFile): string[] {
  return file.resourceSpans.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!.map((s) => s.spanId)));
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('otel-session send', () => {
  let samples: SampleDir;
  let receiver: OtlpReceiver;
  let completed: string;
  let completedSpanIds: string[];
  before(async () => {
    samples = await sampleDir();
    completed = samples.paths.get('ses_agent_completed')!;
    completedSpanIds = spanIdsOf(samples.files.get('ses_agent_completed')!);
  });
  beforeEach(async () => {
    receiver = await new OtlpReceiver().start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  it('posts every span as OTLP/HTTP JSON to <endpoint>/v1/traces', async () => {
    const { code, stdout, stderr } = await runCli(['send', completed, '--endpoint', receiver.url]);
    assert.equal(code, 0, stderr);
    assert.equal(receiver.requests.length, 1);
    const [request] = receiver.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/v1/traces');
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.equal(request!.headers['content-encoding'], undefined);
    assert.deepEqual(Object.keys(request!.body), ['resourceSpans']);
    assert.deepEqual(request!.body.resourceSpans, samples.files.get('ses_agent_completed')!.resourceSpans);
    assert.match(stdout, /sent 16 spans of ses_agent_completed in 1 request to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: 16 accepted, 0 rejected/);
  });

  it('accepts an endpoint that already ends in /v1/traces, and finds sessions by id', async () => {
    const { code } = await runCli(['send', 'ses_agent_running', '--dir', samples.dir, '--endpoint', `${receiver.url}/v1/traces/`]);
    assert.equal(code, 0);
    assert.equal(receiver.requests[0]!.path, '/v1/traces');
    assert.equal(receiver.spanIds().length, 15);
  });

  it('splits a session into requests of at most --batch-size spans, each with its resource and scope', async () => {
    const { code, stdout } = await runCli(['send', completed, '--endpoint', receiver.url, '--batch-size', '5']);
    assert.equal(code, 0);
    assert.deepEqual(
      receiver.requests.map((r) => r.body.resourceSpans[0]!.scopeSpans[0]!.spans.length),
      [5, 5, 5, 1],
    );
    for (const request of receiver.requests) {
      assert.deepEqual(request.body.resourceSpans[0]!.resource, samples.files.get('ses_agent_completed')!.resourceSpans[0]!.resource);
      assert.deepEqual(request.body.resourceSpans[0]!.scopeSpans[0]!.scope, { name: 'fixture-agent', version: '1.0.0' });
    }
    assert.deepEqual(receiver.spanIds(), completedSpanIds);
    assert.match(stdout, /in 4 requests/);
  });

  it('compresses each request with --gzip, as Content-Encoding: gzip', async () => {
    const { code, stdout, stderr } = await runCli(['send', completed, '--endpoint', receiver.url, '--gzip', '--batch-size', '10']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /sent 16 spans of ses_agent_completed in 2 requests .*: 16 accepted, 0 rejected/);
    assert.equal(receiver.requests.length, 2);
    for (const request of receiver.requests) {
      assert.equal(request.headers['content-encoding'], 'gzip');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.ok(request.bytes < JSON.stringify(request.body).length / 2, `${request.bytes} bytes: not compressed`);
    }
    assert.deepEqual(receiver.spanIds(), completedSpanIds);
  });

  it('sends every session of the directory with --all, one line each, skipping files that are not sessions', async () => {
    const dir = await tempDir();
    for (const file of samples.files.values()) await writeText(dir, `${file.session.id.replace(/\W/g, '_')}.json`, sessionFileText(file));
    await writeText(dir, 'broken.json', '{"session":');
    const { code, stdout, stderr } = await runCli(['send', '--all', '--dir', dir, '--endpoint', receiver.url]);
    assert.equal(code, 0, stderr);
    const [skipped, ...lines] = stdout.trimEnd().split('\n');
    // broken.json was written last, so it comes first; the sessions follow newest first, as in ls.
    assert.match(skipped!, /^skipped broken\.json: not a session file \(not valid JSON: .*\)$/);
    assert.deepEqual(lines.slice(0, 4), [
      'ses_agent_completed (ses_agent_completed.json): 16 spans in 1 request: 16 accepted, 0 rejected',
      'ses_agent_running (ses_agent_running.json): 15 spans in 1 request: 15 accepted, 0 rejected',
      'ses_agent_refused (ses_agent_refused.json): 8 spans in 1 request: 8 accepted, 0 rejected',
      'chat/user-42 crashed (chat_user_42_crashed.json): 7 spans in 1 request: 7 accepted, 0 rejected',
    ]);
    assert.match(lines[4]!, /^sent 4 of 4 sessions to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: 46 spans, 46 accepted, 0 rejected$/);
    assert.equal(lines.length, 5);
    const expected = [...samples.files.values()].flatMap(spanIdsOf);
    assert.deepEqual(receiver.spanIds().sort(), expected.sort());
  });

  it('sends only the sessions of the given --status with --all', async () => {
    const crashed = await runCli(['send', '--all', '--status', 'crashed', '--dir', samples.dir, '--endpoint', receiver.url]);
    assert.equal(crashed.code, 0, crashed.stderr);
    const lines = crashed.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^chat\/user-42 crashed \(chat_user-42_crashed~[0-9a-f]{32}\.json\): 7 spans in 1 request: 7 accepted, 0 rejected$/);
    assert.match(lines[1]!, /^sent 1 of 1 session to .*: 7 spans, 7 accepted, 0 rejected$/);
    assert.deepEqual(receiver.spanIds(), spanIdsOf(samples.files.get('chat/user-42 crashed')!));

    const two = await runCli(['send', '--all', '--status', 'running,error', '--dir', samples.dir, '--endpoint', receiver.url]);
    assert.match(two.stdout, /^sent 2 of 2 sessions .*: 23 spans/m);
    const none = await runCli(['send', '--all', '--status', 'interrupted', '--dir', samples.dir, '--endpoint', receiver.url]);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, `no interrupted sessions in ${samples.dir}: nothing sent\n`);
  });

  it('goes on after a session fails with --all, says which, and exits 1', async () => {
    const running = new Set(spanIdsOf(samples.files.get('ses_agent_running')!));
    receiver.answer = (request) =>
      request.body.resourceSpans.some((rs) => rs.scopeSpans.some((ss) => ss.spans.some((span) => running.has(span.spanId))))
        ? { status: 503, body: 'collector overloaded', contentType: 'text/plain' }
        : { status: 200, body: '{}' };
    const { code, stdout, stderr } = await runCli(['send', '--all', '--dir', samples.dir, '--endpoint', receiver.url]);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines.find((line) => line.startsWith('ses_agent_running'))!, /^ses_agent_running \(ses_agent_running\.json\): failed: .* answered HTTP 503 Service Unavailable: collector overloaded$/);
    assert.equal(lines.filter((line) => / accepted, 0 rejected$/.test(line)).length, 4, stdout);
    assert.match(lines.at(-1)!, /^sent 3 of 4 sessions .*: 31 spans, 31 accepted, 0 rejected$/);
    assert.equal(stderr, 'otel-session: error: 1 of 4 sessions not sent completely\n');
  });

  it('sends the --header values', async () => {
    await runCli(['send', completed, '--endpoint', receiver.url, '--header', 'authorization=Bearer s3cret', '-H', 'x-tenant = team-a']);
    assert.equal(receiver.requests[0]!.headers.authorization, 'Bearer s3cret');
    assert.equal(receiver.requests[0]!.headers['x-tenant'], 'team-a');
  });

  it('reports the spans a receiver rejected, and exits 1', async () => {
    receiver.answer = () => ({ status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: '3', errorMessage: 'spans too old' } }) });
    const { code, stdout, stderr } = await runCli(['send', completed, '--endpoint', receiver.url, '--batch-size', '10']);
    assert.equal(code, 1);
    assert.match(stdout, /sent 16 spans .* in 2 requests .*: 10 accepted, 6 rejected/);
    assert.match(stdout, /receiver: spans too old/);
    assert.match(stderr, /the receiver rejected 6 of 16 spans/);
  });

  it('stops at an HTTP error, says what the receiver answered, and exits 1', async () => {
    receiver.answer = () =>
      receiver.requests.length > 1 ? { status: 503, body: 'collector overloaded', contentType: 'text/plain' } : { status: 200, body: '' };
    const { code, stderr } = await runCli(['send', completed, '--endpoint', receiver.url, '--batch-size', '10']);
    assert.equal(code, 1);
    assert.match(stderr, /answered HTTP 503 Service Unavailable: collector overloaded \(after 10 spans had been sent in 1 request\)/);
    assert.doesNotMatch(stderr, STACK_TRACE);
  });

  it('exits 1 when nothing listens at the endpoint', async () => {
    const { code, stderr } = await runCli(['send', completed, '--endpoint', `http://127.0.0.1:${await closedPort()}`]);
    assert.equal(code, 1);
    assert.match(stderr, /cannot send to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: connect ECONNREFUSED/);
    assert.doesNotMatch(stderr, STACK_TRACE);
  });

  it('treats a malformed endpoint or header as a usage error (exit 2)', async () => {
    const endpoint = await runCli(['send', completed, '--endpoint', 'localhost:4318']);
    assert.equal(endpoint.code, 2);
    assert.match(endpoint.stderr, /expected an http or https URL/);
    const header = await runCli(['send', completed, '--endpoint', receiver.url, '--header', 'novalue']);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /expected key=value/);
    assert.equal((await runCli(['send', completed])).code, 2);
    assert.equal(receiver.requests.length, 0);
  });

  it('treats --all with an id, neither, --status without --all or an unknown status as usage errors (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['--all', completed], 'give a session id or file, or --all, not both'],
      [[], "missing required argument 'id|file' (or --all for every session)"],
      [[completed, '--status', 'crashed'], '--status chooses among the sessions of --all; it does not apply to one session'],
      [['--all', '--status', 'crashed,done'], `option '--status <status>' argument 'crashed,done' is invalid. expected one of running, completed, error, interrupted, crashed (or several, comma-separated), got "done"`],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(['send', ...args, '--dir', samples.dir, '--endpoint', receiver.url]);
      assert.equal(code, 2, `send ${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, `otel-session: error: ${message}; see 'otel-session send --help'\n`);
    }
    assert.equal(receiver.requests.length, 0);
  });
});
