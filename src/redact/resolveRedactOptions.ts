import { DEFAULT_REDACT_KEYS } from './defaultKeys.js';
import { DEFAULT_REDACT_PATTERNS } from './defaultPatterns.js';
import { describeValue } from '../options/describeValue.js';
import { rejectUnknownRedactOptions } from '../options/rejectUnknownOptions.js';
import type { RedactOptions, RedactPattern } from './RedactOptions.js';
import type { ScrubRule } from './TextScrubber.js';

/**
 * `createRedactor`'s options checked and filled in with their defaults. A wrong type is a programming error
 * and throws a `TypeError` that names the option, at construction: found later, it would fail the encoding
 * of every span.
 */

export interface ResolvedRedactOptions {
  keys: ReadonlyArray<string | RegExp>;
  /** What the value of a redacted key becomes. */
  keyReplacement: string;
  /** The patterns in order, each with the text that replaces its matches. */
  rules: ScrubRule[];
}

/** Checks `options` and fills in the defaults; throws a `TypeError` for an option of the wrong type. */
export function resolveRedactOptions(options: RedactOptions): ResolvedRedactOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected redact options to be an object, got ${describeValue(options)}`);
  }
  rejectUnknownRedactOptions(options);
  const replace = replacementOption(options.replacement);
  return {
    keys: keysOption(options.keys),
    keyReplacement: replace(undefined),
    rules: patternsOption(options.patterns).map(({ name, pattern, prefilter }) => ({ pattern, prefilter, replacement: replace(name) })),
  };
}

function defaultReplacement(patternName: string | undefined): string {
  return patternName === undefined ? '[REDACTED]' : `[REDACTED:${patternName}]`;
}

function keysOption(value: unknown): ReadonlyArray<string | RegExp> {
  if (value === undefined) return DEFAULT_REDACT_KEYS;
  const expected = 'an array of strings and RegExps';
  if (!Array.isArray(value)) throw new TypeError(`Expected \`keys\` to be ${expected}, got ${describeValue(value)}`);
  for (const key of value) {
    if (typeof key !== 'string' && !(key instanceof RegExp)) {
      throw new TypeError(`Expected \`keys\` to be ${expected}, got an array holding ${describeValue(key)}`);
    }
  }
  return value as Array<string | RegExp>;
}

/** A pattern as the redactor uses it: a bare RegExp has no name. */
interface NamedPattern {
  name: string | undefined;
  pattern: RegExp;
  prefilter?: RegExp | undefined;
}

function patternsOption(value: unknown): readonly NamedPattern[] {
  if (value === undefined) return DEFAULT_REDACT_PATTERNS;
  const expected = 'an array of RegExps and { name: string, pattern: RegExp, prefilter?: RegExp } objects';
  if (!Array.isArray(value)) throw new TypeError(`Expected \`patterns\` to be ${expected}, got ${describeValue(value)}`);
  return value.map((item: unknown): NamedPattern => {
    if (item instanceof RegExp) return { name: undefined, pattern: item };
    const named = item as Partial<RedactPattern> | null;
    if (
      typeof named === 'object' && named !== null && typeof named.name === 'string' && named.pattern instanceof RegExp &&
      (named.prefilter === undefined || named.prefilter instanceof RegExp)
    ) {
      return { name: named.name, pattern: named.pattern, prefilter: named.prefilter };
    }
    throw new TypeError(`Expected \`patterns\` to be ${expected}, got an array holding ${describeValue(item)}`);
  });
}

function replacementOption(value: unknown): (patternName: string | undefined) => string {
  if (value === undefined) return defaultReplacement;
  if (typeof value === 'string') return () => value;
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`replacement\` to be a string or a function returning one, got ${describeValue(value)}`);
  }
  return (patternName) => {
    const text: unknown = value(patternName);
    if (typeof text !== 'string') {
      throw new TypeError(`Expected \`replacement\` to return a string, got ${describeValue(text)} for ${describeValue(patternName)}`);
    }
    return text;
  };
}
