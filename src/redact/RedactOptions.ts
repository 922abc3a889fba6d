/** A named text pattern: its matches are replaced, and its name tells a reader what was removed. */
export interface RedactPattern {
  /** A short name for the kind of secret, written into the default replacement: `[REDACTED:<name>]`. */
  readonly name: string;
  /**
   * What to replace. The whole match is replaced, so context that must stay (a `Bearer ` prefix, a URL's
   * scheme and host) is matched with lookbehind and lookahead. The flags `g`, `y` and `d` are ignored.
   */
  readonly pattern: RegExp;
  /**
   * A quick test that every text holding a match of `pattern` passes, such as the literal a secret starts
   * with. When given, `pattern` runs only on text that passes it, and it stands in for `pattern` in the
   * single test that lets text without any secret through at once. A prefilter that misses a match lets
   * that secret through.
   */
  readonly prefilter?: RegExp;
}

/** Options of `createRedactor`. */
export interface RedactOptions {
  /**
   * Attribute keys whose whole value is replaced, in span, event and link attributes. A string matches a
   * key exactly, ignoring case; a RegExp is tested against the key. `[]` redacts no key.
   *
   * @default DEFAULT_REDACT_KEYS
   * @example keys: [...DEFAULT_REDACT_KEYS, 'user.email', /^app\.customer\./]
   */
  keys?: ReadonlyArray<string | RegExp>;
  /**
   * Patterns replaced wherever they occur in text: string attribute values (array elements included), event
   * names and attributes, link attributes, status messages. A bare RegExp is a pattern without a name.
   * `[]` replaces nothing.
   *
   * @default DEFAULT_REDACT_PATTERNS
   * @example patterns: [...DEFAULT_REDACT_PATTERNS, { name: 'ticket', pattern: /\bTCK-\d{6}\b/ }]
   */
  patterns?: ReadonlyArray<RegExp | RedactPattern>;
  /**
   * What a secret is replaced with. A string is written as it is for every redaction. A function receives
   * the name of the pattern that matched (`undefined` for a redacted key or a pattern without a name); it
   * is called once per pattern when the redactor is created, not once per match.
   *
   * @default (name) => name === undefined ? '[REDACTED]' : `[REDACTED:${name}]`
   */
  replacement?: string | ((patternName: string | undefined) => string);
}
