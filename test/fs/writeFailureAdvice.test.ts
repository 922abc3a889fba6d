import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writeFailureAdvice } from '../../src/fs/writeFailureAdvice.js';

const GENERIC = writeFailureAdvice(undefined);

describe('writeFailureAdvice', () => {
  const specific: Array<[string, RegExp]> = [
    ['EACCES', /write permission/],
    ['EPERM', /write permission/],
    ['EROFS', /^The file system is read-only: set `directory`/],
    ['ENOTDIR', /is a file, not a directory/],
    ['EEXIST', /path is a file, not a directory/],
    ['EISDIR', /A directory stands where/],
    ['ENOSPC', /disk is full.*`maxFiles`/],
    ['EDQUOT', /quota.*`maxFiles`/],
  ];
  for (const [code, advice] of specific) {
    it(`advises on ${code}`, () => {
      assert.match(writeFailureAdvice(code), advice);
      assert.notEqual(writeFailureAdvice(code), GENERIC);
    });
  }

  it('points at another directory wherever a setting can help', () => {
    for (const [code] of specific.filter(([code]) => !['ENOSPC', 'EDQUOT'].includes(code))) {
      assert.match(writeFailureAdvice(code), /OTEL_SESSION_FILE_DIRECTORY/, code);
    }
  });

  it('gives the generic advice for codes no setting fixes, and for no code', () => {
    assert.match(GENERIC, /^Check that the directory can be written, or set `directory`/);
    assert.equal(writeFailureAdvice('EIO'), GENERIC);
    for (const inherited of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      assert.equal(writeFailureAdvice(inherited), GENERIC, `${inherited} is not advice, though every object has it`);
    }
    fc.assert(fc.property(fc.string(), (code) => {
      assert.match(writeFailureAdvice(code), /\.$/);
    }));
  });
});
