import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { colorsFor, truncate, truncateStart, visibleLength } from '../src/terminal.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('terminal', () => {
  it('colours a terminal, not a pipe; NO_COLOR wins over everything, FORCE_COLOR over a pipe', () => {
    assert.equal(colorsFor(tty, {}).red('x'), '\u001b[31mx\u001b[39m');
    assert.equal(colorsFor(pipe, {}).red('x'), 'x');
    assert.equal(colorsFor(pipe, { CI: 'true' }).red('x'), 'x');
    assert.equal(colorsFor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' }).red('x'), 'x');
    assert.equal(colorsFor(pipe, { FORCE_COLOR: '1' }).red('x'), '\u001b[31mx\u001b[39m');
    assert.equal(colorsFor(tty, { TERM: 'dumb' }).red('x'), 'x');
  });

  it('truncates to at most the width, keeping text that fits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), fc.nat(40), (text, width) => {
        const cut = truncate(text, width);
        assert.ok(visibleLength(cut) <= Math.max(width, 0));
        if (visibleLength(text) <= width) assert.equal(cut, text);
      }),
    );
  });

  it('truncates at the start to at most the width, keeping the end', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), fc.nat(40), (text, width) => {
        const cut = truncateStart(text, width);
        assert.ok(visibleLength(cut) <= width);
        if (visibleLength(text) <= width) assert.equal(cut, text);
        else if (width > 1) assert.ok(cut.startsWith('…') && text.endsWith(cut.slice(1)));
      }),
    );
    assert.equal(truncateStart('session~pid4343.json', 13), '…pid4343.json');
  });
});
