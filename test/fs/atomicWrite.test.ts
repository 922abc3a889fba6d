import assert from 'node:assert/strict';
import fs, { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { writeChunksAtomic, writeChunksAtomicSync } from '../../src/fs/atomicWrite.js';
import type { AtomicWriteOptions } from '../../src/fs/FileSystem.js';
import { systemError } from '../helpers/FailingFs.js';
import { failNodeFsWriteHalfway } from '../helpers/patchNodeFs.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

type Write = (path: string, chunks: readonly Uint8Array[], options: AtomicWriteOptions) => Promise<void>;

// The synchronous path, behind the same signature, so that every contract is checked on both.
const VARIANTS: Array<[string, Write]> = [
  ['writeChunksAtomic', writeChunksAtomic],
  ['writeChunksAtomicSync', async (path, chunks, options) => writeChunksAtomicSync(path, chunks, options)],
];

const OPTIONS: AtomicWriteOptions = { mode: 0o600, fsync: true };

// atomicWrite.ts looks `fs` functions up at every call; replacing one on the module object reaches it.
const restores: Array<() => void> = [];
function replaceFs(name: string, replacement: (real: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown): void {
  const target = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  const real = target[name]!;
  target[name] = replacement(real);
  restores.push(() => {
    target[name] = real;
  });
}
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
});

const text = (...parts: string[]) => parts.map((part) => Buffer.from(part));

async function directoryWithOld(): Promise<{ directory: string; path: string }> {
  const directory = await tempDir();
  const path = join(directory, 's.json');
  writeFileSync(path, 'old');
  return { directory, path };
}

for (const [name, write] of VARIANTS) {
  const sync = name.endsWith('Sync');

  describe(name, () => {
    it('replaces the file with the chunks in order, skipping empty ones, and leaves nothing else', async () => {
      const { directory, path } = await directoryWithOld();

      await write(path, [...text('{"a"', ''), new Uint8Array(0), ...text(':1}')], OPTIONS);

      assert.equal(readFileSync(path, 'utf8'), '{"a":1}');
      assert.deepEqual(readdirSync(directory), ['s.json']);
    });

    it('writes an empty file for no chunks', async () => {
      const { path } = await directoryWithOld();
      await write(path, [], OPTIONS);
      assert.equal(readFileSync(path, 'utf8'), '');
    });

    it('gives the file exactly the mode, whatever the umask', async () => {
      const { path } = await directoryWithOld();
      const umask = process.umask(0o077);
      try {
        await write(path, text('x'), { mode: 0o644, fsync: false });
      } finally {
        process.umask(umask);
      }
      assert.equal(statSync(path).mode & 0o7777, 0o644);
    });

    it('replaces a symbolic link at the target instead of writing through it', async () => {
      const { directory, path } = await directoryWithOld();
      const victim = join(directory, 'victim');
      writeFileSync(victim, 'untouched');
      fs.rmSync(path);
      symlinkSync(victim, path);

      await write(path, text('new'), OPTIONS);

      assert.equal(lstatSync(path).isSymbolicLink(), false);
      assert.equal(readFileSync(path, 'utf8'), 'new');
      assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    });

    it('creates its temporary file exclusively: a link planted at the name is neither followed nor reused', async () => {
      const { directory, path } = await directoryWithOld();
      const victim = join(directory, 'victim');
      writeFileSync(victim, 'untouched');
      const tried: string[] = [];
      const open = sync ? 'openSync' : 'open';
      replaceFs(open, (real) => (...args) => {
        const [file, flags] = args as [string, string];
        assert.equal(flags, 'wx');
        tried.push(file);
        if (tried.length === 1) symlinkSync(victim, file);
        return real(...args);
      });

      await write(path, text('new'), OPTIONS);

      assert.equal(tried.length, 2, 'a second name after EEXIST');
      assert.notEqual(tried[0], tried[1]);
      assert.equal(readFileSync(victim, 'utf8'), 'untouched');
      assert.equal(readFileSync(path, 'utf8'), 'new');
      assert.equal(lstatSync(tried[0]!).isSymbolicLink(), true, 'the planted link is not ours to remove');
      assert.equal(fs.existsSync(tried[1]!), false);
    });

    it('gives up with EEXIST after three names that are all taken', async () => {
      const { path } = await directoryWithOld();
      let tries = 0;
      replaceFs(sync ? 'openSync' : 'open', (real) => (...args) => {
        tries++;
        writeFileSync(String(args[0]), 'someone else');
        return real(...args);
      });

      await assert.rejects(write(path, text('new'), OPTIONS), { code: 'EEXIST' });
      assert.equal(tries, 3);
      assert.equal(readFileSync(path, 'utf8'), 'old');
    });

    it('keeps the old file and removes the temporary one when the disk fills up halfway', async () => {
      const { directory, path } = await directoryWithOld();
      if (sync) {
        replaceFs('writevSync', (real) => (...args) => {
          const [fd, buffers, position] = args as [number, Uint8Array[], number];
          real(fd, [Buffer.concat(buffers).subarray(0, 3)], position);
          throw systemError('ENOSPC', 'writev', `fd ${fd}`);
        });
      } else {
        restores.push(failNodeFsWriteHalfway('ENOSPC', () => true));
      }

      await assert.rejects(write(path, text('a longer new content'), OPTIONS), { code: 'ENOSPC' });

      assert.equal(readFileSync(path, 'utf8'), 'old');
      assert.deepEqual(readdirSync(directory), ['s.json']);
    });

    it('keeps the old file, removes the temporary one and closes it when fsync fails', async () => {
      const { directory, path } = await directoryWithOld();
      const closed: number[] = [];
      let flushed: number | undefined;
      replaceFs(sync ? 'fsyncSync' : 'fsync', () => (...args) => {
        flushed = args[0] as number;
        const error = systemError('EIO', 'fsync', `fd ${flushed}`);
        if (sync) throw error;
        (args[1] as (error: Error) => void)(error);
      });
      replaceFs(sync ? 'closeSync' : 'close', (real) => (...args) => {
        closed.push(args[0] as number);
        return real(...args);
      });

      await assert.rejects(write(path, text('new'), OPTIONS), { code: 'EIO' });

      assert.equal(readFileSync(path, 'utf8'), 'old');
      assert.deepEqual(readdirSync(directory), ['s.json']);
      assert.deepEqual(closed, [flushed]);
    });

    it('does not flush when fsync is off', async () => {
      const { path } = await directoryWithOld();
      let flushes = 0;
      replaceFs(sync ? 'fsyncSync' : 'fsync', (real) => (...args) => {
        flushes++;
        return real(...args);
      });

      await write(path, text('a'), { mode: 0o600, fsync: false });
      assert.equal(flushes, 0);
      await write(path, text('b'), { mode: 0o600, fsync: true });
      assert.equal(flushes, 1);
    });

    it('keeps the old file and removes the temporary one when the rename fails', async () => {
      const { directory, path } = await directoryWithOld();
      replaceFs(sync ? 'renameSync' : 'rename', () => (...args) => {
        const error = systemError('EXDEV', 'rename', String(args[0]));
        if (sync) throw error;
        (args[2] as (error: Error) => void)(error);
      });

      await assert.rejects(write(path, text('new'), OPTIONS), { code: 'EXDEV' });

      assert.equal(readFileSync(path, 'utf8'), 'old');
      assert.deepEqual(readdirSync(directory), ['s.json']);
    });

    it('writes every byte in order however the chunks are cut and however little each writev takes', async () => {
      const { path } = await directoryWithOld();
      // Each writev takes at most `limit` bytes, as a disk filling up or a signal can make it.
      let limit = 1;
      let calls = 0;
      const shortWrite = (buffers: Uint8Array[]) => {
        // A write loop that loses its place would never end; this turns that into a failure.
        if (++calls > 100_000) throw new Error('writev called without end');
        const all = Buffer.concat(buffers);
        return [all.subarray(0, Math.max(1, Math.min(limit, all.length)))];
      };
      if (sync) {
        replaceFs('writevSync', (real) => (...args) => real(args[0], shortWrite(args[1] as Uint8Array[]), args[2]));
      } else {
        replaceFs('writev', (real) => (...args) => real(args[0], shortWrite(args[1] as Uint8Array[]), args[2], args[3]));
      }

      await fc.assert(
        fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), async (chunks, max) => {
          limit = max;
          await write(path, chunks, { mode: 0o600, fsync: false });
          assert.deepEqual(readFileSync(path), Buffer.concat(chunks));
        }),
        { numRuns: 50 },
      );
    });

    it('writes more chunks than one writev takes', async () => {
      const { path } = await directoryWithOld();
      const chunks = Array.from({ length: 2500 }, (_, i) => Buffer.from(`${i},`));
      let calls = 0;
      replaceFs(sync ? 'writevSync' : 'writev', (real) => (...args) => {
        calls++;
        assert.ok((args[1] as unknown[]).length <= 1024);
        return real(...args);
      });

      await write(path, chunks, { mode: 0o600, fsync: false });

      assert.equal(readFileSync(path, 'utf8'), Buffer.concat(chunks).toString());
      assert.equal(calls, 3);
    });
  });
}
