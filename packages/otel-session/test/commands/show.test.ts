import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { largeSessionFile, writeSessionFile } from '../fixtures/makeSessionFile.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, twoFilesOfOneId, writeText, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

/** The waterfall's lines: everything after the `SPAN … DURATION` heading. */
function waterfall(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  return lines.slice(lines.findIndex((line) => line.startsWith('SPAN ')) + 1);
}

describe('otel-session show', () => {
  let samples: SampleDir;
  before(async () => {
    samples = await sampleDir();
  });

  it('puts the status and the crash cause at the top, then the tree with crashed spans marked', async () => {
    const { code, stdout, stderr } = await runCli(['show', samples.paths.get('chat/user-42 crashed')!]);
    assert.equal(code, 0, stderr);
    const [title, crash] = stdout.split('\n');
    assert.equal(title, 'Migrate the database  crashed');
    assert.equal(crash, 'crash: uncaughtException, exit code 1: Error: tool run_tests crashed the sandbox');
    assert.match(stdout, /^spans 7 \(2 open, 0 dropped\)$/m);
    assert.match(stdout, /^LLM calls 1 · tokens 1\.2k in \/ 150 out \/ 800 cache read \(1\.4k total\) · cost \$0\.00585 · models claude-sonnet-4-5$/m);
    const rows = waterfall(stdout);
    assert.equal(rows.length, 7);
    assert.match(rows[0]!, /^invoke_agent coder\s+1\.05s\s+▒+\s+✗ crashed$/);
    assert.match(rows[1]!, /^├─ chat claude-sonnet-4-5\s+850ms\s+█+\s+tokens=1200→150$/);
    assert.match(rows.find((row) => row.includes('run_tests'))!, /^├─ execute_tool run_tests\s+181ms\s+▒+\s+✗ crashed$/);
    assert.match(rows[6]!, /^└─ execute_tool edit_file/);
  });

  it('marks error spans with their message and open spans as open', async () => {
    const { stdout } = await runCli(['show', samples.paths.get('ses_agent_running')!]);
    const rows = waterfall(stdout);
    assert.match(rows.find((row) => row.includes('run_tests') && row.includes('error'))!, /✗ error: 3 tests failed$/);
    assert.equal(rows.filter((row) => row.includes('◌ open')).length, 2);
  });

  it('names the key attributes the span name does not already say', async () => {
    const dir = await tempDir();
    const { agentSessionFile } = await import('../fixtures/makeSessionFile.js');
    const file = await agentSessionFile({ id: 'ses_renamed', turns: 1 });
    for (const group of file.resourceSpans) for (const scope of group.scopeSpans!) for (const span of scope.spans!) span.name = 'step';
    await writeSessionFile(dir, file);
    const rows = waterfall((await runCli(['show', 'ses_renamed', '--dir', dir], { env: { COLUMNS: '200' } })).stdout);
    assert.match(rows[0]!, /op=invoke_agent$/);
    assert.match(rows[1]!, /op=chat model=claude-sonnet-4-5 tokens=1200→150$/);
    assert.match(rows[2]!, /op=execute_tool tool=read_file$/);
  });

  it('finds a session by id in --dir, though its file name is sanitized', async () => {
    const { code, stdout } = await runCli(['show', 'chat/user-42 crashed', '--dir', samples.dir]);
    assert.equal(code, 0);
    assert.match(stdout, /^id chat\/user-42 crashed · file .*chat_user-42_crashed~[0-9a-f]{32}\.json$/m);
  });

  it('accepts a unique prefix of an id and names the candidates of an ambiguous one', async () => {
    assert.match((await runCli(['show', 'chat/', '--dir', samples.dir])).stdout, /Migrate the database/);
    const ambiguous = await runCli(['show', 'ses_agent', '--dir', samples.dir]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /"ses_agent" matches several sessions in .*: ses_agent_completed, ses_agent_running, ses_agent_refused/);
  });

  it('refuses an id held by several files, in every command that takes one, listing the files', async () => {
    const twice = await twoFilesOfOneId();
    const commands = [['show'], ['html', '-o', '-'], ['view', '--no-open'], ['send', '--endpoint', 'http://127.0.0.1:9'], ['validate']];
    for (const [command, ...options] of commands) {
      for (const reference of [twice.id, 'ses_tw']) {
        const { code, stderr } = await runCli([command!, reference, '--dir', twice.dir, ...options], { timeoutMs: 20_000 });
        assert.equal(code, 1, `${command} ${reference}: ${stderr}`);
        const [first, ...candidates] = stderr.trimEnd().split('\n');
        assert.equal(first, `otel-session: error: session "ses_twice" is in 2 files in ${twice.dir}; give the path of one:`);
        // Newest first: the second process wrote last.
        assert.match(candidates[0]!, new RegExp(`^  ${twice.sibling}  running, updated `));
        assert.match(candidates[1]!, new RegExp(`^  ${twice.main}\\s+crashed, updated `));
        assert.equal(candidates.length, 2);
      }
    }
  });

  it('shows the one file a path names, though its id is in several files', async () => {
    const twice = await twoFilesOfOneId();
    for (const [path, title] of [[twice.main, 'First process'], [twice.sibling, 'Second process']] as const) {
      const { code, stdout, stderr } = await runCli(['show', path, '--dir', twice.dir]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, new RegExp(`^${title} `));
      assert.match(stdout, new RegExp(`· file ${path}$`, 'm'));
    }
  });

  it('shows only the top levels with --depth, and counts what is below', async () => {
    const rows = waterfall((await runCli(['show', samples.paths.get('ses_agent_completed')!, '--depth', '1'])).stdout);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((row) => /^invoke_agent coder .*\+7 below$/.test(row)), rows.join('\n'));
  });

  it('keeps the spans matching --filter, with their parents', async () => {
    const rows = waterfall((await runCli(['show', samples.paths.get('ses_agent_completed')!, '--filter', 'tool.name=RUN_TESTS'])).stdout);
    assert.deepEqual(
      rows.map((row) => row.split(/\s{2,}/)[0]),
      ['invoke_agent coder', '└─ execute_tool run_tests', 'invoke_agent coder', '└─ execute_tool run_tests'],
    );
  });

  it('keeps only error spans and their parents with --errors', async () => {
    const rows = waterfall((await runCli(['show', samples.paths.get('ses_agent_completed')!, '--errors'])).stdout);
    assert.equal(rows.length, 2);
    assert.match(rows[1]!, /execute_tool run_tests .*✗ error: 3 tests failed/);
  });

  it('says when nothing matches', async () => {
    const { code, stdout } = await runCli(['show', samples.paths.get('ses_agent_completed')!, '--filter', 'no such span']);
    assert.equal(code, 0);
    assert.match(stdout, /\(no span matches\)/);
  });

  it('prints --limit rows and says how many were left out', async () => {
    const { stdout } = await runCli(['show', samples.paths.get('ses_agent_completed')!, '--limit', '5']);
    const rows = waterfall(stdout);
    assert.equal(rows.length, 6);
    assert.equal(rows[5], '… 11 more of 16 rows not shown (--limit 16 or --limit 0 shows all)');
    assert.equal(waterfall((await runCli(['show', samples.paths.get('ses_agent_completed')!, '--limit', '0'])).stdout).length, 16);
  });

  it('fits every waterfall line into the terminal width', async () => {
    for (const columns of ['60', '80', '200']) {
      const { stdout } = await runCli(['show', samples.paths.get('chat/user-42 crashed')!], { env: { COLUMNS: columns } });
      for (const row of waterfall(stdout)) assert.ok([...row].length <= Number(columns), `${[...row].length} > ${columns}: ${row}`);
    }
  });

  it('fails with one line, no stack trace, for a missing session or a corrupt file', async () => {
    const missing = await runCli(['show', 'ses_nobody', '--dir', samples.dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no file ses_nobody, and no session with that id in/);
    const corrupt = await runCli(['show', await writeText(samples.dir, 'corrupt.json', '{"session":{"formatVersion":1,"id":"x"')]);
    assert.equal(corrupt.code, 1);
    assert.match(corrupt.stderr, /corrupt\.json is not valid JSON/);
    const noDir = await runCli(['show', 'ses_x', '--dir', '/nonexistent/dir']);
    assert.equal(noDir.code, 1);
    assert.match(noDir.stderr, /no file ses_x, and no session ids to look it up in: directory \/nonexistent\/dir does not exist/);
    for (const { stderr } of [missing, corrupt, noDir]) assert.doesNotMatch(stderr, STACK_TRACE);
  });

  describe('with 100k spans', () => {
    let path: string;
    before(async () => {
      path = await writeSessionFile(await tempDir(), await largeSessionFile(100_000));
    });

    it('prints the first rows in a few seconds', async () => {
      const { code, stdout, ms } = await runCli(['show', path], { timeoutMs: 30_000 });
      assert.equal(code, 0);
      // A hang guard, not a benchmark: it takes about a second.
      assert.ok(ms < 20_000, `took ${Math.round(ms)} ms`);
      const rows = waterfall(stdout);
      assert.equal(rows.length, 201);
      assert.equal(rows[200], '… 99,800 more of 100,000 rows not shown (--limit 100000 or --limit 0 shows all)');
    });

    it('filters all of them quickly', async () => {
      const { code, stdout, ms } = await runCli(['show', path, '--errors', '--limit', '0'], { timeoutMs: 30_000 });
      assert.equal(code, 0);
      assert.ok(ms < 20_000, `took ${Math.round(ms)} ms`);
      // 10,000 turns of 10 spans, every 50th with a failing tool; each shown under its turn and the root.
      const rows = waterfall(stdout);
      assert.equal(rows.filter((row) => row.includes('✗ error')).length, 200);
      assert.equal(rows.length, 1 + 200 * 2);
    });
  });
});
