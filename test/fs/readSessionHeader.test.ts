import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { HEADER_READ_BYTES, parseSessionHeader, readSessionHeader } from '../../src/fs/readSessionHeader.js';
import { FailingFs } from '../helpers/FailingFs.js';
import { headerOf } from '../helpers/sessionSnapshot.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

function sessionFileText(header: object, spans = '[]'): string {
  return `{"session":${JSON.stringify(header)},"resourceSpans":${spans}}\n`;
}

describe('readSessionHeader', () => {
  it('reads the header of a large file from its first 64 KiB only', async () => {
    const path = join(await tempDir(), 'big.json');
    const header = headerOf('ses_big', { title: 'big' });
    writeFileSync(path, sessionFileText(header, `["${'x'.repeat(5_000_000)}"]`));
    const fileSystem = new FailingFs();

    assert.deepEqual(await readSessionHeader(path, fileSystem), header);
    assert.equal(fileSystem.count('readHead'), 1);
  });

  it('reads further when the header itself is longer than the first read', async () => {
    const path = join(await tempDir(), 'long.json');
    const header = headerOf('ses_long', { status: 'error', error: 'e'.repeat(200_000) });
    writeFileSync(path, sessionFileText(header, `["${'x'.repeat(2_000_000)}"]`));

    assert.deepEqual(await readSessionHeader(path), header);
  });

  it('parses a small file whole when it does not have the usual shape', async () => {
    const path = join(await tempDir(), 'pretty.json');
    const header = headerOf('ses_pretty');
    writeFileSync(path, JSON.stringify({ resourceSpans: [], session: header }, null, 2));

    assert.deepEqual(await readSessionHeader(path), header);
  });

  it('answers undefined, without throwing, for missing files, other JSON and broken text', async () => {
    const directory = await tempDir();
    writeFileSync(join(directory, 'other.json'), '{"a":1}');
    writeFileSync(join(directory, 'broken.json'), '{"session":{"formatVersion":1,');
    writeFileSync(join(directory, 'version2.json'), sessionFileText({ ...headerOf('x'), formatVersion: 2 }));

    for (const name of ['missing.json', 'other.json', 'broken.json', 'version2.json']) {
      assert.equal(await readSessionHeader(join(directory, name)), undefined, name);
    }
  });

  it('finds the header whatever its strings hold (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    const tricky = fc.constantFrom('},"resourceSpans":[', '"}', '\\', '{"session":', '\n', '\u2028');
    fc.assert(
      fc.property(fc.oneof(text, tricky), fc.oneof(text, tricky), fc.dictionary(fc.oneof(text, tricky), fc.nat()), (title, error, toolCalls) => {
        const header = headerOf('ses_1', { title, error, summary: { durationMs: 1, spans: 1, errors: 0, llmCalls: 0, toolCalls, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 }, models: [title] } });
        const bytes = Buffer.from(sessionFileText(header, `[${JSON.stringify({ title })}]`));
        const head = bytes.subarray(0, Math.min(bytes.length, HEADER_READ_BYTES));
        assert.deepEqual(parseSessionHeader(head, head.length === bytes.length), JSON.parse(JSON.stringify(header)));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not mistake a cut first read for a whole file', () => {
    const bytes = Buffer.from(sessionFileText(headerOf('ses_1', { error: 'e'.repeat(100) })));
    assert.equal(parseSessionHeader(bytes.subarray(0, 60), false), undefined);
  });
});
