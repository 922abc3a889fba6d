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
    const { redactor, ...resolved } = resolveExporterOptions({ directory: 'traces' });
    assert.equal(typeof redactor?.attribute, 'function', 'the built-in redactor is on by default');
    assert.deepEqual(resolved, {
      directory: resolve('traces'),
      maxFiles: undefined,
      fileMode: 0o600,
      directoryMode: 0o700,
      fsync: true,
      fsyncDirectory: false,
      fileSystem: nodeFileSystem,
      sessionAttribute: 'session.id',
      maxSpansPerSession: 100_000,
    });
  });

  it('throws a TypeError that names the option, what it expects and what it got', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /Expected `options` to be an object/],
      [{ directory: 42 }, /Expected `directory` to be a non-empty string, got 42/],
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

  it('takes defaults from OTEL_SESSION_FILE_* variables, and options given in code win', () => {
    const saved = { ...process.env };
    try {
      process.env.OTEL_SESSION_FILE_DIRECTORY = 'from-env';
      process.env.OTEL_SESSION_FILE_MAX_FILES = '7';
      process.env.OTEL_SESSION_FILE_FSYNC_DIRECTORY = 'true';
      const resolved = resolveExporterOptions();
      assert.equal(resolved.directory, resolve('from-env'));
      assert.equal(resolved.maxFiles, 7);
      assert.equal(resolved.fsyncDirectory, true);
      assert.equal(resolveExporterOptions({ directory: 'code', maxFiles: 3 }).directory, resolve('code'));
      assert.equal(resolveExporterOptions({ directory: 'code', maxFiles: 3 }).maxFiles, 3);
      delete process.env.OTEL_SESSION_FILE_DIRECTORY;
      assert.equal(resolveExporterOptions().directory, resolve('traces'));
    } finally {
      process.env = saved;
    }
  });

  it('ignores a malformed variable with a warning instead of throwing', () => {
    const saved = { ...process.env };
    try {
      process.env.OTEL_SESSION_FILE_MAX_FILES = 'lots';
      process.env.OTEL_SESSION_FILE_FSYNC_DIRECTORY = 'maybe';
      const resolved = resolveExporterOptions({ directory: 'd' });
      assert.equal(resolved.maxFiles, undefined);
      assert.equal(resolved.fsyncDirectory, false);
      assert.deepEqual(
        diagnostics.messages('warn').map((m) => m.split(':')[1]?.trim()),
        ['ignoring OTEL_SESSION_FILE_MAX_FILES="lots"', 'ignoring OTEL_SESSION_FILE_FSYNC_DIRECTORY="maybe"'],
      );
    } finally {
      process.env = saved;
    }
  });

  it('raises maxFiles below 1 to 1, with a warning', () => {
    assert.equal(resolveExporterOptions({ directory: 'd', maxFiles: 0 }).maxFiles, 1);
    assert.equal(diagnostics.messages('warn').length, 1);
  });
});
