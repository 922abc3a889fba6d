import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { flushPlacedFilesSync } from '../../src/fs/flushPlacedFiles.js';
import { FailingFs } from '../helpers/FailingFs.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

async function placed(count: number): Promise<{ directory: string; paths: string[] }> {
  const directory = await tempDir();
  const paths = Array.from({ length: count }, (_, i) => join(directory, `ses_${i}.json`));
  for (const path of paths) writeFileSync(path, '{}');
  return { directory, paths };
}

/** A file system that fails the flush of chosen paths with chosen codes. */
class FlushFailingFs extends FailingFs {
  constructor(private readonly codes: Map<string, string>) {
    super();
  }
  override fsyncFileSync(path: string): void {
    const code = this.codes.get(path);
    if (code !== undefined) {
      this.calls.push({ operation: 'fsyncFileSync', path });
      throw Object.assign(new Error(`${code}: injected`), { code });
    }
    super.fsyncFileSync(path);
  }
}

describe('flushPlacedFilesSync', () => {
  it('flushes every placed file in order, then the directory once', async () => {
    const { directory, paths } = await placed(3);
    const fileSystem = new FailingFs();

    assert.deepEqual(flushPlacedFilesSync({ fileSystem, directory, paths, files: true, directoryToo: true }), []);

    assert.deepEqual(fileSystem.calls, [
      ...paths.map((path) => ({ operation: 'fsyncFileSync', path })),
      { operation: 'fsyncDirectorySync', path: directory },
    ]);
  });

  it('flushes only the directory when files are not to be flushed', async () => {
    const { directory, paths } = await placed(2);
    const fileSystem = new FailingFs();

    flushPlacedFilesSync({ fileSystem, directory, paths, files: false, directoryToo: true });

    assert.deepEqual(fileSystem.calls, [{ operation: 'fsyncDirectorySync', path: directory }]);
  });

  it('flushes nothing, not even the directory, when nothing was placed', async () => {
    const fileSystem = new FailingFs();
    assert.deepEqual(flushPlacedFilesSync({ fileSystem, directory: await tempDir(), paths: [], files: true, directoryToo: true }), []);
    assert.deepEqual(fileSystem.calls, []);
  });

  it('returns the files it could not flush, goes on with the others, and never throws', async () => {
    const { directory, paths } = await placed(3);
    const fileSystem = new FlushFailingFs(new Map([[paths[0]!, 'EIO']])).failAlways('fsyncDirectorySync', 'ENOSPC');

    const failures = flushPlacedFilesSync({ fileSystem, directory, paths, files: true, directoryToo: true });

    assert.deepEqual(failures.map((f) => [f.path, (f.error as NodeJS.ErrnoException).code]), [
      [paths[0], 'EIO'],
      [directory, 'ENOSPC'],
    ]);
    assert.equal(fileSystem.count('fsyncFileSync'), 3);
  });

  it('passes over a placed file that is gone since, which leaves nothing to flush', async () => {
    const { directory, paths } = await placed(2);
    const fileSystem = new FlushFailingFs(new Map([[paths[1]!, 'ENOENT']]));

    assert.deepEqual(flushPlacedFilesSync({ fileSystem, directory, paths, files: true, directoryToo: false }), []);
    assert.equal(fileSystem.count('fsyncDirectorySync'), 0);
  });
});
