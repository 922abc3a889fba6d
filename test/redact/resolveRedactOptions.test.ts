import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDACT_KEYS } from '../../src/redact/defaultKeys.js';
import { DEFAULT_REDACT_PATTERNS } from '../../src/redact/defaultPatterns.js';
import { resolveRedactOptions } from '../../src/redact/resolveRedactOptions.js';

describe('resolveRedactOptions', () => {
  it('fills in the default keys, patterns and replacements', () => {
    const resolved = resolveRedactOptions({});
    assert.equal(resolved.keys, DEFAULT_REDACT_KEYS);
    assert.equal(resolved.keyReplacement, '[REDACTED]');
    assert.deepEqual(
      resolved.rules.map((rule) => rule.replacement),
      DEFAULT_REDACT_PATTERNS.map((pattern) => `[REDACTED:${pattern.name}]`),
    );
  });

  it('asks a replacement function once per pattern and once for keys', () => {
    const asked: Array<string | undefined> = [];
    const resolved = resolveRedactOptions({
      patterns: [/a/, { name: 'b', pattern: /b/ }],
      replacement: (name) => {
        asked.push(name);
        return `<${name ?? '?'}>`;
      },
    });
    assert.deepEqual(asked, [undefined, undefined, 'b']);
    assert.deepEqual(resolved.rules.map((rule) => rule.replacement), ['<?>', '<b>']);
  });

  it('rejects options of the wrong type, naming the option', () => {
    assert.throws(() => resolveRedactOptions({ keys: 'password' as never }), /Expected `keys` to be an array of strings and RegExps, got "password"/);
    assert.throws(() => resolveRedactOptions({ keys: ['a', 3] as never }), /`keys`.*got an array holding 3/);
    assert.throws(() => resolveRedactOptions({ patterns: /a/ as never }), /Expected `patterns` to be an array/);
    assert.throws(() => resolveRedactOptions({ patterns: [/a/, 'b'] as never }), /`patterns`.*got an array holding "b"/);
    assert.throws(() => resolveRedactOptions({ patterns: [{ name: 'x', pattern: /a/, prefilter: 'a' }] as never }), /`patterns`/);
    assert.throws(() => resolveRedactOptions({ replacement: 5 as never }), /Expected `replacement` to be a string or a function returning one, got 5/);
    assert.throws(() => resolveRedactOptions({ replacement: () => 5 as never }), /Expected `replacement` to return a string, got 5/);
    assert.throws(() => resolveRedactOptions(null as never), /Expected redact options to be an object, got null/);
  });
});
