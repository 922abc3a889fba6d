import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sessionFileName } from '../../../src/fs/sessionFileName.js';
import { sessionFileText } from './fixtures/makeSessionFile.js';
import { sampleSessions } from './fixtures/samples.js';
import { PACKAGE } from './runCli.js';

const SAMPLES = join(PACKAGE, 'test', 'fixtures', 'sessions');

describe('the sample session files', () => {
  it('are exactly what test/fixtures/writeSamples.ts makes (rerun it after changing the fixtures)', async () => {
    const expected = new Map((await sampleSessions()).map((file) => [sessionFileName(file.session.id), sessionFileText(file)]));
    assert.deepEqual((await readdir(SAMPLES)).sort(), [...expected.keys()].sort());
    for (const [name, text] of expected) assert.equal(await readFile(join(SAMPLES, name), 'utf8'), text, name);
  });
});
