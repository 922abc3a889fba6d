import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { markerOf } from '../helpers/sessionSnapshot.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { FixtureChild } from './lib/FixtureChild.js';
import { readSessionFile, spansByName, type FileSpan } from './lib/sessionFile.js';
import { CRASH_MARKER, RESUME_CRASH_MESSAGE } from './lib/scenarioFacts.js';

/**
 * Sessions across crashes, in real child processes: two sessions sharing one exporter (the exit hook and
 * the per-session crash guard touch only the session they are about), one session continued by the next
 * process after a crash, and one session id written by two live processes at once.
 */

after(removeTempDirs);

/** Waits long enough for a late rename of a dead process to have landed, if one could. */
const LATE_RENAME_WAIT_MS = 300;

function names(spans: Map<string, FileSpan>): string[] {
  return [...spans.keys()].sort();
}

describe('sessions across crashes', () => {
  it('crashes the open session and leaves the completed one of the same exporter as it was', async () => {
    const directory = await tempDir('otel-session-sessions-');
    const child = await FixtureChild.start('twoSessions', [JSON.stringify({ directory, mode: 'exit hook' })]);
    assert.deepEqual(await child.ended(), { code: 1, signal: null }, child.tail());
    const open = readSessionFile(join(directory, 'open.json'));
    const done = readSessionFile(join(directory, 'done.json'));
    assert.equal(open.session.status, 'crashed');
    assert.equal(open.session.crash?.reason, 'uncaughtException');
    assert.equal(open.session.crash?.error?.message, 'one of two sessions crashes');
    assert.deepEqual(names(spansByName(open)), ['open-1', 'open-2', 'open-root']);
    assert.equal(spansByName(open).get('open-2')?.state, 'crashed');
    assert.equal(done.session.status, 'completed');
    assert.equal(done.session.crash, undefined);
    assert.deepEqual(names(spansByName(done)), ['done-1', 'done-root']);
  });

  it("guards only the crashed session: the other one's writes in flight and later land, and it ends completed", async () => {
    const directory = await tempDir('otel-session-sessions-');
    const child = await FixtureChild.start('twoSessions', [JSON.stringify({ directory, mode: 'guard' })]);
    assert.deepEqual(await child.ended(), { code: 0, signal: null }, child.tail());
    const record = child.lines.findIndex((line) => line.fields[0] === 'CRASH-RECORD');
    assert.equal(child.lines[record]?.fields[1], 'stored');
    // `W` lines: which asynchronous writes landed after the crash record.
    const landedAfter = child.lines.slice(record).filter((line) => line.fields[0] === 'W').map((line) => line.fields.slice(1, 3).join(' '));
    assert.equal(landedAfter[0], 'alive 1', 'the write of the other session that was in flight landed');
    assert.deepEqual(landedAfter.filter((write) => write.startsWith('crashed ')), []);
    const crashedPath = join(directory, 'crashed.json');
    const crashedText = readFileSync(crashedPath, 'utf8');
    // The held write of `crashed` was let go after the crash record, and the session kept recording,
    // ended and was shut down: none of those writes landed.
    assert.equal(markerOf(crashedText), CRASH_MARKER);
    assert.equal(readSessionFile(crashedPath).session.status, 'crashed');
    const alive = readSessionFile(join(directory, 'alive.json'));
    assert.equal(alive.session.status, 'completed');
    assert.deepEqual(names(spansByName(alive)), ['alive-1', 'alive-2', 'alive-3', 'alive-4', 'alive-5', 'alive-root']);
    await sleep(LATE_RENAME_WAIT_MS);
    assert.equal(readFileSync(crashedPath, 'utf8'), crashedText);
    assert.deepEqual(readdirSync(directory).sort(), ['alive.json', 'crashed.json']);
  });

  it('continues a crashed session in the next process: one file, both runs, the crash in its history', async () => {
    const directory = await tempDir('otel-session-sessions-');
    const sessionId = 'resumed';
    const run = async (number: 1 | 2) => {
      const child = await FixtureChild.start('resumeSession', [JSON.stringify({ directory, sessionId, run: number })]);
      return { exit: await child.ended(), child };
    };
    const first = await run(1);
    assert.deepEqual(first.exit, { code: 1, signal: null }, first.child.tail());
    const crashed = readSessionFile(join(directory, `${sessionId}.json`));
    assert.equal(crashed.session.status, 'crashed');
    assert.equal(spansByName(crashed).get('run1-open')?.state, 'crashed');

    const second = await run(2);
    assert.deepEqual(second.exit, { code: 0, signal: null }, second.child.tail());
    assert.deepEqual(readdirSync(directory), [`${sessionId}.json`]);
    const file = readSessionFile(join(directory, `${sessionId}.json`));
    const spans = spansByName(file);
    assert.deepEqual(names(spans), ['run1-a', 'run1-b', 'run1-open', 'run2-a', 'run2-b', 'turn-1', 'turn-2']);
    assert.equal(spans.get('run1-open')?.state, 'interrupted');
    assert.equal(spans.get('run1-open')?.statusCode, 2);
    assert.equal(spans.get('turn-1')?.state, 'interrupted');
    for (const name of ['run1-a', 'run1-b', 'run2-a', 'run2-b', 'turn-2']) assert.equal(spans.get(name)?.state, undefined, name);
    const { session } = file;
    assert.equal(session.status, 'completed');
    assert.equal(session.resumeCount, 1);
    assert.deepEqual(session.segments?.map((segment) => segment.status), ['crashed', 'completed']);
    assert.equal(session.segments?.[0]?.crash?.reason, 'uncaughtException');
    assert.equal(session.segments?.[0]?.crash?.error?.message, RESUME_CRASH_MESSAGE);
    assert.equal(session.segments?.[0]?.writer.pid, first.child.pid);
    assert.equal(session.segments?.[1]?.writer.pid, second.child.pid);
  });

  it('gives a second live writer of the same session a sibling file, and neither loses a span', async () => {
    const directory = await tempDir('otel-session-sessions-');
    const sessionId = 'shared';
    const start = (name: string) => FixtureChild.start('concurrentWriter', [JSON.stringify({ directory, sessionId, name })]);
    const first = await start('first');
    const firstPath = (await first.waitFor('READY')).fields[2];
    const second = await start('second');
    const secondPath = (await second.waitFor('READY')).fields[2];
    assert.equal(firstPath, join(directory, `${sessionId}.json`));
    assert.equal(secondPath, join(directory, `${sessionId}~pid${second.pid}.json`));

    // Both alive, both writing, then both end.
    first.tell('more');
    second.tell('more');
    await Promise.all([first.waitFor('MORE-DONE'), second.waitFor('MORE-DONE')]);
    first.tell('end');
    second.tell('end');
    assert.deepEqual(await first.ended(), { code: 0, signal: null }, first.tail());
    assert.deepEqual(await second.ended(), { code: 0, signal: null }, second.tail());

    assert.deepEqual(readdirSync(directory).sort(), [basename(firstPath!), basename(secondPath!)].sort());
    const expected = (name: string) => [`${name}-1`, `${name}-more-1`, `${name}-more-2`, `${name}-more-3`, `${name}-root`];
    const firstFile = readSessionFile(firstPath!);
    const secondFile = readSessionFile(secondPath!);
    assert.deepEqual(names(spansByName(firstFile)), expected('first'));
    assert.deepEqual(names(spansByName(secondFile)), expected('second'));
    assert.equal(firstFile.session.status, 'completed');
    assert.equal(secondFile.session.status, 'completed');
    assert.equal(firstFile.session.writer?.pid, first.pid);
    assert.equal(secondFile.session.writer?.pid, second.pid);

    // Both gone: the next process to continue the session takes the sibling back into the session's file.
    const third = await start('third');
    assert.equal((await third.waitFor('READY')).fields[2], firstPath);
    third.tell('end');
    assert.deepEqual(await third.ended(), { code: 0, signal: null }, third.tail());
    assert.deepEqual(readdirSync(directory), [basename(firstPath!)]);
    const whole = readSessionFile(firstPath!);
    assert.deepEqual(names(spansByName(whole)), [...expected('first'), ...expected('second'), 'third-1', 'third-root'].sort());
    const segments = whole.session.segments ?? [];
    assert.deepEqual(segments.map((segment) => segment.writer.pid), [first.pid, second.pid, third.pid]);
    assert.deepEqual(segments.map((segment) => segment.status), ['completed', 'completed', 'completed']);
    assert.equal(whole.session.resumeCount, 2);
    assert.equal(whole.session.spanCount, 12);
  });
});
