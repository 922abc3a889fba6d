import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextScrubber } from '../../src/redact/TextScrubber.js';

describe('TextScrubber', () => {
  it('applies patterns of different flags, each with its own flags', () => {
    const scrubber = new TextScrubber([
      { pattern: /secret-\d+/i, replacement: '#' },
      { pattern: /^line$/m, replacement: '@' },
      { pattern: /CASE/, replacement: '!' },
    ]);
    assert.equal(scrubber.scrub('a SECRET-12 b\nline\ncase CASE'), 'a # b\n@\ncase !');
  });

  it('keeps a pattern with a backreference or a named group correct beside others', () => {
    const scrubber = new TextScrubber([
      { pattern: /(x)(y)/, replacement: '1' },
      { pattern: /(["'])hidden\1/, replacement: '2' },
      { pattern: /(?<n>z+)-\k<n>/, replacement: '3' },
      { pattern: /(?<n>q+)=\k<n>/, replacement: '4' },
    ]);
    assert.equal(scrubber.scrub(`"hidden" 'hidden" zz-zz zz-yy qq=qq`), `2 'hidden" 3 zz-yy 4`);
  });

  it('writes a replacement as it is, `$` included', () => {
    const scrubber = new TextScrubber([{ pattern: /(pin) \d+/, replacement: '$& $1 $$' }]);
    assert.equal(scrubber.scrub('pin 1234'), '$& $1 $$');
  });

  it('runs a pattern only on text that passes its prefilter', () => {
    const scrubber = new TextScrubber([{ pattern: /\d{4}/, prefilter: /pin/i, replacement: '****' }]);
    assert.equal(scrubber.scrub('PIN 1234'), 'PIN ****');
    assert.equal(scrubber.scrub('year 1234'), 'year 1234');
  });

  it('gives the same answer on every call, whatever the flags it was given', () => {
    const scrubber = new TextScrubber([{ pattern: /tok/gy, prefilter: /tok/g, replacement: 'x' }]);
    for (let i = 0; i < 3; i++) assert.equal(scrubber.scrub('a tok b tok'), 'a x b x');
  });

  it('does not redact again what an earlier pattern wrote, but does redact what follows it', () => {
    const scrubber = new TextScrubber([
      { pattern: /sk-\w+/, replacement: '[key]' },
      { pattern: /(?<=password=)\S+/, replacement: '[password]' },
    ]);
    assert.equal(scrubber.scrub('password=sk-abc'), 'password=[key]');
    assert.equal(scrubber.scrub('password=sk-abc!tail'), 'password=[password]');
  });
});
