import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { isWriterAlive } from '../../src/fs/isWriterAlive.js';

describe('isWriterAlive', () => {
  it('is true for a process that runs on this host', () => {
    assert.equal(isWriterAlive({ pid: process.pid, host: hostname() }), true);
  });

  it('is false for a process that has exited', () => {
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    assert.equal(isWriterAlive({ pid, host: hostname() }), false);
  });

  it('is false for a writer on another host, whatever its pid', () => {
    assert.equal(isWriterAlive({ pid: process.pid, host: `not-${hostname()}` }), false);
  });

  it('never probes process groups or malformed pids', () => {
    for (const pid of [0, -1, -process.pid, 1.5, Number.NaN, String(process.pid), undefined]) {
      assert.equal(isWriterAlive({ pid, host: hostname() }), false, String(pid));
    }
    for (const writer of [undefined, null, 'writer', 42]) assert.equal(isWriterAlive(writer), false);
  });
});
