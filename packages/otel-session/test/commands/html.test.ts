import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { agentSessionFile, writeSessionFile } from '../fixtures/makeSessionFile.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, writeText, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

const SESSION_DATA = /<script id="session-data" type="application\/json">([\s\S]*?)<\/script>/;

describe('otel-session html', () => {
  let samples: SampleDir;
  let out: string;
  before(async () => {
    samples = await sampleDir();
    out = await tempDir();
  });

  it('writes one self-contained page that loads nothing from the network', async () => {
    const output = join(out, 'crashed.html');
    const { code, stdout, stderr } = await runCli(['html', 'chat/user-42 crashed', '--dir', samples.dir, '-o', output]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /wrote .*crashed\.html \(7 spans of chat\/user-42 crashed\)/);
    const page = await readFile(output, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.doesNotMatch(page, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(page, /<link\b|<script[^>]+\bsrc=|@import|url\(\s*["']?(?:https?:)?\/\//i);
    assert.match(page, /Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
    assert.match(page, /<title>Migrate the database &middot; otel-session<\/title>/);
    const embedded = JSON.parse(SESSION_DATA.exec(page)![1]!);
    assert.deepEqual(embedded, samples.files.get('chat/user-42 crashed'));
  });

  it('embeds the session safely: no text in it can end the script or inject markup', async () => {
    const file = await agentSessionFile({ id: 'ses_hostile', title: '</title><script>alert(1)</script>', turns: 1 });
    const span = file.resourceSpans[0]!.scopeSpans![0]!.spans![0]!;
    span.name = '</script><script>alert("pwned")</script><!--';
    span.attributes!.push({ key: 'text', value: { stringValue: 'line\u2028separator\u2029paragraph </SCRIPT > <!-- end' } });
    const dir = await tempDir();
    await writeSessionFile(dir, file);
    const { stdout } = await runCli(['html', 'ses_hostile', '--dir', dir, '-o', '-']);
    // The page's own three scripts are the only ones: nothing from the file closes or opens one.
    assert.equal(stdout.match(/<\/script/gi)!.length, 3);
    assert.equal(stdout.match(/<script/gi)!.length, 3);
    assert.doesNotMatch(stdout, /[\u2028\u2029]|<!--/);
    assert.match(stdout, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; &middot; otel-session<\/title>/);
    assert.deepEqual(JSON.parse(SESSION_DATA.exec(stdout)![1]!), file);
  });

  it('writes the page readable by its owner only (0600), as the session file it embeds, unless --mode says', async () => {
    const output = join(out, 'private.html');
    await writeFile(output, 'an older page', { mode: 0o644 });
    assert.equal((await runCli(['html', 'ses_agent_completed', '--dir', samples.dir, '-o', output])).code, 0);
    assert.equal((await stat(output)).mode & 0o777, 0o600);
    const shared = join(out, 'shared.html');
    assert.equal((await runCli(['html', 'ses_agent_completed', '--dir', samples.dir, '-o', shared, '--mode', '644'])).code, 0);
    assert.equal((await stat(shared)).mode & 0o777, 0o644);
    const { code, stderr } = await runCli(['html', 'ses_agent_completed', '--dir', samples.dir, '-o', shared, '--mode', '999']);
    assert.equal(code, 2);
    assert.match(stderr, /expected permission bits in octal/);
  });

  it('names the page after the session file when -o is left out', async () => {
    const cwd = await tempDir();
    const { code } = await runCli(['html', samples.paths.get('ses_agent_running')!], { cwd });
    assert.equal(code, 0);
    assert.match(await readFile(join(cwd, 'ses_agent_running.html'), 'utf8'), /Add rate limiting/);
  });

  it('fails with one line for a file that is not a session file', async () => {
    const path = await writeText(out, 'other.json', '{"resourceSpans":[]}');
    const { code, stderr } = await runCli(['html', path, '-o', join(out, 'x.html')]);
    assert.equal(code, 1);
    assert.match(stderr, /other\.json is not a session file: it has no "session" object/);
    assert.doesNotMatch(stderr, STACK_TRACE);
  });
});
