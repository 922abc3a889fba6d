import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { FixtureChild } from './lib/FixtureChild.js';
import { readSessionFile } from './lib/sessionFile.js';

/**
 * The exit write of many sessions in a real child process: every crash record is in place before the
 * first of them is flushed to disk, so a process killed during the flush (a container's grace period
 * running out) loses none.
 */

after(removeTempDirs);

const SESSIONS = 20;

describe('the exit write of many sessions', () => {
  it('has every crash record in place before it flushes any, and keeps them all when killed while flushing', async () => {
    const directory = await tempDir('otel-session-exit-write-');
    const child = await FixtureChild.start('exitFlushHeld', [JSON.stringify({ directory, sessions: SESSIONS })]);
    const flushing = await child.waitFor('FLUSHING');
    child.kill('SIGKILL');
    assert.deepEqual(await child.ended(), { code: null, signal: 'SIGKILL' }, child.tail());

    assert.equal(Number(flushing.fields[1]), SESSIONS);
    const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
    assert.equal(files.length, SESSIONS);
    for (const name of files) {
      const file = readSessionFile(join(directory, name));
      assert.equal(file.session.status, 'crashed', name);
      assert.equal(file.session.crash?.error?.message, 'the exit flush is held', name);
    }
    assert.deepEqual(readdirSync(directory).filter((name) => /\.json\.\d/.test(name)), [], 'no temporary file left');
  });
});
