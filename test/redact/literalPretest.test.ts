import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_REDACT_PATTERNS } from '../../src/redact/defaultPatterns.js';
import { literalPretest } from '../../src/redact/literalPretest.js';
import { secretLikeTexts } from '../helpers/secretLikeTexts.js';

const PREFILTERS = DEFAULT_REDACT_PATTERNS.map(({ pattern, prefilter }) => prefilter ?? pattern);

describe('literalPretest', () => {
  it('passes every text that a default prefilter matches', () => {
    const pretest = literalPretest(PREFILTERS);
    assert.ok(pretest);
    let matched = 0;
    fc.assert(
      fc.property(secretLikeTexts, (text) => {
        const prefilter = PREFILTERS.find((candidate) => candidate.test(text));
        if (prefilter === undefined) return;
        matched++;
        assert.ok(pretest(text), `${prefilter} matches ${JSON.stringify(text)}, the pre-test does not pass it`);
      }),
      { numRuns: 3000 },
    );
    // The texts must reach the prefilters for this to show anything.
    assert.ok(matched > 1000, `only ${matched} texts matched a prefilter`);
  });

  it('lets ordinary text through without a prefilter run', () => {
    const pretest = literalPretest(PREFILTERS)!;
    assert.equal(pretest('the agent reads "config.json" then calls a tool — résumé of results: {"ok":true}'), false);
    assert.equal(pretest('curl -H "Authorization: Bearer abc"'), true);
  });

  it('matches the literals of case-sensitive patterns in their own case only', () => {
    const pretest = literalPretest([/TCK-\d{6}/, /ticket/i])!;
    assert.equal(pretest('TCK-123456'), true);
    assert.equal(pretest('tck-123456'), false);
    assert.equal(pretest('TICKET'), true);
  });

  it('is not made when a pattern has no literal every match holds', () => {
    assert.equal(literalPretest([/sk-/i, /\d{16}/]), undefined);
  });
});
