import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { agentSessionFile, sessionFileText, writeSessionFile } from '../fixtures/makeSessionFile.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, twoFilesOfOneId, writeText, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

describe('otel-session ls', () => {
  let samples: SampleDir;
  before(async () => {
    samples = await sampleDir();
  });

  it('lists every session newest first, with status, spans, duration, size and the summary', async () => {
    const { code, stdout, stderr } = await runCli(['ls', samples.dir]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+TITLE\s+STATUS\s+SPANS\s+OPEN\s+DURATION\s+UPDATED\s+SIZE\s+LLM\s+TOKENS\s+COST$/);
    const ids = lines.slice(1).map((line) => line.split(/\s{2,}/)[0]);
    // updateTime order of the samples: completed (2 turns) > running > error > crashed (1 turn each, shorter).
    assert.deepEqual(ids, ['ses_agent_completed', 'ses_agent_running', 'ses_agent_refused', 'chat/user-42 crashed']);
    const crashed = lines.find((line) => line.startsWith('chat/user-42 crashed'))!;
    assert.match(crashed, /Migrate the database\s+crashed\s+7\s+2\s+1\.05s/);
    assert.match(lines.find((line) => line.startsWith('ses_agent_completed'))!, /completed\s+16\s+0\s+5\.50s.*KiB\s+4\s+7\.4k\s+\$0\.0311$/);
  });

  it('cuts long ids and titles with an ellipsis to keep every line within the terminal width', async () => {
    const dir = await tempDir();
    const longId = `ses_${'0123456789'.repeat(8)}`;
    await writeSessionFile(dir, await agentSessionFile({ id: longId, title: 'A title that goes on well past the forty columns a title may take' }));
    await writeSessionFile(dir, await agentSessionFile({ id: 'ses_short', title: 'Short' }));
    for (const columns of [100, 120, 200]) {
      const { code, stdout, stderr } = await runCli(['ls', dir], { env: { COLUMNS: String(columns) } });
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      for (const line of lines) assert.ok([...line].length <= columns, `${[...line].length} > ${columns}: ${line}`);
      const [cutId, cutTitle] = lines.find((line) => line.startsWith('ses_0123'))!.split(/\s{2,}/);
      assert.match(cutId!, /^ses_0123\d+…$/);
      assert.match(cutTitle!, /^A title.*…$/);
      assert.match(lines.find((line) => line.startsWith('ses_short'))!, /^ses_short\s+Short\s+completed/);
    }
    // A cut id is still a prefix of the id, so it finds the session.
    const { stdout } = await runCli(['ls', dir], { env: { COLUMNS: '100' } });
    const prefix = stdout.split('\n').find((line) => line.startsWith('ses_0123'))!.split('…')[0]!;
    const shown = await runCli(['show', prefix, '--dir', dir]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^id ${longId} `, 'm'));
  });

  it('leaves out the summary, then open, size and duration, to fit a narrow terminal', async () => {
    const expected: Array<[number, RegExp]> = [
      [100, /^ID\s+TITLE\s+STATUS\s+SPANS\s+OPEN\s+DURATION\s+UPDATED\s+SIZE\s+LLM\s+TOKENS\s+COST$/],
      [90, /^ID\s+TITLE\s+STATUS\s+SPANS\s+OPEN\s+DURATION\s+UPDATED\s+SIZE\s+LLM\s+TOKENS$/],
      [80, /^ID\s+TITLE\s+STATUS\s+SPANS\s+OPEN\s+DURATION\s+UPDATED\s+SIZE$/],
      [70, /^ID\s+TITLE\s+STATUS\s+SPANS\s+DURATION\s+UPDATED\s+SIZE$/],
      [60, /^ID\s+TITLE\s+STATUS\s+SPANS\s+UPDATED$/],
    ];
    for (const [columns, header] of expected) {
      const { code, stdout, stderr } = await runCli(['ls', samples.dir], { env: { COLUMNS: String(columns) } });
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, header, `at ${columns} columns`);
      for (const line of lines) assert.ok([...line].length <= columns, `${[...line].length} > ${columns}: ${line}`);
      assert.match(lines.find((line) => line.startsWith('chat/user-'))!, /\scrashed\s+7(\s|$)/, 'status and spans always show');
    }
  });

  it('names the file of each row whose id is in several files', async () => {
    const twice = await twoFilesOfOneId();
    await writeSessionFile(twice.dir, await agentSessionFile({ id: 'ses_once' }));
    const { code, stdout } = await runCli(['ls', twice.dir], { env: { COLUMNS: '200' } });
    assert.equal(code, 0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    assert.match(header!, /\s+COST\s+FILE$/);
    assert.match(rows.find((row) => row.includes('Second process'))!, new RegExp(`^ses_twice .*\\s${basename(twice.sibling)}$`));
    assert.match(rows.find((row) => row.includes('First process'))!, new RegExp(`^ses_twice .*\\s${basename(twice.main)}$`));
    assert.match(rows.find((row) => row.startsWith('ses_once'))!, /\$\d+\.\d+$/);

    // A sanitized id makes long names (`chat_twice~<hash>~pid4343.json`): they are cut at the start.
    const sanitized = await twoFilesOfOneId('chat/twice');
    const narrow = await runCli(['ls', sanitized.dir], { env: { COLUMNS: '120' } });
    const siblingRow = narrow.stdout.split('\n').find((row) => row.includes('running'))!;
    assert.match(siblingRow, /\s…[0-9a-f]*~pid4343\.json$/, 'the end of a cut file name tells the files apart');
    assert.ok([...siblingRow].length <= 120, siblingRow);
  });

  it('prints headers as JSON with --json', async () => {
    const { code, stdout } = await runCli(['ls', samples.dir, '--json']);
    assert.equal(code, 0);
    const entries = JSON.parse(stdout) as Array<{ file: string; size: number; durationMs: number; session: { id: string; status: string } }>;
    assert.deepEqual(
      entries.map((entry) => [entry.session.id, entry.session.status]),
      [
        ['ses_agent_completed', 'completed'],
        ['ses_agent_running', 'running'],
        ['ses_agent_refused', 'error'],
        ['chat/user-42 crashed', 'crashed'],
      ],
    );
    assert.equal(entries[0]!.file, samples.paths.get('ses_agent_completed'));
    assert.ok(entries.every((entry) => entry.size > 0 && entry.durationMs > 0));
  });

  it('reads $OTEL_SESSION_FILE_DIRECTORY when no directory is given', async () => {
    const { code, stdout } = await runCli(['ls'], { env: { OTEL_SESSION_FILE_DIRECTORY: samples.dir } });
    assert.equal(code, 0);
    assert.match(stdout, /ses_agent_running/);
  });

  it('defaults to ./traces', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'traces'));
    await writeSessionFile(join(cwd, 'traces'), await agentSessionFile({ id: 'ses_in_traces' }));
    const { code, stdout } = await runCli(['ls'], { cwd });
    assert.equal(code, 0);
    assert.match(stdout, /ses_in_traces/);
  });

  it('lists corrupt and foreign files as corrupt, without failing', async () => {
    const dir = await tempDir();
    await writeText(dir, 'good.json', sessionFileText(await agentSessionFile({ id: 'ses_good' })));
    await writeText(dir, 'truncated.json', sessionFileText(await agentSessionFile({ id: 'ses_cut' })).slice(0, 500));
    await writeText(dir, 'empty.json', '');
    await writeText(dir, 'package.json', '{"name":"not-a-session"}');
    await writeText(dir, 'notes.txt', 'ignored: not .json');

    const table = await runCli(['ls', dir]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /ses_good\s+Fix the login bug\s+completed/);
    for (const name of ['truncated.json', 'empty.json', 'package.json']) {
      assert.match(table.stdout, new RegExp(`${name.replace('.', '\\.')}\\s+.*corrupt`), name);
    }
    assert.doesNotMatch(table.stdout, /notes\.txt/);

    const json = JSON.parse((await runCli(['ls', dir, '--json'])).stdout) as Array<{ file: string; problem?: string }>;
    const problems = Object.fromEntries(json.filter((e) => e.problem).map((e) => [e.file.split('/').pop(), e.problem]));
    assert.match(problems['truncated.json']!, /not valid JSON/);
    assert.equal(problems['empty.json'], 'empty file');
    assert.match(problems['package.json']!, /no "session" object/);
  });

  it('reads only the head of a large file', async () => {
    const dir = await tempDir();
    const text = sessionFileText(await agentSessionFile({ id: 'ses_head_only' }));
    const head = text.slice(0, text.indexOf(',"resourceSpans":[') + ',"resourceSpans":['.length);
    // Spans that are not JSON at all: listing must not even look at them.
    await writeText(dir, 'big.json', head + 'x'.repeat(1024 * 1024));
    const { code, stdout } = await runCli(['ls', dir]);
    assert.equal(code, 0);
    assert.match(stdout, /ses_head_only\s+Fix the login bug\s+completed/);
  });

  it('parses the whole file when its header is not at the start', async () => {
    const dir = await tempDir();
    const file = await agentSessionFile({ id: 'ses_pretty' });
    await writeText(dir, 'pretty.json', JSON.stringify({ resourceSpans: file.resourceSpans, session: file.session }, null, 2));
    const { stdout } = await runCli(['ls', dir]);
    assert.match(stdout, /ses_pretty\s+Fix the login bug\s+completed/);
  });

  it('says so when the directory has no session files', async () => {
    const dir = await tempDir();
    const { code, stdout } = await runCli(['ls', dir]);
    assert.equal(code, 0);
    assert.match(stdout, /No session files in/);
    assert.equal((await runCli(['ls', dir, '--json'])).stdout.trim(), '[]');
  });

  it('fails with exit code 1 and one line for a missing directory', async () => {
    const { code, stderr } = await runCli(['ls', '/nonexistent/otel-session-dir']);
    assert.equal(code, 1);
    assert.match(stderr, /directory \/nonexistent\/otel-session-dir does not exist/);
    assert.doesNotMatch(stderr, STACK_TRACE);
  });

  it('colours the statuses that need attention on FORCE_COLOR, and nothing with NO_COLOR', async () => {
    const coloured = await runCli(['ls', samples.dir], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.match(coloured.stdout, /\u001b\[1m\u001b\[31mcrashed/);
    assert.match(coloured.stdout, /\u001b\[31merror/);
    const plain = await runCli(['ls', samples.dir], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
  });
});
