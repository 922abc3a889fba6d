import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crashCause, isAbnormal } from '../../src/exit/crashCause.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const TIME = '2026-01-01T12:00:00.000Z';

describe('crashCause', () => {
  it('records a signal, whatever else is known', () => {
    const error = { error: new Error('boom'), origin: 'uncaughtException' as const };
    assert.deepEqual(crashCause(null, 'SIGTERM', undefined, NOW), { reason: 'signal', signal: 'SIGTERM', time: TIME });
    assert.deepEqual(crashCause(1, 'SIGKILL', error, NOW), { reason: 'signal', signal: 'SIGKILL', time: TIME });
  });

  it('records a plain exit with its code, 0 when none was given', () => {
    assert.deepEqual(crashCause(3, null, undefined, NOW), { reason: 'exit', exitCode: 3, time: TIME });
    assert.deepEqual(crashCause(null, undefined, undefined, NOW), { reason: 'exit', exitCode: 0, time: TIME });
  });

  it('records the error that was not handled, with its name, message and stack', () => {
    const error = new RangeError('out of range');
    const cause = crashCause(7, null, { error, origin: 'unhandledRejection' }, NOW);
    assert.deepEqual(cause, { reason: 'unhandledRejection', exitCode: 7, error: { name: 'RangeError', message: 'out of range', stack: error.stack }, time: TIME });
  });

  it('leaves out the stack of an error that has none', () => {
    const error = new Error('no stack');
    error.stack = undefined;
    assert.deepEqual(crashCause(1, null, { error, origin: 'uncaughtException' }, NOW).error, { name: 'Error', message: 'no stack' });
  });

  it('describes anything else that was thrown as a message, and never throws', () => {
    const message = (thrown: unknown) => crashCause(1, null, { error: thrown, origin: 'uncaughtException' }, NOW).error?.message;
    assert.equal(message('plain text'), 'plain text');
    assert.equal(message({ code: 42 }), '{"code":42}');
    assert.equal(message(undefined), 'undefined');
    assert.equal(message(10n), '10');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(message(circular), '[object Object]');
    fc.assert(fc.property(fc.anything(), (thrown) => assert.equal(typeof message(thrown), 'string')));
  });

  it('takes the time it is given, else now', () => {
    const before = Date.now();
    const time = Date.parse(crashCause(0, null, undefined).time);
    assert.ok(time >= before && time <= Date.now());
  });
});

describe('isAbnormal', () => {
  it('counts only an exit with code 0 as normal', () => {
    assert.equal(isAbnormal({ reason: 'exit', exitCode: 0, time: TIME }), false);
    assert.equal(isAbnormal({ reason: 'exit', time: TIME }), false);
    assert.equal(isAbnormal({ reason: 'exit', exitCode: 1, time: TIME }), true);
    assert.equal(isAbnormal({ reason: 'signal', signal: 'SIGINT', time: TIME }), true);
    assert.equal(isAbnormal({ reason: 'uncaughtException', exitCode: 0, time: TIME }), true);
    assert.equal(isAbnormal({ reason: 'flushSync', time: TIME }), true);
  });
});
