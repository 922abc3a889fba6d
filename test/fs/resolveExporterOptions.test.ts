import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';
import { resolveExporterOptions } from '../../src/fs/resolveExporterOptions.js';
import type { SessionFileExporterOptions } from '../../src/types.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

const resolveLoosely = (options: unknown) => resolveExporterOptions(options as SessionFileExporterOptions);

describe('resolveExporterOptions', () => {
  it('applies the documented defaults and makes the directory absolute', () => {
    assert.deepEqual(resolveExporterOptions({ directory: 'traces' }), {
      directory: resolve('traces'),
      maxFiles: undefined,
      fileMode: 0o600,
      directoryMode: 0o700,
      fsync: true,
      fsyncDirectory: false,
      fileSystem: nodeFileSystem,
      sessionAttribute: 'session.id',
      maxSpansPerSession: 100_000,
      redactor: undefined,
    });
  });

  it('throws a TypeError that names the option, what it expects and what it got', () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /Expected `options` to be an object/],
      [{}, /Expected `directory` to be a non-empty string, got undefined/],
      [{ directory: '' }, /Expected `directory` to be a non-empty string, got ''/],
      [{ directory: 'd', maxFiles: '3' }, /Expected `maxFiles` to be an integer >= 1, got '3'/],
      [{ directory: 'd', maxFiles: 2.5 }, /Expected `maxFiles` to be an integer >= 1, got 2.5/],
      [{ directory: 'd', fileMode: '600' }, /Expected `fileMode` to be an integer from 0 to 0o7777/],
      [{ directory: 'd', directoryMode: 0o10000 }, /Expected `directoryMode` to be an integer from 0 to 0o7777/],
      [{ directory: 'd', fsync: 'yes' }, /Expected `fsync` to be a boolean, got "yes"/],
      [{ directory: 'd', fsyncDirectory: 1 }, /Expected `fsyncDirectory` to be a boolean, got 1/],
    ];
    for (const [options, message] of cases) assert.throws(() => resolveLoosely(options), { name: 'TypeError', message });
  });

  it('raises maxFiles below 1 to 1, with a warning', () => {
    assert.equal(resolveExporterOptions({ directory: 'd', maxFiles: 0 }).maxFiles, 1);
    assert.equal(diagnostics.messages('warn').length, 1);
  });
});
