import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { validateSessionFile } from '../../src/validate/validateSessionFile.js';
import { agentSessionFile, type SessionFile } from '../fixtures/makeSessionFile.js';

type Json = Record<string, any>;

/** Every path to a value inside `value`, as lists of keys. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Json)[key as string], [...prefix, key]))];
}

describe('validateSessionFile', () => {
  let good: SessionFile;
  before(async () => {
    good = await agentSessionFile({ id: 'ses_fuzz', unended: 'crashed', turns: 1 });
  });

  it('finds nothing wrong with a file the fixtures write', () => {
    assert.equal(validateSessionFile(good).problems.count, 0);
  });

  it('accepts span times up to the largest uint64 and names one past it', () => {
    const cases = [
      ['18446744073709551615', undefined],
      ['18446744073709551616', /past the largest unsigned 64-bit integer/],
      ['100000006144000000000', /expected nanoseconds since the epoch as a decimal string/],
    ] as const;
    for (const [time, expected] of cases) {
      const file = structuredClone(good) as Json;
      file.resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano = time;
      const found = validateSessionFile(file).problems.kept.filter((problem) => problem.path.endsWith('.endTimeUnixNano'));
      assert.equal(found.length, expected ? 1 : 0, time);
      if (expected) assert.match(found[0]!.message, expected);
    }
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void validateSessionFile(value)));
  });

  it('never throws when any value of a good file is replaced by any JSON, and names a path that exists', () => {
    const all = paths(good).filter((path) => path.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.jsonValue(), (path, replacement) => {
        const file = structuredClone(good) as Json;
        let parent: Json = file;
        for (const key of path.slice(0, -1)) parent = parent[key as string];
        parent[path.at(-1) as string] = replacement;
        const { problems } = validateSessionFile(file);
        for (const problem of problems.kept) assert.match(problem.path, /^\$(\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*$/);
      }),
    );
  });
});
