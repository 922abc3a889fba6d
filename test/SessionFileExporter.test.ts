import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile, rm, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SessionFileExporter } from '../src/SessionFileExporter.js';
import { readSessionHeader } from '../src/fs/readSessionHeader.js';
import { SessionWriteDiscardedError } from '../src/fs/writeErrors.js';
import { hostTag } from '../src/fs/temporaryFileName.js';
import { captureDiag, type DiagCapture } from './helpers/captureDiag.js';
import { FailingFs } from './helpers/FailingFs.js';
import { failNodeFsWriteHalfway, holdNodeFs, type HeldCall } from './helpers/patchNodeFs.js';
import { headerOf, liveWriter, markerOf, snapshotOf, writeSessionFile } from './helpers/sessionSnapshot.js';
import { SlowFs } from './helpers/SlowFs.js';
import { removeTempDirs, tempDir } from './helpers/tempDir.js';
import { childOf, pipeline, shutdownPipelines, until } from './faults/pipeline.js';

const { SUCCESS, FAILED } = ExportResultCode;
const TEMP_FILE = /\.json\.\d+(?:\.[0-9a-f]{8}\.\d+)?$/;

after(removeTempDirs);

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

/** A fresh directory for the exporter to create: `<temp>/sessions`. */
async function sessionsDir(): Promise<string> {
  return join(await tempDir(), 'sessions');
}

function markerAt(path: string): string {
  return markerOf(readFileSync(path, 'utf8'));
}

function tempFilesIn(directory: string): string[] {
  return readdirSync(directory).filter((name) => TEMP_FILE.test(name));
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function assertDiscarded(result: ExportResult, reason: 'crashed' | 'superseded'): void {
  assert.equal(result.code, FAILED);
  assert.ok(result.error instanceof SessionWriteDiscardedError, `expected a discarded write, got ${result.error}`);
  assert.equal(result.error.reason, reason);
}

/** Starts an asynchronous write of `id`, holds it at its rename, runs `meanwhile`, then lets it go on. */
async function interruptRename(exporter: SessionFileExporter, id: string, marker: string, meanwhile: () => void): Promise<ExportResult> {
  const file = basename(exporter.pathFor(id));
  const rename = holdNodeFs('rename', ([, to]) => basename(String(to)) === file);
  try {
    const result = exporter.exportSession(snapshotOf(id, marker));
    await rename.reached;
    meanwhile();
    rename.release();
    return await result;
  } finally {
    rename.restore();
  }
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid !== undefined && child.pid > 0);
  return child.pid;
}

/** The directory's names after an exporter with `maxFiles` wrote one session (`mine`) and swept. */
async function afterOneWrite(directory: string, maxFiles: number): Promise<string[]> {
  const exporter = new SessionFileExporter({ directory, maxFiles });
  assert.equal((await exporter.exportSession(snapshotOf('mine', 'new'))).code, SUCCESS);
  await exporter.forceFlush();
  // Shut down: the exporter's claim on `mine.json` is no file of the sweep's.
  await exporter.shutdown();
  return readdirSync(directory).sort();
}

function minutesAgo(minutes: number): Date {
  return new Date(Date.now() - minutes * 60_000);
}

describe('SessionFileExporter', () => {
  describe('writing a session', () => {
    it('writes the header first, then the resourceSpans, as one JSON document ending in a newline', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      const snapshot = snapshotOf('ses_1', 'first', { header: { title: 'Fix "the" bug ✓' } });

      assert.deepEqual(await exporter.exportSession(snapshot), { code: SUCCESS });

      const text = readFileSync(exporter.pathFor('ses_1'), 'utf8');
      assert.ok(text.startsWith(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":[`));
      assert.ok(text.endsWith('}\n'));
      assert.deepEqual(JSON.parse(text), {
        session: snapshot.header,
        resourceSpans: JSON.parse(Buffer.concat(snapshot.resourceSpans).toString()),
      });
    });

    it('writes the same bytes synchronously with exportSessionSync', async () => {
      const directory = await sessionsDir();
      const asyncExporter = new SessionFileExporter({ directory: join(directory, 'a') });
      const syncExporter = new SessionFileExporter({ directory: join(directory, 's') });
      const snapshot = snapshotOf('ses_1', 'same', { paddingBytes: 10_000 });

      await asyncExporter.exportSession(snapshot);
      assert.deepEqual(syncExporter.exportSessionSync(snapshot), { code: SUCCESS });

      assert.deepEqual(readFileSync(syncExporter.pathFor('ses_1')), readFileSync(asyncExporter.pathFor('ses_1')));
    });

    it('creates the directory and its parents lazily, on the first write', async () => {
      const directory = join(await sessionsDir(), 'deep', 'er');
      const exporter = new SessionFileExporter({ directory });
      assert.equal(existsSync(directory), false);

      await exporter.exportSession(snapshotOf('ses_1', 'first'));

      assert.equal(markerAt(join(directory, 'ses_1.json')), 'first');
    });

    it('names the file after the sanitized id, at an absolute path inside the directory', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory });
      await exporter.exportSession(snapshotOf('../../escape', 'inside'));

      const path = exporter.pathFor('../../escape');
      assert.ok(isAbsolute(path));
      assert.deepEqual(readdirSync(directory), [basename(path), `${basename(path)}.claim`]);
      await exporter.shutdown();
      assert.deepEqual(readdirSync(directory), [basename(path)]);
      assert.equal((await readSessionHeader(path))?.id, '../../escape');
    });

    it('answers FAILED, without throwing, for a snapshot without a string id', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      const broken = { header: { id: 42 }, resourceSpans: [] } as never;

      assert.equal((await exporter.exportSession(broken)).code, FAILED);
      assert.equal(exporter.exportSessionSync(broken).code, FAILED);
    });
  });

  describe('atomic replacement', () => {
    it('never lets a concurrent reader see a partial file during many writes', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      const path = exporter.pathFor('ses_1');
      await exporter.exportSession(snapshotOf('ses_1', 'w0'));
      let writing = true;
      const seen = new Set<string>();
      const reader = (async () => {
        while (writing) {
          // JSON.parse throws on a partial file and fails the test.
          seen.add(markerOf(await readFile(path, 'utf8')));
        }
      })();

      for (let i = 1; i <= 60; i++) {
        // Alternating sizes: a torn write would mix a long file's tail into a short one or cut a long one.
        const result = await exporter.exportSession(snapshotOf('ses_1', `w${i}`, { paddingBytes: i % 2 ? 300_000 : 10 }));
        assert.equal(result.code, SUCCESS);
      }
      writing = false;
      await reader;

      assert.ok(seen.size > 1, `the reader saw only ${[...seen]}`);
      assert.equal(markerAt(path), 'w60');
    });

    for (const code of ['ENOSPC', 'EIO']) {
      it(`keeps the previous file and removes the temporary file when the data write fails halfway with ${code}`, async () => {
        const directory = await sessionsDir();
        const exporter = new SessionFileExporter({ directory });
        await exporter.exportSession(snapshotOf('ses_1', 'good'));
        const restore = failNodeFsWriteHalfway(code, ([, data]) => Array.isArray(data) && Buffer.concat(data).includes('"broken"'));
        try {
          const result = await exporter.exportSession(snapshotOf('ses_1', 'broken', { paddingBytes: 100_000 }));

          assert.equal(result.code, FAILED);
          assert.equal((result.error as NodeJS.ErrnoException).code, code);
        } finally {
          restore();
        }
        assert.equal(markerAt(exporter.pathFor('ses_1')), 'good');
        assert.deepEqual(tempFilesIn(directory), []);
        assert.equal(diagnostics.messages('error').length, 1);
      });
    }

    for (const code of ['ENOSPC', 'EIO', 'EACCES', 'EPERM', 'EMFILE']) {
      it(`answers FAILED with the ${code} error, never throws, and keeps the previous file`, async () => {
        const fileSystem = new FailingFs();
        const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
        await exporter.exportSession(snapshotOf('ses_1', 'good'));
        fileSystem.failAlways('writeFileAtomic', code).failAlways('writeFileAtomicSync', code);

        const result = await exporter.exportSession(snapshotOf('ses_1', 'lost'));
        const syncResult = exporter.exportSessionSync(snapshotOf('ses_1', 'lost too'));

        assert.equal(result.code, FAILED);
        assert.equal((result.error as NodeJS.ErrnoException).code, code);
        assert.equal(syncResult.code, FAILED);
        assert.equal(markerAt(exporter.pathFor('ses_1')), 'good');
      });
    }

    it('reports a failure once per session per failure streak, and the recovery once', async () => {
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
      fileSystem.failAlways('writeFileAtomic', 'ENOSPC');

      for (let i = 0; i < 3; i++) await exporter.exportSession(snapshotOf('ses_1', `lost ${i}`));
      await exporter.exportSession(snapshotOf('ses_2', 'lost'));
      assert.equal(diagnostics.messages('error').length, 2, 'one line per failing session');
      assert.match(diagnostics.messages('error')[0]!, /ses_1\.json \(ENOSPC\)/);

      fileSystem.heal();
      await exporter.exportSession(snapshotOf('ses_1', 'back'));
      await exporter.exportSession(snapshotOf('ses_1', 'still back'));
      assert.equal(diagnostics.messages('info').filter((m) => m.includes('ses_1.json')).length, 1);

      fileSystem.failAlways('writeFileAtomic', 'EIO');
      await exporter.exportSession(snapshotOf('ses_1', 'lost again'));
      assert.equal(diagnostics.messages('error').length, 3, 'a new streak is reported again');
    });

    it('recreates a removed directory with directoryMode and writes again', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory, directoryMode: 0o750 });
      await exporter.exportSession(snapshotOf('ses_1', 'first'));
      await rm(directory, { recursive: true });

      assert.equal((await exporter.exportSession(snapshotOf('ses_1', 'async'))).code, SUCCESS);
      assert.equal(markerAt(exporter.pathFor('ses_1')), 'async');
      assert.equal(modeOf(directory), 0o750);

      await rm(directory, { recursive: true });
      assert.equal(exporter.exportSessionSync(snapshotOf('ses_1', 'sync')).code, SUCCESS);
      assert.equal(markerAt(exporter.pathFor('ses_1')), 'sync');
      assert.equal(diagnostics.messages('error').length, 0);
    });

    it('answers FAILED, reported once, when a file stands where the directory should be', async () => {
      const directory = await sessionsDir();
      writeFileSync(directory, 'not a directory');
      const exporter = new SessionFileExporter({ directory });

      const results = [
        await exporter.exportSession(snapshotOf('ses_1', 'a')),
        await exporter.exportSession(snapshotOf('ses_1', 'b')),
        exporter.exportSessionSync(snapshotOf('ses_1', 'c')),
      ];

      assert.deepEqual(results.map((r) => r.code), [FAILED, FAILED, FAILED]);
      assert.equal(diagnostics.messages('error').length, 1);
      assert.equal(readFileSync(directory, 'utf8'), 'not a directory');
    });

    for (const code of ['EAGAIN', 'EBUSY']) {
      it(`retries ${code} a few times with a short pause, asynchronously and synchronously`, async () => {
        const fileSystem = new FailingFs();
        const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });

        fileSystem.failNext('writeFileAtomic', code, 2);
        assert.equal((await exporter.exportSession(snapshotOf('ses_1', 'async'))).code, SUCCESS);
        assert.equal(fileSystem.count('writeFileAtomic'), 3);

        fileSystem.failNext('writeFileAtomicSync', code, 2);
        assert.equal(exporter.exportSessionSync(snapshotOf('ses_1', 'sync')).code, SUCCESS);
        assert.equal(fileSystem.count('writeFileAtomicSync'), 3);
        assert.equal(markerAt(exporter.pathFor('ses_1')), 'sync');
      });
    }

    it('gives up on a file that stays busy and answers FAILED', async () => {
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
      fileSystem.failAlways('writeFileAtomic', 'EBUSY');

      const result = await exporter.exportSession(snapshotOf('ses_1', 'busy'));

      assert.equal(result.code, FAILED);
      assert.equal(fileSystem.count('writeFileAtomic'), 4);
    });

    it('flushes the directory after the rename when fsyncDirectory is set', async () => {
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem, fsyncDirectory: true });
      await exporter.exportSession(snapshotOf('ses_1', 'a'));
      exporter.exportSessionSync(snapshotOf('ses_1', 'b'));
      const plain = new FailingFs();
      await new SessionFileExporter({ directory: await sessionsDir(), fileSystem: plain }).exportSession(snapshotOf('ses_1', 'a'));

      assert.equal(fileSystem.count('fsyncDirectory'), 1);
      assert.equal(fileSystem.count('fsyncDirectorySync'), 1);
      assert.equal(plain.count('fsyncDirectory'), 0);
    });
  });

  describe('crash guard', () => {
    for (const id of ['ses_1', 'a/b:c.d']) {
      it(`discards asynchronous writes of a crashed session and keeps the crash record (${id})`, async () => {
        const exporter = new SessionFileExporter({ directory: await sessionsDir() });
        await exporter.exportSession(snapshotOf(id, 'running'));

        exporter.markCrashed(id);
        assert.equal(exporter.exportSessionSync(snapshotOf(id, 'crash')).code, SUCCESS);
        const late = await exporter.exportSession(snapshotOf(id, 'late'));

        assertDiscarded(late, 'crashed');
        assert.equal(markerAt(exporter.pathFor(id)), 'crash');
        assert.equal(diagnostics.messages('error').length, 0);
        assert.equal(diagnostics.messages('debug').filter((m) => m.includes('discarded')).length, 1);
      });
    }

    it('leaves the other sessions of the same exporter writing', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      exporter.markCrashed('a/b:c.d');

      assert.equal((await exporter.exportSession(snapshotOf('a/b:c.e', 'other'))).code, SUCCESS);
      assert.equal((await exporter.exportSession(snapshotOf('a_b_c.d', 'lookalike'))).code, SUCCESS);
      assertDiscarded(await exporter.exportSession(snapshotOf('a/b:c.d', 'crashed')), 'crashed');
    });

    it('discards writes that were already waiting when the session crashed', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory, fileSystem: new SlowFs(20) });
      const pending = Array.from({ length: 5 }, (_, i) => exporter.exportSession(snapshotOf('a/b:c.d', `slow ${i}`)));
      const other = exporter.exportSession(snapshotOf('ses_other', 'other'));

      exporter.markCrashed('a/b:c.d');
      assert.equal(exporter.exportSessionSync(snapshotOf('a/b:c.d', 'crash')).code, SUCCESS);

      for (const result of await Promise.all(pending)) assertDiscarded(result, 'crashed');
      assert.equal((await other).code, SUCCESS);
      assert.equal(markerAt(exporter.pathFor('a/b:c.d')), 'crash');
      assert.deepEqual(tempFilesIn(directory), []);
    });

    // The late write is held inside the atomic write at one step, the crash lands, then the step goes on.
    const heldSteps: Array<[string, (file: string) => HeldCall]> = [
      ['waits to rename', (file) => holdNodeFs('rename', ([, to]) => basename(String(to)) === file)],
      ['is still writing its data', () => holdNodeFs('writev', ([, data]) => Array.isArray(data) && Buffer.concat(data).includes('"late"'))],
    ];
    for (const [step, hold] of heldSteps) {
      it(`keeps the crash record when the crash lands while an asynchronous write ${step} (20 rounds)`, async () => {
        for (let round = 0; round < 20; round++) {
          const directory = await sessionsDir();
          const exporter = new SessionFileExporter({ directory });
          const id = round % 2 ? 'a/b:c.d' : 'ses_1';
          await exporter.exportSession(snapshotOf(id, 'before'));
          const held = hold(basename(exporter.pathFor(id)));
          try {
            const late = exporter.exportSession(snapshotOf(id, 'late', { paddingBytes: 50_000 }));
            await held.reached;

            exporter.markCrashed(id);
            assert.equal(exporter.exportSessionSync(snapshotOf(id, 'crash')).code, SUCCESS);
            held.release();

            assertDiscarded(await late, 'crashed');
          } finally {
            held.restore();
          }
          assert.equal(markerAt(exporter.pathFor(id)), 'crash', `round ${round}`);
          assert.deepEqual(tempFilesIn(directory), []);
        }
      });
    }

    it('stops an asynchronous write in flight with markCrashed alone', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      await exporter.exportSession(snapshotOf('ses_1', 'before'));

      const late = await interruptRename(exporter, 'ses_1', 'late', () => exporter.markCrashed('ses_1'));

      assertDiscarded(late, 'crashed');
      assert.equal(markerAt(exporter.pathFor('ses_1')), 'before');
    });

    it('lets a synchronous write supersede the asynchronous writes of its session in flight', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      await exporter.exportSession(snapshotOf('ses_1', 'before'));

      const older = await interruptRename(exporter, 'ses_1', 'older', () => {
        assert.equal(exporter.exportSessionSync(snapshotOf('ses_1', 'newer')).code, SUCCESS);
      });

      assertDiscarded(older, 'superseded');
      assert.equal(markerAt(exporter.pathFor('ses_1')), 'newer');
      assert.equal((await exporter.exportSession(snapshotOf('ses_1', 'after'))).code, SUCCESS);
    });

    it('forgets the oldest guard, with a warning, beyond 10,000 crashed sessions', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      for (let i = 0; i <= 10_000; i++) exporter.markCrashed(`ses_${i}`);

      assert.equal(diagnostics.messages('warn').filter((m) => m.includes('"ses_0"')).length, 1);
      assert.equal((await exporter.exportSession(snapshotOf('ses_0', 'allowed again'))).code, SUCCESS);
      assertDiscarded(await exporter.exportSession(snapshotOf('ses_1', 'still guarded')), 'crashed');
    });
  });

  describe('exit write of many sessions (exportSessionsSync)', () => {
    const IDS = ['ses_a', 'ses_b', 'a/b:c.d'];

    /** A real file system that runs `atFirstFlush` when the first placed file is about to be flushed. */
    class FlushWatchingFs extends FailingFs {
      constructor(private readonly atFirstFlush: () => void) {
        super();
      }
      override fsyncFileSync(path: string): void {
        if (this.count('fsyncFileSync') === 0) this.atFirstFlush();
        super.fsyncFileSync(path);
      }
    }

    async function writtenBefore(exporter: SessionFileExporter): Promise<void> {
      for (const id of IDS) assert.equal((await exporter.exportSession(snapshotOf(id, 'running'))).code, SUCCESS);
    }

    it('puts every record in place before it flushes any to disk', async () => {
      const directory = await sessionsDir();
      let inPlaceAtFirstFlush: string[] = [];
      const fileSystem = new FlushWatchingFs(() => {
        inPlaceAtFirstFlush = IDS.map((id) => markerAt(exporter.pathFor(id)));
      });
      const exporter = new SessionFileExporter({ directory, fileSystem });
      await writtenBefore(exporter);

      const results = exporter.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));

      assert.deepEqual(results.map((r) => r.code), [SUCCESS, SUCCESS, SUCCESS]);
      assert.deepEqual(inPlaceAtFirstFlush, ['crash', 'crash', 'crash']);
      assert.equal(fileSystem.count('fsyncFileSync'), 3);
      assert.deepEqual(tempFilesIn(directory), []);
    });

    it('flushes every placed file and then the directory once; with fsync off, neither', async () => {
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
      const plain = new FailingFs();
      const unflushed = new SessionFileExporter({ directory: await sessionsDir(), fileSystem: plain, fsync: false });

      exporter.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));
      unflushed.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));

      const flushes = fileSystem.calls.filter((call) => call.operation.startsWith('fsync'));
      assert.deepEqual(flushes.map((call) => call.operation), ['fsyncFileSync', 'fsyncFileSync', 'fsyncFileSync', 'fsyncDirectorySync']);
      assert.deepEqual(flushes.slice(0, 3).map((call) => call.path), IDS.map((id) => exporter.pathFor(id)));
      assert.equal(plain.count('fsyncFileSync') + plain.count('fsyncDirectorySync'), 0);
      assert.equal(plain.count('writeFileAtomicSync'), 3);
    });

    it('keeps every record in place when the flush fails, answers SUCCESS and reports it once', async () => {
      const fileSystem = new FailingFs().failAlways('fsyncFileSync', 'EIO').failAlways('fsyncDirectorySync', 'EIO');
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
      await writtenBefore(exporter);

      const results = exporter.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));

      assert.deepEqual(results.map((r) => r.code), [SUCCESS, SUCCESS, SUCCESS]);
      for (const id of IDS) assert.equal(markerAt(exporter.pathFor(id)), 'crash');
      const errors = diagnostics.messages('error');
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, /are in place, but 3 of 3 files and the directory could not be flushed to disk .*EIO/);
    });

    it('answers FAILED for a session that cannot be placed and still places and flushes the others', async () => {
      const fileSystem = new FailingFs().failNext('writeFileAtomicSync', 'ENOSPC');
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem });
      await writtenBefore(exporter);

      const results = exporter.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));

      assert.deepEqual(results.map((r) => r.code), [FAILED, SUCCESS, SUCCESS]);
      assert.equal(markerAt(exporter.pathFor('ses_a')), 'running');
      assert.equal(markerAt(exporter.pathFor('ses_b')), 'crash');
      assert.equal(fileSystem.count('fsyncFileSync'), 2);
    });

    it('holds no file descriptor between its two phases, however many sessions', { skip: process.platform !== 'linux' }, async () => {
      const ids = Array.from({ length: 200 }, (_, i) => `ses_${i}`);
      const openDescriptors = () => readdirSync('/proc/self/fd').length;
      let atFirstFlush = 0;
      const exporter = new SessionFileExporter({
        directory: await sessionsDir(),
        fileSystem: new FlushWatchingFs(() => (atFirstFlush = openDescriptors())),
      });
      exporter.exportSessionSync(snapshotOf('warm-up', 'x'));
      const before = openDescriptors();

      exporter.exportSessionsSync(ids.map((id) => snapshotOf(id, 'crash')));

      assert.ok(atFirstFlush <= before, `${atFirstFlush} descriptors open at the first flush, ${before} before the exit write`);
    });

    it('keeps the crash record when the crash lands while an asynchronous write waits to rename', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory });
      await writtenBefore(exporter);

      const late = await interruptRename(exporter, 'ses_a', 'late', () => {
        for (const id of IDS) exporter.markCrashed(id);
        exporter.exportSessionsSync(IDS.map((id) => snapshotOf(id, 'crash')));
      });

      assertDiscarded(late, 'crashed');
      for (const id of IDS) assert.equal(markerAt(exporter.pathFor(id)), 'crash');
      assert.deepEqual(tempFilesIn(directory), []);
    });
  });

  describe('permissions', () => {
    it('creates files 0600 and the directory 0700 by default, on both paths', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory });
      await exporter.exportSession(snapshotOf('ses_async', 'a'));
      exporter.exportSessionSync(snapshotOf('ses_sync', 's'));

      assert.equal(modeOf(directory), 0o700);
      assert.equal(modeOf(exporter.pathFor('ses_async')), 0o600);
      assert.equal(modeOf(exporter.pathFor('ses_sync')), 0o600);
    });

    it('uses fileMode and directoryMode exactly, even where the umask would mask them', async () => {
      const directory = await sessionsDir();
      const exporter = new SessionFileExporter({ directory, fileMode: 0o660, directoryMode: 0o770 });
      await exporter.exportSession(snapshotOf('ses_1', 'a'));

      assert.equal(modeOf(directory), 0o770);
      assert.equal(modeOf(exporter.pathFor('ses_1')), 0o660);
    });

    it('restores the file mode of a file someone loosened, and never touches an existing directory', async () => {
      const directory = await sessionsDir();
      mkdirSync(directory, { mode: 0o755 });
      const exporter = new SessionFileExporter({ directory });
      writeFileSync(exporter.pathFor('ses_1'), '{}', { mode: 0o644 });

      await exporter.exportSession(snapshotOf('ses_1', 'a'));

      assert.equal(modeOf(directory), 0o755);
      assert.equal(modeOf(exporter.pathFor('ses_1')), 0o600);
    });
  });

  describe('large sessions', () => {
    it('writes a 50 MB session without blocking the event loop for long', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      const megabyte = Buffer.alloc(1024 * 1024, 'x');
      const snapshot = {
        header: headerOf('ses_big'),
        resourceSpans: [Buffer.from('["'), ...Array.from({ length: 50 }, () => megabyte), Buffer.from('"]')],
      };
      const delay = monitorEventLoopDelay({ resolution: 10 });

      delay.enable();
      const result = await exporter.exportSession(snapshot);
      delay.disable();

      assert.equal(result.code, SUCCESS);
      const path = exporter.pathFor('ses_big');
      assert.equal(statSync(path).size, Buffer.concat([Buffer.from(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":`), ...snapshot.resourceSpans, Buffer.from('}\n')]).length);
      assert.equal((await readSessionHeader(path))?.id, 'ses_big');
      // A sanity bound, not a benchmark: one synchronous copy of 50 MB would show here.
      assert.ok(delay.max / 1e6 < 100, `the event loop was blocked for ${delay.max / 1e6} ms`);
    });
  });

  describe('retention (maxFiles)', () => {
    it('keeps the newest maxFiles session files besides those of sessions it holds open', async () => {
      const directory = await tempDir();
      for (let i = 1; i <= 5; i++) {
        await writeSessionFile(directory, headerOf(`old_${i}`, { status: 'completed' }), minutesAgo(60 - i));
      }
      assert.deepEqual(await afterOneWrite(directory, 3), ['mine.json', 'old_3.json', 'old_4.json', 'old_5.json']);
    });

    it('never deletes the file of a session this exporter holds open, even beyond maxFiles', async () => {
      const directory = await tempDir();
      const inTheFuture = new Date(Date.now() + 60_000);
      await writeSessionFile(directory, headerOf('newer', { status: 'completed' }), inTheFuture);
      assert.deepEqual(await afterOneWrite(directory, 1), ['mine.json', 'newer.json']);
    });

    it('never deletes a running session whose writer is alive on this host', async () => {
      const directory = await tempDir();
      const old = minutesAgo(60);
      const writer = liveWriter();
      await writeSessionFile(directory, headerOf('live', { status: 'running', writer }), old);
      await writeSessionFile(directory, headerOf('dead', { status: 'running', writer: { ...writer, pid: deadPid() } }), old);
      await writeSessionFile(directory, headerOf('elsewhere', { status: 'running', writer: { ...writer, host: `not-${writer.host}` } }), old);
      await writeSessionFile(directory, headerOf('finished', { status: 'completed', writer }), old);
      await writeSessionFile(directory, headerOf('newest', { status: 'completed', writer }), minutesAgo(1));
      assert.deepEqual(await afterOneWrite(directory, 1), ['live.json', 'mine.json', 'newest.json']);
    });

    it('removes stale temporary files and leaves fresh ones and files that are not its own', async () => {
      const directory = await tempDir();
      const stale = minutesAgo(11);
      writeFileSync(join(directory, 'crashed.json.123456'), '{"session":');
      await utimes(join(directory, 'crashed.json.123456'), stale, stale);
      writeFileSync(join(directory, 'killed.json.7'), '');
      await utimes(join(directory, 'killed.json.7'), stale, stale);
      writeFileSync(join(directory, 'writing.json.42'), '{"session":');
      for (const name of ['notes.txt', 'config.json', 'config.json.7']) {
        writeFileSync(join(directory, name), '{"a":1}');
        await utimes(join(directory, name), stale, stale);
      }
      // A session file under a name its id would not get is not ours to judge.
      writeFileSync(join(directory, 'renamed.json'), `{"session":${JSON.stringify(headerOf('original', { status: 'completed' }))},"resourceSpans":[]}`);
      await utimes(join(directory, 'renamed.json'), stale, stale);
      assert.deepEqual(await afterOneWrite(directory, 1), ['config.json', 'config.json.7', 'mine.json', 'notes.txt', 'renamed.json', 'writing.json.42']);
    });

    it('bounds the directory to maxFiles plus the sessions still running, through the processor', async () => {
      const p = await pipeline({ exporter: { maxFiles: 3 } });
      const running = ['open_1', 'open_2'].map((id) => p.tracer.startSpan(id, { attributes: { 'session.id': id } }));
      for (const root of running) childOf(p.tracer, 'step', root).end();
      for (let i = 1; i <= 6; i++) {
        const root = p.tracer.startSpan(`short_${i}`, { attributes: { 'session.id': `short_${i}` } });
        childOf(p.tracer, 'step', root).end();
        root.end();
        await p.processor.endSession(`short_${i}`);
      }
      const sessionFiles = () => readdirSync(p.directory).filter((name) => name.endsWith('.json')).sort();
      // Sweeps are spaced a second apart; the trailing one covers the last sessions.
      await until(() => sessionFiles().length <= 5, 'the sweep after the last session', 10_000);
      await p.processor.forceFlush();
      // Which three short ones stay depends on modification times a millisecond apart.
      const files = sessionFiles();
      assert.deepEqual(files.slice(0, 2), ['open_1.json', 'open_2.json']);
      assert.equal(files.length, 5, `${files}`);
      await shutdownPipelines();
    });

    it('removes abandoned temporary files on the first write, without maxFiles', async () => {
      const directory = await tempDir();
      const here = hostTag();
      const temporary = async (name: string, mtime: Date, text = '{"session":{"formatVersion":1') => {
        writeFileSync(join(directory, name), text);
        await utimes(join(directory, name), mtime, mtime);
        return name;
      };
      const fresh = new Date();
      // Killed right after creating it: empty, its writer known from its name only.
      await temporary(`killed.json.${deadPid()}.${here}.11`, fresh, '');
      await temporary(`cut.json.${deadPid()}.${here}.12`, fresh);
      await temporary('old.json.13', minutesAgo(11));
      const kept = [
        // pid 1 is alive on every host: its write may still be going on.
        await temporary(`alive.json.1.${here}.14`, fresh),
        await temporary(`elsewhere.json.${deadPid()}.${hostTag(`not-${hostname()}`)}.15`, fresh),
        await temporary('anonymous.json.16', fresh),
        await temporary(`notes.json.${deadPid()}.${here}.17`, minutesAgo(60), 'not a session'),
      ];

      const exporter = new SessionFileExporter({ directory });
      assert.equal((await exporter.exportSession(snapshotOf('mine', 'new'))).code, SUCCESS);
      await exporter.shutdown();
      assert.deepEqual(readdirSync(directory).sort(), [...kept, 'mine.json'].sort());
    });

    it('never sweeps on the synchronous path', async () => {
      const directory = await tempDir();
      await writeSessionFile(directory, headerOf('old', { status: 'completed' }), minutesAgo(60));
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory, maxFiles: 1, fileSystem });

      for (let i = 0; i < 3; i++) exporter.exportSessionSync(snapshotOf('mine', `sync ${i}`));

      assert.equal(fileSystem.count('readdir'), 0);
      assert.ok(existsSync(join(directory, 'old.json')));
    });

    it('reports a sweep that cannot list the directory once, and keeps writing', async () => {
      const fileSystem = new FailingFs().failAlways('readdir', 'EIO');
      const exporter = new SessionFileExporter({ directory: await tempDir(), maxFiles: 1, fileSystem });

      assert.equal((await exporter.exportSession(snapshotOf('mine', 'new'))).code, SUCCESS);
      await exporter.forceFlush();

      assert.equal(diagnostics.messages('warn').filter((m) => m.includes('retention')).length, 1);
    });
  });

  describe('lifecycle', () => {
    it('forceFlush resolves once every asynchronous write in flight has settled', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem: new SlowFs(20) });
      const settled: string[] = [];
      for (let i = 0; i < 5; i++) void exporter.exportSession(snapshotOf(`ses_${i}`, 'slow')).then(() => settled.push(`ses_${i}`));

      await exporter.forceFlush();

      assert.equal(settled.length, 5);
      for (let i = 0; i < 5; i++) assert.equal(markerAt(exporter.pathFor(`ses_${i}`)), 'slow');
    });

    it('shutdown returns the same promise every time, waits for writes in flight, then refuses new ones', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir(), fileSystem: new SlowFs(20) });
      const inFlight = exporter.exportSession(snapshotOf('ses_1', 'in flight'));
      let inFlightSettled = false;
      void inFlight.then(() => (inFlightSettled = true));

      const first = exporter.shutdown();
      assert.equal(exporter.shutdown(), first);
      await first;

      assert.equal(inFlightSettled, true);
      assert.equal((await inFlight).code, SUCCESS);
      assert.equal((await exporter.exportSession(snapshotOf('ses_1', 'too late'))).code, FAILED);
      const exported = await new Promise<ExportResult>((resolve) => exporter.export([], resolve));
      assert.equal(exported.code, FAILED);
      assert.equal(markerAt(exporter.pathFor('ses_1')), 'in flight');
    });

    it('answers export() with FAILED after shutdown', async () => {
      const exporter = new SessionFileExporter({ directory: await sessionsDir() });
      await exporter.shutdown();
      const result = await new Promise<ExportResult>((resolve) => exporter.export([], resolve));
      assert.equal(result.code, FAILED);
    });
  });
});
