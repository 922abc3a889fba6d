import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { SoakChild } from './SoakChild.js';
import { runSoak } from './runSoak.js';

/**
 * Short soaks, in child processes: memory and bookkeeping come back after many sessions, a script that
 * only records exits by itself with its sessions on disk, and two processes sharing a directory with a
 * small maxFiles never delete each other's running sessions. soak.slow.test.ts runs the long soak.
 */

after(removeTempDirs);
const children: SoakChild[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function spawnChild(fixture: string, args: string[], nodeOptions: string[] = []): SoakChild {
  const child = new SoakChild(fixture, args, nodeOptions);
  children.push(child);
  return child;
}

function headerOf(path: string): SessionHeader {
  return (JSON.parse(readFileSync(path, 'utf8')) as { session: SessionHeader }).session;
}

describe('soak', () => {
  it('returns heap and bookkeeping to where they were after 1,000 sessions of 10 spans', { timeout: 120_000 }, async (t) => {
    const result = await runSoak(spawnChild, join(await tempDir(), 'sessions'), 1000, 10);
    t.diagnostic(result.summary);
    assert.ok(result.heapGrowthMb < 3, result.summary);
  });

  it('lets a script that only records sessions exit by itself, its sessions on disk', { timeout: 60_000 }, async (t) => {
    const directory = join(await tempDir(), 'sessions');
    const child = spawnChild('recordOnly', [directory, '200', '5']);
    await child.report('recorded');
    const recorded = performance.now();
    const exit = await child.exited;
    const exitMs = performance.now() - recorded;

    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, child.stderr);
    assert.ok(exitMs < 3000, `exited ${exitMs.toFixed(0)} ms after recording`);
    assert.equal(readdirSync(directory).length, 200);
    for (let s = 0; s < 200; s++) {
      const header = headerOf(join(directory, `ses_${s}.json`));
      assert.equal(header.spanCount, 5);
      if (s % 2 === 0) {
        assert.equal(header.status, 'completed');
      } else {
        assert.equal(header.status, 'interrupted');
        assert.deepEqual({ reason: header.crash?.reason, exitCode: header.crash?.exitCode }, { reason: 'exit', exitCode: 0 });
      }
    }
    t.diagnostic(`exited ${exitMs.toFixed(0)} ms after recording (${exit.elapsedMs.toFixed(0)} ms from spawn)`);
  });

  it('lets two live processes sweep one directory without deleting each other\'s running sessions', { timeout: 120_000 }, async (t) => {
    const directory = join(await tempDir(), 'sessions');
    const writers = ['A', 'B'].map((name) => spawnChild('retentionWriter', [directory, name, '3', '3']));
    const ready = await Promise.all(writers.map((writer) => writer.report<{ paths: string[] }>('ready')));
    const livePaths = ready.flatMap((r) => r.paths);

    for (const writer of writers) writer.send('churn 100');
    const churned = Promise.all(writers.map((writer) => writer.report<{ missing: string[] }>('churned')));
    let done = false;
    void churned.finally(() => (done = true));
    const vanished = new Set<string>();
    let looks = 0;
    while (!done) {
      for (const path of livePaths) if (!existsSync(path)) vanished.add(path);
      looks++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const { missing } of await churned) assert.deepEqual(missing, []);
    assert.deepEqual([...vanished], [], 'no running session file vanished while both processes were alive');

    // Each process keeps what it wrote recently, so the short sessions that are gone were swept by the other.
    const names = readdirSync(directory);
    const doneLeft = (name: string): number => names.filter((file) => file.startsWith(`${name}-done-`)).length;
    assert.ok(doneLeft('A') < 100 && doneLeft('B') < 100, `A kept ${doneLeft('A')}, B kept ${doneLeft('B')} of 100 each`);

    for (const writer of writers) {
      writer.send('end');
      writer.closeInput();
    }
    for (const writer of writers) {
      const { sessions } = await writer.report<{ sessions: Array<SessionHeader & { expected: number }> }>('verified');
      for (const session of sessions) {
        assert.equal(session.status, 'running');
        assert.equal(session.spanCount, session.expected, session.id);
        assert.equal(session.writer?.pid, writer.pid);
      }
      assert.equal((await writer.exited).code, 0, writer.stderr);
    }
    t.diagnostic(`${looks} looks at the 6 running files while both swept; short sessions left: A ${doneLeft('A')}, B ${doneLeft('B')} of 100`);
  });
});
