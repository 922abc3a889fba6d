import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { agentSessionFile, sessionFileText, TOOL_CRASH, type SessionFile } from '../fixtures/makeSessionFile.js';
import { runCli, STACK_TRACE } from '../runCli.js';
import { sampleDir, writeText, type SampleDir } from '../sessionDirs.js';

after(removeTempDirs);

type Json = Record<string, any>;

const SPAN = '$.resourceSpans[0].scopeSpans[0].spans';

/** Each way a file can break the format: what to change, where validate must point, and what it says. */
const BROKEN: Array<{ name: string; change: (file: Json) => void; path: string; message: RegExp }> = [
  { name: 'an unknown status', change: (f) => (f.session.status = 'done'), path: '$.session.status', message: /expected one of running, completed, error, interrupted, crashed, got "done"/ },
  { name: 'another format version', change: (f) => (f.session.formatVersion = 2), path: '$.session.formatVersion', message: /expected 1/ },
  { name: 'a time that is not ISO 8601', change: (f) => (f.session.startTime = 'yesterday'), path: '$.session.startTime', message: /ISO 8601/ },
  { name: 'a count of the wrong type', change: (f) => (f.session.droppedSpanCount = '0'), path: '$.session.droppedSpanCount', message: /expected an integer >= 0, got "0"/ },
  { name: 'a spanCount the spans contradict', change: (f) => (f.session.spanCount = 99), path: '$.session.spanCount', message: /says 99 spans, the file holds 16/ },
  { name: 'an openSpanCount the spans contradict', change: (f) => (f.session.openSpanCount = 1), path: '$.session.openSpanCount', message: /says 1 open spans, the file marks 0/ },
  { name: 'an unknown crash reason', change: (f) => (f.session.crash = { ...TOOL_CRASH, reason: 'oops' }), path: '$.session.crash.reason', message: /uncaughtException/ },
  { name: 'a token total that is not a number', change: (f) => (f.session.summary.tokens.input = '12'), path: '$.session.summary.tokens.input', message: /expected a number/ },
  { name: 'a tool call count that is not an integer', change: (f) => (f.session.summary.toolCalls.grep = 1.5), path: '$.session.summary.toolCalls.grep', message: /integer/ },
  { name: 'a missing resourceSpans', change: (f) => delete f.resourceSpans, path: '$.resourceSpans', message: /expected an array, got nothing/ },
  { name: 'a short trace id', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[0].traceId = 'abc123'), path: `${SPAN}[0].traceId`, message: /expected 32 hex digits, got "abc123"/ },
  { name: 'a span id that is not hex', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[1].spanId = 'zzzzzzzzzzzzzzzz'), path: `${SPAN}[1].spanId`, message: /expected 16 hex digits/ },
  { name: 'an all-zero span id', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[1].spanId = '0000000000000000'), path: `${SPAN}[1].spanId`, message: /all zeros/ },
  { name: 'a parent id of the wrong length', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[1].parentSpanId = 'abcd'), path: `${SPAN}[1].parentSpanId`, message: /16 hex digits/ },
  { name: 'a time as a JSON number', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[2].startTimeUnixNano = 1795639135126000000), path: `${SPAN}[2].startTimeUnixNano`, message: /decimal string/ },
  { name: 'an end before the start', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[2].endTimeUnixNano = '1'), path: `${SPAN}[2].endTimeUnixNano`, message: /before startTimeUnixNano/ },
  { name: 'a kind given by name', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[0].kind = 'SPAN_KIND_CLIENT'), path: `${SPAN}[0].kind`, message: /expected an integer/ },
  { name: 'a status code out of range', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[0].status.code = 7), path: `${SPAN}[0].status.code`, message: /0 \(unset\), 1 \(ok\) or 2 \(error\)/ },
  { name: 'an attribute value with two types', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value = { stringValue: 'a', intValue: 1 }), path: `${SPAN}[0].attributes[0].value`, message: /got stringValue and intValue/ },
  { name: 'an intValue that is not an integer', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value = { intValue: '1.5' }), path: `${SPAN}[0].attributes[0].value.intValue`, message: /integer/ },
  { name: 'an event without a time', change: (f) => delete f.resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano, path: `${SPAN}[0].events[0].timeUnixNano`, message: /decimal string, got nothing/ },
  { name: 'two spans with one id', change: (f) => (f.resourceSpans[0].scopeSpans[0].spans[1].spanId = f.resourceSpans[0].scopeSpans[0].spans[0].spanId, f.resourceSpans[0].scopeSpans[0].spans[1].traceId = f.resourceSpans[0].scopeSpans[0].spans[0].traceId), path: `${SPAN}[1].spanId`, message: /same spanId/ },
  { name: 'the spans before the header', change: (f) => { const session = f.session; delete f.session; f.session = session; }, path: '$', message: /"session" must come before "resourceSpans"/ },
];

describe('otel-session validate', () => {
  let samples: SampleDir;
  let good: SessionFile;
  before(async () => {
    samples = await sampleDir();
    good = await agentSessionFile({ id: 'ses_to_break' });
  });

  it('passes every sample session file', async () => {
    for (const [id, path] of samples.paths) {
      const { code, stdout, stderr } = await runCli(['validate', path]);
      assert.equal(code, 0, `${id}: ${stderr}`);
      const file = samples.files.get(id)!;
      assert.match(stdout, new RegExp(`valid session file \\(format version 1, ${file.session.spanCount} spans, ${file.session.openSpanCount} not ended\\)`));
    }
  });

  it('finds a session by id, or a unique prefix of one, in --dir or $OTEL_SESSION_FILE_DIRECTORY', async () => {
    const runs = [
      await runCli(['validate', 'chat/user-42 crashed', '--dir', samples.dir]),
      await runCli(['validate', 'chat/', '-d', samples.dir]),
      await runCli(['validate', 'chat/user-42 crashed'], { env: { OTEL_SESSION_FILE_DIRECTORY: samples.dir } }),
    ];
    for (const { code, stdout, stderr } of runs) {
      assert.equal(code, 0, stderr);
      assert.equal(stdout, `✓ ${samples.paths.get('chat/user-42 crashed')}: valid session file (format version 1, 7 spans, 2 not ended)\n`);
    }
  });

  it('names the file of an invalid session found by id', async () => {
    const dir = await tempDir();
    const file = structuredClone(good) as Json;
    file.session.spanCount = 99;
    const path = await writeText(dir, 'by-id.json', JSON.stringify(file));
    const { code, stderr } = await runCli(['validate', 'ses_to_break', '--dir', dir]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`^otel-session: error: ${path} is not a valid session file \\(1 problem\\):\n {2}\\$\\.session\\.spanCount: says 99 spans`));
  });

  for (const broken of BROKEN) {
    it(`fails ${broken.name}, naming ${broken.path}`, async () => {
      const file = structuredClone(good) as Json;
      broken.change(file);
      const path = await writeText(await tempDir(), 'broken.json', JSON.stringify(file));
      const { code, stderr } = await runCli(['validate', path]);
      assert.equal(code, 1, stderr);
      assert.match(stderr, /broken\.json is not a valid session file \(\d+ problems?\):/);
      const line = stderr.split('\n').find((l) => l.trim().startsWith(`${broken.path}: `));
      assert.ok(line, `no problem at ${broken.path} in:\n${stderr}`);
      assert.match(line, broken.message);
      assert.doesNotMatch(stderr, STACK_TRACE);
    });
  }

  it('checks that crashed spans carry status ERROR', async () => {
    const file = (await agentSessionFile({ id: 'ses_crashed', unended: 'crashed', crash: TOOL_CRASH })) as Json;
    const spans = file.resourceSpans[0].scopeSpans[0].spans as Json[];
    const index = spans.findIndex((span) => span.attributes.some((a: Json) => a.key === 'otel_session.span.state'));
    spans[index]!.status = { code: 0 };
    const { code, stderr } = await runCli(['validate', await writeText(await tempDir(), 'crashed.json', sessionFileText(file as SessionFile))]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`\\$\\.resourceSpans\\[0\\]\\.scopeSpans\\[0\\]\\.spans\\[${index}\\]\\.status\\.code: a span marked "crashed" must have status code 2`));
  });

  it('lists the first problems and counts the rest', async () => {
    const file = structuredClone(good) as Json;
    for (const span of file.resourceSpans[0].scopeSpans[0].spans) span.kind = -1;
    for (const span of file.resourceSpans[0].scopeSpans[0].spans) span.flags = 'x';
    const { stderr } = await runCli(['validate', await writeText(await tempDir(), 'many.json', JSON.stringify(file))]);
    assert.match(stderr, /\(32 problems\)/);
    assert.equal(stderr.split('\n').filter((line) => / {2}\$\.resourceSpans.*: expected an integer/.test(line)).length, 20);
    assert.match(stderr, /… and 12 more$/m);
  });

  it('checks every file it is given, as a shell glob hands them over, and fails if any is not valid', async () => {
    const paths = [...samples.paths.values()];
    const all = await runCli(['validate', ...paths]);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout.split('\n').filter((line) => line.startsWith('✓ ')).length, paths.length);
    const dir = await tempDir();
    const broken = structuredClone(good) as Json;
    broken.session.status = 'done';
    const brokenPath = await writeText(dir, 'broken.json', JSON.stringify(broken));
    const mixed = await runCli(['validate', paths[0]!, brokenPath, `${dir}/missing.json`, paths[1]!]);
    assert.equal(mixed.code, 1);
    const valid = mixed.stdout.trimEnd().split('\n');
    assert.deepEqual(valid.map((line) => line.slice(0, line.indexOf(': valid session file'))), [`✓ ${paths[0]}`, `✓ ${paths[1]}`]);
    const errors = mixed.stderr.split('\n').filter((line) => line.startsWith('otel-session: error: '));
    assert.equal(errors.length, 3, mixed.stderr);
    assert.match(errors[0]!, /broken\.json is not a valid session file \(1 problem\):$/);
    assert.match(mixed.stderr, /\$\.session\.status: expected one of/);
    assert.match(errors[1]!, /no file .*missing\.json/);
    assert.equal(errors[2], 'otel-session: error: 2 of 4 files are not valid session files');
    assert.doesNotMatch(mixed.stderr, STACK_TRACE);
  });

  it('fails a file that is not JSON, or not there, with one line', async () => {
    const dir = await tempDir();
    const notJson = await runCli(['validate', await writeText(dir, 'half.json', sessionFileText(good).slice(0, 100))]);
    assert.equal(notJson.code, 1);
    assert.match(notJson.stderr, /half\.json is not valid JSON/);
    const missing = await runCli(['validate', `${dir}/missing.json`, '--dir', dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no file .*missing\.json, and no session with that id in /);
    for (const { stderr } of [notJson, missing]) assert.doesNotMatch(stderr, STACK_TRACE);
  });
});
