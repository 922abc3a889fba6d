import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { CrashGuards } from '../../src/fs/CrashGuards.js';
import { sessionFileKey } from '../../src/fs/sessionFileName.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

describe('CrashGuards', () => {
  it('guards a key once it is added, and no other key', () => {
    const guards = new CrashGuards(10);
    assert.equal(guards.has('ses_1'), false);

    guards.add('ses_1');

    assert.equal(guards.has('ses_1'), true);
    assert.equal(guards.has('ses_2'), false);
    assert.equal(guards.has('SES_1'), false);
  });

  it('guards a session by the key of its file, which a raw id that is not a plain name does not match', () => {
    const guards = new CrashGuards(10);
    const rawId = 'a/b:c.d';

    guards.add(sessionFileKey(rawId));

    assert.equal(guards.has(sessionFileKey(rawId)), true);
    assert.notEqual(sessionFileKey(rawId), rawId);
    assert.equal(guards.has(rawId), false);
    // Its readable part is `a_b_c.d`, yet the id of that name has a file, and a guard, of its own.
    assert.equal(guards.has(sessionFileKey('a_b_c.d')), false);
  });

  it('forgets the oldest guard beyond its capacity and names it in one warning', () => {
    const guards = new CrashGuards(2);
    guards.add('ses_a');
    guards.add('ses_b');
    assert.deepEqual(diagnostics.messages('warn'), []);

    guards.add('ses_c');

    assert.deepEqual([guards.has('ses_a'), guards.has('ses_b'), guards.has('ses_c')], [false, true, true]);
    const warnings = diagnostics.messages('warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /"ses_a"/);
  });

  it('neither warns nor forgets anything when a guarded key is added again', () => {
    const guards = new CrashGuards(2);
    guards.add('ses_a');
    guards.add('ses_b');

    guards.add('ses_a');
    guards.add('ses_b');

    assert.equal(guards.has('ses_a'), true);
    assert.equal(guards.has('ses_b'), true);
    assert.deepEqual(diagnostics.messages('warn'), []);
  });

  it('holds the last `capacity` keys in the order they were first guarded, with one warning per key forgotten', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 30 }), (capacity, keys) => {
        diagnostics.records.length = 0;
        const guards = new CrashGuards(capacity);
        const model: string[] = [];
        let forgotten = 0;
        for (const key of keys) {
          guards.add(key);
          if (model.includes(key)) continue;
          model.push(key);
          if (model.length > capacity) {
            model.shift();
            forgotten++;
          }
        }
        for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) assert.equal(guards.has(key), model.includes(key), key);
        assert.equal(diagnostics.messages('warn').length, forgotten);
      }),
    );
  });
});
