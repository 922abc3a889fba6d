import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { STALE_TEMP_FILE_MS, sweepSessionFiles, type SweepOptions } from '../../src/fs/sweepSessionFiles.js';
import { FailingFs } from '../helpers/FailingFs.js';
import { headerOf, writeSessionFile } from '../helpers/sessionSnapshot.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

const NOW = Date.now();

function minutesAgo(minutes: number): Date {
  return new Date(NOW - minutes * 60_000);
}

async function directoryWith(count: number): Promise<string> {
  const directory = await tempDir();
  for (let i = 1; i <= count; i++) {
    await writeSessionFile(directory, headerOf(`s${i}`, { status: 'completed' }), minutesAgo(100 - i));
  }
  return directory;
}

function options(directory: string, fields: Partial<SweepOptions> = {}): SweepOptions {
  return {
    directory,
    maxFiles: 3,
    fileSystem: new FailingFs(),
    isActiveKey: () => false,
    tempFilesInFlight: new Set(),
    now: NOW,
    ...fields,
  };
}

describe('sweepSessionFiles', () => {
  it('deletes the oldest session files beyond maxFiles and reports them', async () => {
    const directory = await directoryWith(6);
    const result = await sweepSessionFiles(options(directory));

    assert.deepEqual(result.removedSessionFiles.sort(), ['s1.json', 's2.json', 's3.json']);
    assert.deepEqual(readdirSync(directory).sort(), ['s4.json', 's5.json', 's6.json']);
  });

  it('reads headers only of the files it may delete', async () => {
    const directory = await directoryWith(10);
    const fileSystem = new FailingFs();
    await sweepSessionFiles(options(directory, { fileSystem }));

    assert.equal(fileSystem.count('readHead'), 7);
  });

  it('keeps the files of active keys', async () => {
    const directory = await directoryWith(5);
    await sweepSessionFiles(options(directory, { maxFiles: 1, isActiveKey: (key) => key === 's1' || key === 's2' }));

    assert.deepEqual(readdirSync(directory).sort(), ['s1.json', 's2.json', 's5.json']);
  });

  it('keeps a stale temporary file that a write in flight still uses', async () => {
    const directory = await tempDir();
    const stale = new Date(NOW - STALE_TEMP_FILE_MS - 60_000);
    for (const name of ['s1.json.1', 's1.json.2']) {
      writeFileSync(join(directory, name), '');
      await utimes(join(directory, name), stale, stale);
    }
    const result = await sweepSessionFiles(options(directory, { tempFilesInFlight: new Set(['s1.json.2']) }));

    assert.deepEqual(result.removedTempFiles, ['s1.json.1']);
    assert.deepEqual(readdirSync(directory), ['s1.json.2']);
  });

  it('keeps going when single files vanish or fail, and rejects only when the directory cannot be listed', async () => {
    const directory = await directoryWith(5);
    const fileSystem = new FailingFs().failNext('stat', 'ENOENT', 2).failNext('unlink', 'ENOENT');
    const result = await sweepSessionFiles(options(directory, { fileSystem, maxFiles: 1 }));

    // Five files, two of them gone when stat'ed: of the three left, one is kept, one was gone when
    // unlinked, and one is deleted.
    assert.equal(result.removedSessionFiles.length, 1);

    await assert.rejects(sweepSessionFiles(options(join(directory, 'missing'))), { code: 'ENOENT' });
  });
});
