import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HEADER_READ_BYTES, readHeader } from '../../src/files/readHeader.js';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { agentSessionFile, sessionFileText, TOOL_CRASH } from '../fixtures/makeSessionFile.js';
import { writeText } from '../sessionDirs.js';

after(removeTempDirs);

describe('readHeader', () => {
  it('reads a header larger than the first read by parsing the whole file', async () => {
    const stack = `Error: boom\n${'    at deep (x.ts:1:1)\n'.repeat(5000)}`;
    const file = await agentSessionFile({ id: 'ses_long_stack', unended: 'crashed', crash: { ...TOOL_CRASH, error: { message: 'boom', stack } } });
    const text = sessionFileText(file);
    assert.ok(text.indexOf('"resourceSpans"') > HEADER_READ_BYTES);
    const read = await readHeader(await writeText(await tempDir(), 'long.json', text));
    assert.equal(read.header?.id, 'ses_long_stack');
    assert.equal(read.header?.crash?.error?.stack, stack);
  });

  it('says why a file has no header instead of throwing', async () => {
    const dir = await tempDir();
    assert.deepEqual(await readHeader(await writeText(dir, 'v2.json', '{"session":{"formatVersion":2,"id":"x"},"resourceSpans":[]}')), {
      problem: 'unsupported session.formatVersion 2 (this CLI reads version 1)',
    });
    assert.match((await readHeader(`${dir}/missing.json`)).problem!, /unreadable: ENOENT/);
    assert.match((await readHeader(await writeText(dir, 'array.json', '[]'))).problem!, /not a JSON object/);
  });
});
