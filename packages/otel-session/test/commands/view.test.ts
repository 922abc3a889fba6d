import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { removeTempDirs } from '../../../../test/helpers/tempDir.js';
import type { SessionFile } from '../fixtures/makeSessionFile.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, type SampleDir } from '../sessionDirs.js';
import { get, rewriteAtomically, startView, type ViewProcess } from '../viewProcess.js';

after(removeTempDirs);

/** Server-Sent Events from `url`, parsed as they arrive. */
class EventStream {
  readonly events: Array<{ event: string; data: string }> = [];
  private response: IncomingMessage | undefined;
  private buffer = '';
  private waiters: Array<() => void> = [];

  async open(url: string): Promise<this> {
    this.response = await new Promise<IncomingMessage>((resolve, reject) => request(url, resolve).on('error', reject).end());
    this.response.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) !== -1) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (event) this.events.push({ event, data });
        for (const wake of this.waiters.splice(0)) wake();
      }
    });
    return this;
  }

  get status(): number | undefined {
    return this.response?.statusCode;
  }

  /** Resolves once an event satisfies `test`; rejects after `timeoutMs`. */
  async waitFor(test: (data: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === 'session' && test(e.data));
      if (found) return found.data;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms (got ${this.events.length})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.response?.destroy();
  }
}

describe('otel-session view', () => {
  let samples: SampleDir;
  before(async () => {
    samples = await sampleDir();
  });

  describe('serving a session', () => {
    let view: ViewProcess;
    before(async () => {
      view = await startView(['ses_agent_completed', '--dir', samples.dir, '--no-open']);
    });
    after(() => view.stop());

    it('listens on 127.0.0.1 and prints the URL with its token', () => {
      assert.match(view.url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32,}\/$/);
      assert.match(view.output(), /Viewing ses_agent_completed \(.*ses_agent_completed\.json\) at http:\/\/127\.0\.0\.1:\d+\//);
    });

    it('answers no route without the token of this run (another local user cannot read the session)', async () => {
      const origin = new URL(view.url).origin;
      const token = new URL(view.url).pathname.split('/')[1]!;
      const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const route of ['', 'index.html', 'session.json', 'events']) {
        for (const prefix of ['', `${wrong}/`, `x/${token}/`]) {
          const answer = await get(`${origin}/${prefix}${route}`);
          assert.equal(answer.status, 403, `/${prefix}${route}`);
          assert.doesNotMatch(answer.body, /ses_agent_completed/);
        }
      }
      assert.equal((await get(`${origin}/${token}/session.json`)).status, 200);
    });

    it('picks a new token on every run', async () => {
      const other = await startView(['ses_agent_completed', '--dir', samples.dir, '--no-open']);
      try {
        assert.notEqual(new URL(other.url).pathname, new URL(view.url).pathname);
      } finally {
        await other.stop();
      }
    });

    it('serves the viewer page and the session', async () => {
      const page = await get(view.url);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<title>Fix the login bug &middot; otel-session<\/title>/);
      assert.match(page.body, /"live":false/);
      const json = await get(`${view.url}session.json`);
      assert.deepEqual(JSON.parse(json.body), samples.files.get('ses_agent_completed'));
      assert.equal((await get(`${view.url}events`)).status, 404);
    });

    it('refuses requests addressed to another host name (DNS rebinding)', async () => {
      const answer = await get(view.url, { host: 'attacker.example' });
      assert.equal(answer.status, 403);
      assert.equal((await get(view.url.replace('127.0.0.1', 'localhost'))).status, 200);
    });
  });

  it('with --live, pushes each new state of the file as a Server-Sent Event', async () => {
    const path = samples.paths.get('ses_agent_running')!;
    const view = await startView([path, '--live', '--no-open']);
    const stream = await new EventStream().open(`${view.url}events`);
    try {
      assert.equal(stream.status, 200);
      assert.match((await get(view.url)).body, /"live":true/);
      // A new client hears the current state first.
      await stream.waitFor((data) => data.includes('"id":"ses_agent_running"'));

      const file = structuredClone(samples.files.get('ses_agent_running')!) as SessionFile;
      const spans = file.resourceSpans[0]!.scopeSpans![0]!.spans!;
      spans.push({ ...spans[0]!, spanId: 'feedfacecafebeef', name: 'execute_tool deploy' });
      file.session.spanCount++;
      await rewriteAtomically(path, file);

      const pushed = JSON.parse(await stream.waitFor((data) => data.includes('execute_tool deploy'))) as SessionFile;
      assert.equal(pushed.session.spanCount, 16);
    } finally {
      stream.close();
      await view.stop();
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const view = await startView([samples.paths.get('ses_agent_refused')!, '--no-open']);
    await view.stop();
    assert.equal(view.child.exitCode, 0);
  });

  it('fails with exit code 1 before serving a corrupt or missing file', async () => {
    const { code, stderr } = await runCli(['view', 'ses_missing', '--dir', samples.dir, '--no-open']);
    assert.equal(code, 1);
    assert.match(stderr, /no file ses_missing, and no session with that id/);
    assert.doesNotMatch(stderr, STACK_TRACE);
  });

  it('rejects a port out of range as a usage error', async () => {
    const { code, stderr } = await runCli(['view', 'ses_agent_completed', '--dir', samples.dir, '--port', '70000', '--no-open']);
    assert.equal(code, 2);
    assert.match(stderr, /expected a port from 0 to 65535/);
  });
});
