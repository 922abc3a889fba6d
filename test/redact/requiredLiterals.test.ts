import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_REDACT_PATTERNS } from '../../src/redact/defaultPatterns.js';
import { requiredLiterals } from '../../src/redact/requiredLiterals.js';
import { secretLikeTexts } from '../helpers/secretLikeTexts.js';

/** Patterns covering the syntax the analysis reads: classes, optional parts, braces, lookarounds, escapes. */
const SYNTAX = [
  /ab?c/,
  /a(?:bc)?d/i,
  /x[abc]y/,
  /x[ab-]y/i,
  /(?<=\bpass)word/i,
  /key(?!s)/,
  /k{2,3}e/,
  /(?:to|ke){1,2}n?/,
  /sig=|sk-[a-z]{4}/i,
  /a\.b\/c\-d/,
  /\s*token\s*:/i,
  /(?<named>sec)ret/,
  /^pass(?:word|wd)?$/im,
];

function contains(text: string, literal: string, folded: boolean): boolean {
  // Folding as `i` does without `u`: ASCII letters only.
  const fold = (value: string): string => value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return (folded ? fold(text) : text).includes(literal);
}

describe('requiredLiterals', () => {
  it('finds the literals of the default patterns and their prefilters', () => {
    const literals = (pattern: RegExp) => requiredLiterals(pattern)?.literals;
    assert.deepEqual(literals(/sk-ant-/i), ['sk-ant-']);
    assert.deepEqual(literals(/gh[pousr]_|github_pat_/i), ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']);
    assert.deepEqual(literals(/(?:pass(?:word|wd)?|pwd|secret|token|key|sig)=/i), ['pass=', 'password=', 'passwd=', 'pwd=', 'secret=', 'token=', 'key=', 'sig=']);
    for (const { pattern, prefilter } of DEFAULT_REDACT_PATTERNS) {
      assert.notEqual(requiredLiterals(prefilter ?? pattern), undefined, `${prefilter ?? pattern}`);
    }
  });

  it('knows no literals where a pattern can match without one or its syntax is not read', () => {
    for (const pattern of [/a*/, /[a-z]+/, /.{3}/, /(?:abc)?/, /(a)\1/, /\x41/, /é/i, /k/iu, /\p{L}/u, /a|/, /(?=abc)/]) {
      assert.equal(requiredLiterals(pattern), undefined, `${pattern}`);
    }
  });

  it('never claims a literal that a match lacks', () => {
    const patterns = [...DEFAULT_REDACT_PATTERNS.flatMap(({ pattern, prefilter }) => (prefilter ? [pattern, prefilter] : [pattern])), ...SYNTAX];
    const analysed = patterns.map((pattern) => ({ pattern, required: requiredLiterals(pattern) }));
    fc.assert(
      fc.property(secretLikeTexts, (text) => {
        for (const { pattern, required } of analysed) {
          if (required === undefined || !new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(text)) continue;
          const held = required.literals.some((literal) => contains(text, literal, required.folded));
          assert.ok(held, `${pattern} matches ${JSON.stringify(text)}, which holds none of ${JSON.stringify(required.literals)}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
