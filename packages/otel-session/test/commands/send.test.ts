import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { removeTempDirs } from '../../../../test/helpers/tempDir.js';
import { OtlpReceiver } from '../OtlpReceiver.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

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
    completedSpanIds = samples.files
      .get('ses_agent_completed')!
      .resourceSpans.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!.map((s) => s.spanId)));
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
});
