import assert from 'node:assert/strict';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sessionFileKey, sessionFileName, sessionKeyOfFileName } from '../../src/fs/sessionFileName.js';

const DIRECTORY = resolve('/var/sessions');
// The atomic write appends `.<uint32>` to the name for its temporary file.
const TEMP_SUFFIX_BYTES = '.4294967295'.length;
const PLATFORMS: NodeJS.Platform[] = ['linux', 'darwin', 'win32'];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const awkward = fc.constantFrom(
  '', '.', '..', '../../x', '/', '\\', ':', '\0', 'a/b:c.d', 'CON', 'con', 'con.txt', 'Nul.tar.gz', 'COM1', 'lpt9.json',
  'CON.x/', '~', 'a~b', '🚀', '👩‍👩‍👧', '.hidden', 'trailing.', 'a..b', 'ses_01J', 'x'.repeat(1000), 'é'.repeat(300),
);
const anyId = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.oneof(fc.constantFrom('a', 'A', '.', '/', '\\', ':', '\0', '_', '-', '~'), loneSurrogate), maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', minLength: 900, maxLength: 1000 }),
  awkward,
);
// Ids that differ only in characters the sanitizer replaces must still get their own files.
const replacedOnly = fc
  .tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), fc.constantFrom('/', ':', '\\', ' ', '\0', '*', '?', 'é', '🚀', '_'))
  .map(([base, replacement]) => base.replace(/[^A-Za-z0-9.-]/g, replacement));

describe('sessionFileKey / sessionFileName', () => {
  it('keeps a plain id readable as <id>.json', () => {
    assert.equal(sessionFileName('ses_01JD4XQ6Z9', 'linux'), 'ses_01JD4XQ6Z9.json');
    assert.equal(sessionFileName('a.b-c_d', 'darwin'), 'a.b-c_d.json');
    assert.equal(sessionFileKey('ses_01JD4XQ6Z9', 'linux'), 'ses_01JD4XQ6Z9');
  });

  it('gives every other id a readable part and a hash', () => {
    assert.match(sessionFileName('a/b:c.d', 'linux'), /^a_b_c\.d~[0-9a-f]{32}\.json$/);
    assert.match(sessionFileName('../../x', 'linux'), /^_\.\._x~[0-9a-f]{32}\.json$/);
    assert.match(sessionFileName('', 'linux'), /^_~[0-9a-f]{32}\.json$/);
    assert.match(sessionFileName('.hidden', 'linux'), /^hidden~[0-9a-f]{32}\.json$/);
    assert.match(sessionFileName('x'.repeat(1000), 'linux'), /^x{64}~[0-9a-f]{32}\.json$/);
  });

  it('never uses a Windows device name, with or without extension, in any case', () => {
    for (const id of ['CON', 'con', 'Prn', 'AUX', 'nul', 'COM1', 'com9', 'LPT1', 'con.txt', 'NUL.tar.gz', 'CON.x/']) {
      const name = sessionFileName(id, 'linux');
      assert.doesNotMatch(name, /^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:\.|~|$)/i, `${id} → ${name}`);
    }
    assert.equal(sessionFileName('CONSOLE', 'linux'), 'CONSOLE.json');
  });

  it('hashes ids with uppercase letters on case-insensitive platforms only', () => {
    assert.equal(sessionFileName('Ses_A', 'linux'), 'Ses_A.json');
    for (const platform of ['darwin', 'win32'] as const) {
      const upper = sessionFileName('Ses_A', platform);
      const lower = sessionFileName('ses_a', platform);
      assert.match(upper, /^Ses_A~[0-9a-f]{32}\.json$/);
      assert.notEqual(upper.toLowerCase(), lower.toLowerCase());
    }
  });

  it('tells apart ids that UTF-8 alone would merge (lone surrogates)', () => {
    assert.notEqual(sessionFileName('\uD800', 'linux'), sessionFileName('\uFFFD', 'linux'));
    assert.notEqual(sessionFileName('a\uDC00', 'linux'), sessionFileName('a\uD800', 'linux'));
  });

  for (const platform of PLATFORMS) {
    it(`keeps every path inside the directory and every name short on ${platform}`, () => {
      fc.assert(
        fc.property(anyId, (id) => {
          const name = sessionFileName(id, platform);
          const path = join(DIRECTORY, name);
          const rel = relative(DIRECTORY, path);
          assert.ok(rel === name && !rel.startsWith('..') && !isAbsolute(rel), `${JSON.stringify(id)} → ${name}`);
          assert.match(name, /^[A-Za-z0-9_-][A-Za-z0-9._~-]*\.json$/);
          assert.ok(Buffer.byteLength(name) + TEMP_SUFFIX_BYTES <= 200, `${name} is too long`);
          assert.equal(sessionKeyOfFileName(name), sessionFileKey(id, platform));
        }),
        { numRuns: 5000 },
      );
    });

    it(`gives distinct ids distinct names on ${platform}, case-insensitively where the platform is`, () => {
      const fold = platform === 'linux' ? (name: string) => name : (name: string) => name.toLowerCase();
      fc.assert(
        fc.property(fc.uniqueArray(fc.oneof(anyId, replacedOnly), { minLength: 2, maxLength: 60 }), (ids) => {
          const names = new Set(ids.map((id) => fold(sessionFileName(id, platform))));
          assert.equal(names.size, ids.length);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('recognises only names it could have produced', () => {
    assert.equal(sessionKeyOfFileName('ses_1.json'), 'ses_1');
    assert.equal(sessionKeyOfFileName(`a_b~${'0'.repeat(32)}.json`), `a_b~${'0'.repeat(32)}`);
    for (const name of ['ses_1.json.123', '.hidden.json', 'notes.txt', 'a~b.json', 'a b.json', '.json']) {
      assert.equal(sessionKeyOfFileName(name), undefined, name);
    }
  });
});
