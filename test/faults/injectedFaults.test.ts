import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { Span } from '@opentelemetry/api';
import type { AtomicWriteOptions } from '../../src/fs/FileSystem.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';
import type { FailingFs, FsOperation } from '../helpers/FailingFs.js';
import { SlowFs } from '../helpers/SlowFs.js';
import { removeTempDirs } from '../helpers/tempDir.js';
import {
  childOf,
  liveSessions,
  pipeline,
  readStored,
  shutdownPipelines,
  spyOnUnhandledRejections,
  storedNames,
  until,
  type Pipeline,
  type RejectionSpy,
} from './pipeline.js';

/**
 * Faults injected under the whole pipeline (provider → SessionSpanProcessor → SessionFileExporter →
 * FileSystem). Whatever the disk does, the application sees no exception, the last good file stays whole,
 * the failure is reported once, and the next successful write brings the file up to date from memory.
 */

// Operations that need a file descriptor: the ones EMFILE fails when the process is out of them.
const FD_OPERATIONS: FsOperation[] = ['writeFileAtomic', 'writeFileAtomicSync', 'readFile', 'readFileSync', 'readdir', 'readHead', 'fsyncDirectory'];

let diagnostics: DiagCapture;
let spy: RejectionSpy;
beforeEach(() => {
  diagnostics = captureDiag();
  spy = spyOnUnhandledRejections();
});
afterEach(async () => {
  await shutdownPipelines();
  spy.remove();
  diagnostics.restore();
});
after(removeTempDirs);

function injure(fileSystem: FailingFs, code: string): void {
  const operations: FsOperation[] = code === 'EMFILE' ? FD_OPERATIONS : ['writeFileAtomic', 'writeFileAtomicSync'];
  for (const operation of operations) fileSystem.failAlways(operation, code);
}

function errors(): string[] {
  return diagnostics.messages('error');
}

/** Ends `count` children of `root` named `<prefix> <n>`, yielding to the event loop now and then. */
async function endChildren(p: Pipeline, root: Span, prefix: string, count: number, expected: string[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    assert.doesNotThrow(() => childOf(p.tracer, `${prefix} ${i}`, root).end());
    expected.push(`${prefix} ${i}`);
    if (i % 10 === 9) await nextTurn();
  }
}

async function assertNoUnhandledRejection(): Promise<void> {
  await nextTurn();
  assert.deepEqual(spy.rejections, []);
}

/** A slow file system that records how many writes of one file overlap. */
class OverlapCountingFs extends SlowFs {
  private readonly writing = new Map<string, number>();
  maxOverlap = 0;
  writes = 0;

  override async writeFileAtomic(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): Promise<void> {
    const now = (this.writing.get(path) ?? 0) + 1;
    this.writing.set(path, now);
    this.maxOverlap = Math.max(this.maxOverlap, now);
    this.writes++;
    try {
      await super.writeFileAtomic(path, data, options);
    } finally {
      this.writing.set(path, this.writing.get(path)! - 1);
    }
  }
}

describe('SessionSpanProcessor → SessionFileExporter under injected faults', () => {
  describe('write failures', () => {
    for (const code of ['ENOSPC', 'EIO', 'EACCES', 'EPERM', 'EMFILE']) {
      it(`survives ${code}: keeps the last good file, reports once, and recovers with every span`, { timeout: 15_000 }, async (t) => {
        const p = await pipeline();
        const path = p.exporter.pathFor('ses_1');
        const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_1' } });
        const expected = ['turn'];
        await endChildren(p, root, 'before', 5, expected);
        await p.processor.forceFlush();
        const good = readFileSync(path, 'utf8');
        assert.equal(readStored(path).session.spanCount, 6);

        injure(p.fileSystem, code);
        const attempts = p.fileSystem.count('writeFileAtomic');
        await endChildren(p, root, 'during', 50, expected);
        await until(() => p.fileSystem.count('writeFileAtomic') >= attempts + 3, 'three writes have failed');
        await p.processor.forceFlush();

        assert.equal(readFileSync(path, 'utf8'), good, 'the last good file is untouched');
        assert.equal(readStored(path).session.status, 'running');
        const failedWrites = p.fileSystem.count('writeFileAtomic') - attempts;
        assert.equal(errors().length, 1, `one report for ${failedWrites} failed writes: ${errors()}`);
        assert.match(errors()[0]!, new RegExp(`ses_1\\.json \\(${code}\\)`));

        p.fileSystem.heal();
        await p.processor.forceFlush();
        const healed = readStored(path);
        assert.deepEqual(storedNames(healed), expected.sort());
        assert.equal(healed.session.openSpanCount, 1);
        assert.equal(diagnostics.messages('info').filter((m) => m.includes('succeed again')).length, 1);

        root.end();
        await p.processor.forceFlush();
        assert.equal(readStored(path).session.status, 'completed');
        assert.equal(readStored(path).session.spanCount, 56);
        assert.equal(errors().length, 1);
        await assertNoUnhandledRejection();
        t.diagnostic(`${failedWrites} failed writes (forceFlush included), 1 error reported, 56/56 spans on disk after healing`);
      });
    }

    it('retries the final write by itself once the disk heals, and frees the session slot', { timeout: 15_000 }, async () => {
      const p = await pipeline({ processor: { maxSessions: 1 } });
      const path = p.exporter.pathFor('ses_end');
      const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_end' } });
      await p.processor.forceFlush();
      injure(p.fileSystem, 'ENOSPC');
      const expected = ['turn'];
      await endChildren(p, root, 'step', 20, expected);
      root.end();
      const attempts = p.fileSystem.count('writeFileAtomic');
      await until(() => p.fileSystem.count('writeFileAtomic') >= attempts + 3, 'the final write was retried');
      assert.equal(readStored(path).session.status, 'running');

      p.fileSystem.heal();
      await until(() => readStored(path).session.status === 'completed', 'the retry lands the final state');
      assert.deepEqual(storedNames(readStored(path)), expected.sort());
      await until(() => liveSessions(p.processor).size === 0, 'the ended session has left memory');
      p.tracer.startSpan('next turn', { attributes: { 'session.id': 'ses_next' } }).end();
      await until(() => existsSync(p.exporter.pathFor('ses_next')), 'the next session is written in the freed slot');
      assert.equal(errors().length, 1);
      await assertNoUnhandledRejection();
    });

    it('shuts down promptly on a full disk, reports once, and retries nothing afterwards', { timeout: 15_000 }, async () => {
      const p = await pipeline();
      const path = p.exporter.pathFor('ses_1');
      const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_1' } });
      await endChildren(p, root, 'before', 3, []);
      await p.processor.forceFlush();
      const good = readFileSync(path, 'utf8');
      injure(p.fileSystem, 'ENOSPC');
      await endChildren(p, root, 'during', 3, []);

      const started = performance.now();
      await p.processor.shutdown();
      const shutdownMs = performance.now() - started;
      const attempts = p.fileSystem.count('writeFileAtomic');
      // maxDelayMs is 20: a retry timer left behind would have fired several times by now.
      await new Promise((resolve) => setTimeout(resolve, 120));

      assert.ok(shutdownMs < 1000, `shutdown took ${shutdownMs.toFixed(0)} ms`);
      assert.equal(p.fileSystem.count('writeFileAtomic'), attempts, 'no write after shutdown');
      assert.ok([...liveSessions(p.processor).values()].every((session) => session.schedule.timer === undefined));
      assert.equal(readFileSync(path, 'utf8'), good);
      assert.equal(errors().length, 1, `${errors()}`);
      await assertNoUnhandledRejection();
    });

    it('reports once and writes the right file when the very first write of a session fails with EMFILE', { timeout: 15_000 }, async () => {
      const p = await pipeline();
      injure(p.fileSystem, 'EMFILE');
      const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_new' } });
      const expected = ['turn'];
      await endChildren(p, root, 'step', 20, expected);
      // Each try fails at its first step, reading what is stored for the session, and is retried later.
      await until(() => p.fileSystem.count('readFile') >= 3, 'three writes have failed');
      // The claim on the session's file is made (creating the directory), the session file is not.
      assert.deepEqual(existsSync(p.directory) ? readdirSync(p.directory).filter((name) => name.endsWith('.json')) : [], []);
      assert.equal(errors().length, 1, `${errors()}`);

      p.fileSystem.heal();
      root.end();
      await p.processor.forceFlush();
      // A failed read of a file that does not exist is no reason to write the session elsewhere.
      assert.equal(p.exporter.pathFor('ses_new'), join(p.directory, 'ses_new.json'));
      assert.deepEqual(readdirSync(p.directory), ['ses_new.json']);
      assert.deepEqual(storedNames(readStored(p.exporter.pathFor('ses_new'))), expected.sort());
      await assertNoUnhandledRejection();
    });
  });

  describe('the directory', () => {
    it('comes back on the next write after it is removed while sessions are open', { timeout: 15_000 }, async () => {
      const p = await pipeline();
      const ids = ['ses_a', 'ses_b', 'ses_c'];
      const roots = ids.map((id) => p.tracer.startSpan(`turn ${id}`, { attributes: { 'session.id': id } }));
      const expected = new Map(ids.map((id) => [id, [`turn ${id}`]]));
      for (const [i, id] of ids.entries()) await endChildren(p, roots[i]!, `${id} before`, 3, expected.get(id)!);
      await p.processor.forceFlush();

      rmSync(p.directory, { recursive: true });
      for (const [i, id] of ids.entries()) await endChildren(p, roots[i]!, `${id} after`, 3, expected.get(id)!);
      roots[0]!.end();
      await until(() => ids.every((id) => existsSync(p.exporter.pathFor(id))), 'every file is back');

      await p.processor.forceFlush();
      for (const id of ids) assert.deepEqual(storedNames(readStored(p.exporter.pathFor(id))), expected.get(id)!.sort());
      assert.equal(readStored(p.exporter.pathFor('ses_a')).session.status, 'completed');
      assert.deepEqual(errors(), []);
      await assertNoUnhandledRejection();
    });

    it('comes back when it is removed while a write is in flight', { timeout: 15_000 }, async () => {
      const p = await pipeline({ inner: new SlowFs(30) });
      const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_slow' } });
      await p.processor.forceFlush();
      const expected = ['turn'];
      const writes = p.fileSystem.count('writeFileAtomic');
      await endChildren(p, root, 'step', 5, expected);
      await until(() => p.fileSystem.count('writeFileAtomic') > writes, 'a write is in flight');

      rmSync(p.directory, { recursive: true });
      await p.processor.forceFlush();

      assert.deepEqual(storedNames(readStored(p.exporter.pathFor('ses_slow'))), expected.sort());
      assert.deepEqual(errors(), []);
      await assertNoUnhandledRejection();
    });

    it('reports once when a file stands where the directory should be, and writes there once it is gone', { timeout: 15_000 }, async () => {
      const p = await pipeline();
      writeFileSync(p.directory, 'not a directory');
      const root = p.tracer.startSpan('turn', { attributes: { 'session.id': 'ses_1' } });
      const expected = ['turn'];
      await endChildren(p, root, 'step', 20, expected);
      await until(() => p.fileSystem.count('makeDirectory') >= 3, 'three writes have failed');
      await p.processor.forceFlush();

      assert.equal(readFileSync(p.directory, 'utf8'), 'not a directory');
      assert.equal(errors().length, 1, `${errors()}`);
      assert.match(errors()[0]!, /EEXIST|ENOTDIR/);

      rmSync(p.directory);
      root.end();
      await p.processor.forceFlush();
      assert.equal(p.exporter.pathFor('ses_1'), join(p.directory, 'ses_1.json'));
      assert.deepEqual(readdirSync(p.directory), ['ses_1.json']);
      const stored = readStored(p.exporter.pathFor('ses_1'));
      assert.deepEqual(storedNames(stored), expected.sort());
      assert.equal(stored.session.status, 'completed');
      await assertNoUnhandledRejection();
    });
  });

  describe('a slow file system', () => {
    it('keeps the hot path constant, one write in flight per file, and loses nothing', { timeout: 30_000 }, async (t) => {
      const slow = new OverlapCountingFs(25);
      const p = await pipeline({ inner: slow });
      const ids = ['ses_1', 'ses_2', 'ses_3', 'ses_4'];
      const roots = ids.map((id) => p.tracer.startSpan(`turn ${id}`, { attributes: { 'session.id': id } }));
      let slowest = 0;
      let total = 0;
      for (let i = 0; i < 250; i++) {
        for (const [n, root] of roots.entries()) {
          const started = performance.now();
          childOf(p.tracer, `${ids[n]} step ${i}`, root).end();
          const took = performance.now() - started;
          slowest = Math.max(slowest, took);
          total += took;
        }
        if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (const root of roots) root.end();
      const flushStarted = performance.now();
      await p.processor.forceFlush();
      const flushMs = performance.now() - flushStarted;

      for (const id of ids) {
        const stored = readStored(p.exporter.pathFor(id));
        assert.equal(stored.session.spanCount, 251);
        assert.equal(stored.session.status, 'completed');
      }
      assert.equal(slow.maxOverlap, 1, 'never two writes of one file at once');
      assert.ok(slow.writes < 1000 / 4, `${slow.writes} writes for 1000 spans`);
      assert.ok(total / 1000 < 1, `mean start+end ${(total / 1000).toFixed(3)} ms`);
      assert.deepEqual(errors(), []);
      t.diagnostic(`${slow.writes} writes for 1000 spans; start+end mean ${(total / 1000).toFixed(3)} ms, slowest ${slowest.toFixed(2)} ms; forceFlush ${flushMs.toFixed(0)} ms`);
      await assertNoUnhandledRejection();
    });
  });
});
