import { literalPretest } from './literalPretest.js';

/**
 * Replaces secret patterns inside text. Nearly every string a span carries holds no secret, so the common
 * case is one failed test of the literals that any prefilter's match must hold, merged into one pattern
 * (`literalPretest`), then of all prefilters joined into one pattern. Text that passes both goes through the
 * rules one by one, in order, each rule's full pattern running only where its own prefilter passes: full
 * patterns (with their lookbehinds) cost many times more per character than a literal search.
 */

/** One pattern to replace, the text that replaces each of its matches, and an optional quick pre-test. */
export interface ScrubRule {
  pattern: RegExp;
  prefilter?: RegExp | undefined;
  replacement: string;
}

interface PreparedRule {
  /** With `g`, for `replace`. */
  readonly global: RegExp;
  readonly prefilter: RegExp | undefined;
  readonly replace: (match: string) => string;
}

/** Replaces the matches of its rules, in order, inside any text. */
export class TextScrubber {
  private readonly rules: PreparedRule[];
  /** Any match of any rule is a match of one of these. */
  private readonly prefilters: RegExp[];
  /** Passed by every text that one of `prefilters` matches, and by few others; cheaper to run. */
  private readonly pretest: ((text: string) => boolean) | undefined;

  constructor(rules: readonly ScrubRule[]) {
    const written = [...new Set(rules.map((rule) => rule.replacement))].filter((text) => text !== '');
    // What an earlier rule wrote is not redacted again (`password=[REDACTED:openai-key]` keeps its more
    // specific name), unless the match holds more than replacements: that rest may be part of a secret.
    const isWritten = (match: string): boolean => written.reduce((rest, text) => rest.replaceAll(text, ''), match) === '';
    this.rules = rules.map(({ pattern, prefilter, replacement }) => ({
      global: new RegExp(pattern.source, `${baseFlags(pattern)}g`),
      prefilter: prefilter && withoutState(prefilter),
      // A function, so that the replacement is written as it is, never read as `$&` or `$1`.
      replace: (match: string) => (isWritten(match) ? match : replacement),
    }));
    this.prefilters = combine(rules.map((rule) => rule.prefilter ?? rule.pattern));
    this.pretest = literalPretest(rules.map((rule) => rule.prefilter ?? rule.pattern));
  }

  /** `text` with every match replaced; `text` itself when it holds none. */
  scrub(text: string): string {
    if (!this.mayHoldSecret(text)) return text;
    let out = text;
    for (const rule of this.rules) {
      if (rule.prefilter === undefined || rule.prefilter.test(out)) out = out.replace(rule.global, rule.replace);
    }
    return out;
  }

  private mayHoldSecret(text: string): boolean {
    if (this.pretest !== undefined && !this.pretest(text)) return false;
    for (const prefilter of this.prefilters) if (prefilter.test(text)) return true;
    return false;
  }
}

/** Flags that change what a pattern matches; `g`, `y` and `d` only change how it is run. */
function baseFlags(pattern: RegExp): string {
  return pattern.flags.replace(/[gyd]/g, '');
}

/** A copy for `test`, which with `g` or `y` would start where its last call stopped. */
function withoutState(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, baseFlags(pattern));
}

/**
 * Joins patterns into as few alternations as their flags allow (one per distinct set of flags). A pattern
 * with a backreference or a named group stays alone: joined, its group numbers would shift and its group
 * names could clash.
 */
function combine(patterns: readonly RegExp[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  const alone: RegExp[] = [];
  for (const pattern of patterns) {
    const flags = baseFlags(pattern);
    if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(pattern.source)) {
      alone.push(withoutState(pattern));
      continue;
    }
    const sources = byFlags.get(flags) ?? [];
    sources.push(`(?:${pattern.source})`);
    byFlags.set(flags, sources);
  }
  return [...[...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags)), ...alone];
}
