import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { SpanRedactor } from '../../src/encoding/encodeSpan.js';
import { booleanOption, numberOption, redactOption, stringOption } from '../../src/options/validate.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

describe('numberOption', () => {
  const RULE = { min: 0, max: 100 };

  it('takes the fallback when the option is not given', () => {
    assert.equal(numberOption('debounceMs', undefined, 250, RULE), 250);
  });

  it('keeps a number within the rule, without a word', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (value) => assert.equal(numberOption('debounceMs', value, 1, RULE), value)));
    assert.deepEqual(diagnostics.messages('warn'), []);
  });

  it('throws a TypeError naming the option, what it expects and what it got, for what is not a finite number', () => {
    assert.throws(() => numberOption('debounceMs', '250', 1, RULE), { name: 'TypeError', message: 'Expected `debounceMs` to be a finite number >= 0, got "250"' });
    assert.throws(() => numberOption('debounceMs', Number.NaN, 1, RULE), { message: 'Expected `debounceMs` to be a finite number >= 0, got NaN' });
    assert.throws(() => numberOption('debounceMs', { value: 1 }, 1, RULE), { message: 'Expected `debounceMs` to be a finite number >= 0, got a object' });
    fc.assert(fc.property(fc.anything().filter((v) => v !== undefined && !(typeof v === 'number' && Number.isFinite(v))), (value) => {
      assert.throws(() => numberOption('maxFiles', value, 1, RULE), (error: Error) => error instanceof TypeError && error.message.includes('`maxFiles`'));
    }));
  });

  it('clamps a number out of range to the nearest bound, with a warning that says so', () => {
    assert.equal(numberOption('debounceMs', -1, 1, RULE), 0);
    assert.equal(numberOption('debounceMs', 1e9, 1, RULE), 100);
    assert.deepEqual(diagnostics.messages('warn'), [
      'otel-session-file: `debounceMs` should be a finite number >= 0 and <= 100; got -1, using 0',
      'otel-session-file: `debounceMs` should be a finite number >= 0 and <= 100; got 1000000000, using 100',
    ]);
  });

  it('rounds a whole-number option down, and clamps after rounding', () => {
    assert.equal(numberOption('maxFiles', 2.7, 1, { min: 1, integer: true }), 2);
    assert.equal(numberOption('maxFiles', 0.5, 1, { min: 1, integer: true }), 1);
    assert.equal(numberOption('maxFiles', 3, 1, { min: 1, integer: true }), 3);
    assert.deepEqual(diagnostics.messages('warn'), [
      'otel-session-file: `maxFiles` should be a finite number >= 1 (whole); got 2.7, using 2',
      'otel-session-file: `maxFiles` should be a finite number >= 1 (whole); got 0.5, using 1',
    ]);
  });

  it('always returns a number within the rule, and warns exactly when it changed the value', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), (value, integer) => {
      diagnostics.records.length = 0;
      const result = numberOption('x', value, 1, { min: -5, max: 5, integer });
      assert.ok(result >= -5 && result <= 5);
      if (integer) assert.ok(Number.isInteger(result));
      assert.equal(diagnostics.messages('warn').length, Object.is(result, value) || result === value ? 0 : 1);
    }));
  });
});

describe('booleanOption', () => {
  it('takes a boolean, the fallback when not given, and throws for anything else', () => {
    assert.equal(booleanOption('fsync', false, true), false);
    assert.equal(booleanOption('fsync', undefined, true), true);
    assert.throws(() => booleanOption('fsync', 'false', true), { name: 'TypeError', message: 'Expected `fsync` to be a boolean, got "false"' });
    assert.throws(() => booleanOption('fsync', 0, true), { message: 'Expected `fsync` to be a boolean, got 0' });
    assert.throws(() => booleanOption('fsync', null, true), { message: 'Expected `fsync` to be a boolean, got null' });
  });
});

describe('stringOption', () => {
  it('takes a non-empty string, the fallback when not given, and throws for anything else', () => {
    assert.equal(stringOption('directory', '/tmp/s', '.sessions'), '/tmp/s');
    assert.equal(stringOption('directory', undefined, '.sessions'), '.sessions');
    assert.throws(() => stringOption('directory', '', '.sessions'), { name: 'TypeError', message: 'Expected `directory` to be a non-empty string, got ""' });
    assert.throws(() => stringOption('directory', ['a'], '.sessions'), { message: 'Expected `directory` to be a non-empty string, got an array' });
  });
});

describe('redactOption', () => {
  const custom: SpanRedactor = { attribute: (_key, value) => value, text: (text) => text };

  it('redacts by default, and not when the environment turns it off', () => {
    assert.notEqual(redactOption(undefined, undefined), undefined);
    assert.notEqual(redactOption(undefined, true), undefined);
    assert.notEqual(redactOption(true, false), undefined, 'given in code, `true` wins over the environment');
    assert.equal(redactOption(undefined, false), undefined);
    assert.equal(redactOption(false, true), undefined);
  });

  it('uses a custom redactor as it is', () => {
    assert.equal(redactOption(custom, undefined), custom);
  });

  it('builds the built-in redactor from options', () => {
    const redactor = redactOption({ patterns: [/tok-\d+/g] }, undefined)!;
    assert.doesNotMatch(redactor.text('key tok-123'), /tok-123/);
  });

  it('rejects a redactor without a text function, naming what is missing', () => {
    assert.throws(() => redactOption({ attribute: custom.attribute }, undefined), {
      name: 'TypeError',
      message: 'Expected `redact` to have a `text` function beside `attribute`, got undefined',
    });
  });

  it('rejects what is neither false, options nor a redactor', () => {
    for (const [value, got] of [['all', '"all"'], [1, '1'], [null, 'null'], [[], 'an array'], [() => {}, 'a function']] as const) {
      assert.throws(() => redactOption(value, undefined), { name: 'TypeError', message: `Expected \`redact\` to be false, redact options or a SpanRedactor, got ${got}` });
    }
  });
});
