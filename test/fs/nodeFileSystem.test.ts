import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

const modeOf = (path: string) => statSync(path).mode & 0o7777;

describe('nodeFileSystem', () => {
  it('replaces a file atomically with exactly the given mode, and reports its temporary file', async () => {
    const directory = await tempDir();
    const path = join(directory, 's.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    const temps: string[] = [];

    await nodeFileSystem.writeFileAtomic(path, [Buffer.from('ne'), Buffer.alloc(0), Buffer.from('w')], {
      mode: 0o600,
      fsync: true,
      tmpfileCreated: (t) => void temps.push(t),
    });
    nodeFileSystem.writeFileAtomicSync(join(directory, 'sync.json'), [new Uint8Array([0x7b]), new Uint8Array([0x7d])], { mode: 0o640, fsync: false });

    assert.equal(readFileSync(path, 'utf8'), 'new');
    assert.equal(readFileSync(join(directory, 'sync.json'), 'utf8'), '{}');
    assert.equal(modeOf(path), 0o600);
    assert.equal(modeOf(join(directory, 'sync.json')), 0o640);
    assert.equal(temps.length, 1);
    assert.match(temps[0]!, new RegExp(`s\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.\\d{1,10}$`));
    assert.deepEqual(readdirSync(directory).sort(), ['s.json', 'sync.json']);
  });

  it('removes the temporary file and keeps the old file when tmpfileCreated throws', async () => {
    const directory = await tempDir();
    const path = join(directory, 's.json');
    writeFileSync(path, 'old');
    const abort = () => {
      throw new Error('abort');
    };

    await assert.rejects(nodeFileSystem.writeFileAtomic(path, [Buffer.from('new')], { mode: 0o600, fsync: true, tmpfileCreated: abort }), /abort/);
    assert.throws(() => nodeFileSystem.writeFileAtomicSync(path, [Buffer.from('new')], { mode: 0o600, fsync: true, tmpfileCreated: abort }), /abort/);

    assert.equal(readFileSync(path, 'utf8'), 'old');
    assert.deepEqual(readdirSync(directory), ['s.json']);
  });

  it('gives a directory it creates exactly the mode, and leaves an existing one alone', async () => {
    const root = await tempDir();
    await nodeFileSystem.makeDirectory(join(root, 'a', 'b'), 0o770);
    nodeFileSystem.makeDirectorySync(join(root, 'sync'), 0o750);
    mkdirSync(join(root, 'mine'), { mode: 0o755 });
    await nodeFileSystem.makeDirectory(join(root, 'mine'), 0o700);

    assert.equal(modeOf(join(root, 'a', 'b')), 0o770);
    assert.equal(modeOf(join(root, 'sync')), 0o750);
    assert.equal(modeOf(join(root, 'mine')), 0o755);
  });

  it('reads at most the asked number of bytes from the start of a file', async () => {
    const path = join(await tempDir(), 'f');
    writeFileSync(path, 'abcdef');

    assert.equal(Buffer.from(await nodeFileSystem.readHead(path, 3)).toString(), 'abc');
    assert.equal(Buffer.from(await nodeFileSystem.readHead(path, 100)).toString(), 'abcdef');
  });

  it('flushes a directory', async () => {
    const directory = await tempDir();
    await nodeFileSystem.fsyncDirectory(directory);
    nodeFileSystem.fsyncDirectorySync(directory);
    await assert.rejects(nodeFileSystem.fsyncDirectory(join(directory, 'missing')), { code: 'ENOENT' });
  });
});
