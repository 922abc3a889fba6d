import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asError, errorCode, SessionWriteDiscardedError } from '../../src/fs/writeErrors.js';
import { systemError } from '../helpers/FailingFs.js';

describe('errorCode', () => {
  it('reads the code of a Node.js system error', () => {
    assert.equal(errorCode(systemError('ENOSPC', 'write', '/x')), 'ENOSPC');
    assert.equal(errorCode({ code: 'EIO' }), 'EIO');
  });

  it('has no code for anything else, whatever was thrown', () => {
    for (const thrown of [new Error('plain'), { code: 28 }, { code: null }, null, undefined, 'ENOSPC', 7, Symbol('x')]) {
      assert.equal(errorCode(thrown), undefined, String(thrown?.toString?.() ?? thrown));
    }
    fc.assert(fc.property(fc.anything(), (thrown) => {
      const code = errorCode(thrown);
      assert.ok(code === undefined || typeof code === 'string');
    }));
  });
});

describe('asError', () => {
  it('keeps an Error as it is and wraps anything else in one, with its text', () => {
    const error = new TypeError('bad');
    assert.equal(asError(error), error);
    assert.equal(asError('text').message, 'text');
    assert.equal(asError(42).message, '42');
    assert.ok(asError(undefined) instanceof Error);
  });
});

describe('SessionWriteDiscardedError', () => {
  it('names the session and the reason its write was discarded', () => {
    const crashed = new SessionWriteDiscardedError('a/"b"', 'crashed');
    const superseded = new SessionWriteDiscardedError('ses_1', 'superseded');

    assert.equal(crashed.name, 'SessionWriteDiscardedError');
    assert.equal(crashed.sessionId, 'a/"b"');
    assert.equal(crashed.reason, 'crashed');
    assert.match(crashed.message, /^Session "a\/\\"b\\"" was marked crashed/);
    assert.equal(superseded.reason, 'superseded');
    assert.match(superseded.message, /^Session "ses_1" was written synchronously/);
    assert.ok(crashed instanceof Error);
    assert.equal(errorCode(crashed), undefined, 'not a file system fault');
  });
});
