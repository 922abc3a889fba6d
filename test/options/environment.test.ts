import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ENVIRONMENT, environmentBoolean, environmentNumber, environmentString } from '../../src/options/environment.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

const NAME = 'OTEL_SESSION_FILE_TEST_VARIABLE';

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => {
  delete process.env[NAME];
  diagnostics.restore();
});

function withValue(value: string | undefined): void {
  if (value === undefined) delete process.env[NAME];
  else process.env[NAME] = value;
}

describe('environment', () => {
  it('names every variable in the OpenTelemetry style, one per option', () => {
    const names = Object.values(ENVIRONMENT);
    for (const name of names) assert.match(name, /^OTEL_SESSION_FILE_[A-Z_]+$/);
    assert.equal(new Set(names).size, names.length);
  });

  describe('environmentString', () => {
    it('gives the value trimmed, and nothing for a missing, empty or blank variable', () => {
      for (const [value, expected] of [[' /var/log/s ', '/var/log/s'], [undefined, undefined], ['', undefined], ['  \t', undefined]] as const) {
        withValue(value);
        assert.equal(environmentString(NAME), expected, JSON.stringify(value));
      }
    });
  });

  describe('environmentNumber', () => {
    it('reads a finite number', () => {
      for (const [value, expected] of [['250', 250], [' 0.5 ', 0.5], ['-3', -3], ['1e3', 1000], ['0x10', 16]] as const) {
        withValue(value);
        assert.equal(environmentNumber(NAME), expected, value);
      }
      assert.deepEqual(diagnostics.messages('warn'), []);
    });

    it('ignores what is not a finite number, with a warning that names the variable', () => {
      for (const value of ['fast', 'Infinity', 'NaN', '12ms']) {
        withValue(value);
        assert.equal(environmentNumber(NAME), undefined, value);
      }
      const warnings = diagnostics.messages('warn');
      assert.equal(warnings.length, 4);
      assert.match(warnings[0]!, new RegExp(`ignoring ${NAME}="fast": expected a number`));
    });

    it('gives nothing, silently, for a variable that is not set', () => {
      withValue(undefined);
      assert.equal(environmentNumber(NAME), undefined);
      assert.deepEqual(diagnostics.messages('warn'), []);
    });
  });

  describe('environmentBoolean', () => {
    it('reads true, false, 1 and 0 in any case', () => {
      for (const [value, expected] of [['true', true], ['TRUE', true], [' 1 ', true], ['false', false], ['False', false], ['0', false]] as const) {
        withValue(value);
        assert.equal(environmentBoolean(NAME), expected, value);
      }
      assert.deepEqual(diagnostics.messages('warn'), []);
    });

    it('ignores anything else, with a warning that names the variable', () => {
      for (const value of ['yes', 'on', '2']) {
        withValue(value);
        assert.equal(environmentBoolean(NAME), undefined, value);
      }
      assert.equal(diagnostics.messages('warn').length, 3);
      assert.match(diagnostics.messages('warn')[0]!, new RegExp(`ignoring ${NAME}="yes": expected true or false`));
    });

    it('gives nothing, silently, for a variable that is not set', () => {
      withValue('');
      assert.equal(environmentBoolean(NAME), undefined);
      assert.deepEqual(diagnostics.messages('warn'), []);
    });
  });
});
