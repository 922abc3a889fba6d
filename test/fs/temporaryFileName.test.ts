import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { hostTag, parseTemporaryFileName, temporaryFileName } from '../../src/fs/temporaryFileName.js';

describe('temporaryFileName', () => {
  it("names the writer's pid and host in the name, and reads them back", () => {
    const name = temporaryFileName('ses_1.json');
    assert.deepEqual(parseTemporaryFileName(name), { target: 'ses_1.json', writer: { pid: process.pid, hostTag: hostTag(hostname()) } });
    assert.notEqual(temporaryFileName('ses_1.json'), name);
  });

  it('reads the names of earlier versions without a writer, and refuses other names', () => {
    assert.deepEqual(parseTemporaryFileName('ses_1.json.4294967294'), { target: 'ses_1.json' });
    for (const name of ['ses_1.json', 'ses_1.json.claim', 'notes.txt', 'ses_1.json.12.zzzzzzzz.3']) {
      assert.equal(parseTemporaryFileName(name)?.writer, undefined, name);
    }
    assert.equal(parseTemporaryFileName('ses_1.json'), undefined);
  });

  it('tells hosts apart', () => {
    assert.notEqual(hostTag('build-1'), hostTag('build-2'));
    assert.match(hostTag(), /^[0-9a-f]{8}$/);
  });
});
