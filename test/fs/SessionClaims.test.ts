import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, mock } from 'node:test';
import type { FileSystem } from '../../src/fs/FileSystem.js';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';
import { claimFileName, SessionClaims, STALE_CLAIM_MS } from '../../src/fs/SessionClaims.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

const KEY = 'ses';

function claims(directory: string, now?: () => number): SessionClaims {
  return new SessionClaims(nodeFileSystem, directory, 0o600, now);
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function plantClaim(directory: string, owner: object | string, ageMs = 0): string {
  const path = join(directory, claimFileName(KEY));
  writeFileSync(path, typeof owner === 'string' ? owner : JSON.stringify({ startTime: new Date().toISOString(), token: 'x', ...owner }));
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
  return path;
}

describe('SessionClaims', () => {
  it('gives the file to exactly one of two claimants, and names the owner to the other', async () => {
    const directory = await tempDir();
    const first = claims(directory);
    const second = claims(directory);
    assert.deepEqual(first.claimSync(KEY), { kind: 'owned' });
    const held = second.claimSync(KEY);
    assert.equal(held.kind, 'held');
    assert.equal(held.kind === 'held' && held.owner?.pid, process.pid);
    assert.equal(held.kind === 'held' && held.owner?.host, hostname());
    first.releaseAllSync();
    assert.deepEqual(second.claimSync(KEY), { kind: 'owned' });
    second.releaseAllSync();
  });

  it('takes over a claim whose process on this host is gone, whatever its age', async () => {
    const directory = await tempDir();
    plantClaim(directory, { pid: deadPid(), host: hostname() });
    const taker = claims(directory);
    assert.deepEqual(taker.claimSync(KEY), { kind: 'owned' });
    assert.equal(JSON.parse(readFileSync(join(directory, claimFileName(KEY)), 'utf8')).pid, process.pid);
    taker.releaseAllSync();
  });

  it('keeps a claim of another host until it has not been refreshed for STALE_CLAIM_MS', async () => {
    const directory = await tempDir();
    const other = { pid: process.pid, host: `not-${hostname()}` };
    plantClaim(directory, other, STALE_CLAIM_MS - 5_000);
    assert.equal(claims(directory).claimSync(KEY).kind, 'held');
    plantClaim(directory, other, STALE_CLAIM_MS + 5_000);
    const taker = claims(directory);
    assert.deepEqual(taker.claimSync(KEY), { kind: 'owned' });
    taker.releaseAllSync();
  });

  it('judges a claim that cannot be read (its writer died creating it) by its age', async () => {
    const directory = await tempDir();
    plantClaim(directory, '');
    assert.equal(claims(directory).claimSync(KEY).kind, 'held');
    plantClaim(directory, '', STALE_CLAIM_MS + 5_000);
    assert.equal(claims(directory).claimSync(KEY).kind, 'owned');
  });

  it('leaves a stale claim to a process that is taking it over right now', async () => {
    const directory = await tempDir();
    const path = plantClaim(directory, { pid: deadPid(), host: hostname() });
    writeFileSync(`${path}.takeover`, '1');
    assert.equal(claims(directory).claimSync(KEY).kind, 'held');
    // A takeover file as old as that was left by a taker that died: the next claimant clears it.
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.takeover`, old, old);
    const taker = claims(directory);
    assert.equal(taker.claimSync(KEY).kind, 'held');
    assert.equal(taker.claimSync(KEY).kind, 'owned');
    assert.equal(existsSync(`${path}.takeover`), false);
  });

  it("never deletes another owner's claim on release", async () => {
    const directory = await tempDir();
    const owner = claims(directory);
    assert.equal(owner.claimSync(KEY).kind, 'owned');
    // Judged gone and taken over meanwhile (from another host, say).
    const path = plantClaim(directory, { pid: 4242, host: `not-${hostname()}` });
    const theirs = readFileSync(path, 'utf8');
    owner.releaseSync(KEY);
    assert.equal(readFileSync(path, 'utf8'), theirs);
  });

  it('removes its own claim on release, and only once', async () => {
    const directory = await tempDir();
    const owner = claims(directory);
    assert.equal(owner.claimSync(KEY).kind, 'owned');
    owner.releaseSync(KEY);
    assert.equal(existsSync(join(directory, claimFileName(KEY))), false);
    const next = claims(directory);
    assert.equal(next.claimSync(KEY).kind, 'owned');
    owner.releaseSync(KEY);
    assert.equal(existsSync(join(directory, claimFileName(KEY))), true);
    next.releaseAllSync();
  });

  it('refreshes the claims it holds while alive, so that other hosts never judge them stale', async () => {
    const directory = await tempDir();
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const owner = claims(directory);
      assert.equal(owner.claimSync(KEY).kind, 'owned');
      const path = join(directory, claimFileName(KEY));
      const old = new Date(Date.now() - STALE_CLAIM_MS / 2);
      utimesSync(path, old, old);
      mock.timers.tick(STALE_CLAIM_MS / 2);
      assert.ok(Date.now() - statSync(path).mtimeMs < 5_000, 'refreshed');
      owner.releaseAllSync();
    } finally {
      mock.timers.reset();
    }
  });

  describe('releasing in the thread pool', () => {
    /** The real file system, with `readFile`'s answer held until the test lets it go. */
    function heldReads(): { fileSystem: FileSystem; started: Promise<void>; go(): void } {
      let go!: () => void;
      let started!: () => void;
      const gate = new Promise<void>((resolve) => (go = resolve));
      const startedPromise = new Promise<void>((resolve) => (started = resolve));
      const fileSystem: FileSystem = {
        ...nodeFileSystem,
        readFile: async (path) => {
          const bytes = await nodeFileSystem.readFile(path);
          started();
          await gate;
          return bytes;
        },
      };
      return { fileSystem, started: startedPromise, go };
    }

    it('owns the file again when the exit claim comes while a release is removing it', async () => {
      const directory = await tempDir();
      const held = heldReads();
      const owner = new SessionClaims(held.fileSystem, directory, 0o600);
      assert.deepEqual(owner.claimSync(KEY), { kind: 'owned' });
      const releasing = owner.release(KEY);
      await held.started;
      assert.deepEqual(owner.claimSync(KEY), { kind: 'owned' }, 'not mistaken for another writer');
      held.go();
      await releasing;
      assert.equal(existsSync(join(directory, claimFileName(KEY))), true, 'the release leaves the claim it no longer holds');
      owner.releaseAllSync();
    });

    it('removes its claim, and resolves released() once it is gone', async () => {
      const directory = await tempDir();
      const owner = claims(directory);
      assert.deepEqual(owner.claimSync(KEY), { kind: 'owned' });
      void owner.release(KEY);
      await owner.released();
      assert.equal(existsSync(join(directory, claimFileName(KEY))), false);
      assert.deepEqual(claims(directory).claimSync(KEY), { kind: 'owned' });
    });
  });

  it('answers failed, without throwing, when the claim cannot be created', async () => {
    const directory = join(await tempDir(), 'missing');
    const result = claims(directory).claimSync(KEY);
    assert.equal(result.kind, 'failed');
  });
});
