import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createRedactor } from '../../src/redact/createRedactor.js';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import type { SessionFileExporterOptions, SessionSpanProcessorOptions } from '../../src/types.js';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

type Loose = Record<string, unknown>;

const processorWith = (options: Loose) => new SessionSpanProcessor({ exitHook: false, ...options } as SessionSpanProcessorOptions);
const exporterWith = (options: Loose) => new SessionFileExporter(options as SessionFileExporterOptions);

describe('unknown option names', () => {
  it('throw a TypeError that suggests the option a typo meant', async () => {
    const directory = await tempDir();
    assert.throws(() => processorWith({ redactor: false }), {
      name: 'TypeError',
      message: /^Unknown option `redactor` for SessionSpanProcessor\. Did you mean `redact`\?/,
    });
    assert.throws(() => exporterWith({ direcotry: directory }), {
      name: 'TypeError',
      message: /^Unknown option `direcotry` for SessionFileExporter\. Did you mean `directory`\?/,
    });
    assert.throws(() => processorWith({ exithook: false }), /Did you mean `exitHook`\?/);
    assert.throws(() => processorWith({ debounce: 50 }), /Did you mean `debounceMs`\?/);
  });

  it('say which class takes an option given to the other one', () => {
    assert.throws(() => processorWith({ directory: './traces' }), {
      name: 'TypeError',
      message: /`directory` for SessionSpanProcessor\. It is an option of SessionFileExporter: `exporter: new SessionFileExporter\(\{ directory \}\)`/,
    });
    assert.throws(() => exporterWith({ debounceMs: 10 }), /`debounceMs` for SessionFileExporter\. It is an option of SessionSpanProcessor/);
  });

  it('list the options without a guess when nothing is close, leaving out the internal ones', () => {
    assert.throws(() => exporterWith({ colour: 'red' }), (error: Error) => {
      assert.ok(error instanceof TypeError);
      assert.doesNotMatch(error.message, /Did you mean/);
      assert.match(error.message, /Its options are: directory, maxFiles, fileMode, directoryMode, fsync, fsyncDirectory, sessionAttribute, maxSpansPerSession, redact\.$/);
      return true;
    });
  });

  it('reach inside `redact`, where a typo would keep the default patterns instead of the ones given', async () => {
    const directory = await tempDir();
    const ticket = { name: 'ticket', pattern: /TCK-\d{6}/ };
    assert.throws(() => processorWith({ redact: { paterns: [ticket] } }), {
      name: 'TypeError',
      message: /^Unknown option `paterns` for `redact`\. Did you mean `patterns`\? Its options are: keys, patterns, replacement\.$/,
    });
    assert.throws(() => exporterWith({ directory, redact: { key: ['user.email'] } }), /^TypeError: Unknown option `key` for `redact`\. Did you mean `keys`\?/);
    assert.throws(() => createRedactor({ replace: 'x' } as never), /Unknown option `replace` for `redact`\. Did you mean `replacement`\?/);
  });

  it('accept every option of the interfaces', async () => {
    const directory = await tempDir();
    const exporter = new SessionFileExporter({
      directory,
      maxFiles: 10,
      fileMode: 0o600,
      directoryMode: 0o700,
      fsync: false,
      fsyncDirectory: false,
      sessionAttribute: 'session.id',
      maxSpansPerSession: 10,
      redact: false,
      fileSystem: nodeFileSystem,
    });
    const processor = new SessionSpanProcessor({
      exporter,
      exporters: [],
      sessionAttribute: 'session.id',
      debounceMs: 10,
      maxDelayMs: 100,
      maxSpansPerSession: 10,
      maxSessions: 10,
      exitHook: false,
      redact: { keys: [], patterns: [], replacement: '[removed]' },
    });
    await processor.shutdown();
  });
});
