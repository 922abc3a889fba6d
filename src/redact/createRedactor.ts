import type { SpanRedactor } from '../encoding/encodeSpan.js';
import { KeyMatcher } from './KeyMatcher.js';
import type { RedactOptions } from './RedactOptions.js';
import { resolveRedactOptions } from './resolveRedactOptions.js';
import { TextScrubber } from './TextScrubber.js';

/**
 * The built-in redactor: values of secret-looking attribute keys are replaced whole, and well-known
 * secret formats are replaced inside any text. It runs while each ended span is encoded, once per span,
 * on every attribute, so the common case (nothing to hide) must stay cheap: a remembered decision per key
 * and one failed pattern test per string. It returns the very value it was given when it changes nothing,
 * so that the encoder's output is byte for byte what it would be without it.
 */

/**
 * Creates a {@link SpanRedactor} for the `redactor` option.
 *
 * @example
 * createRedactor({ patterns: [...DEFAULT_REDACT_PATTERNS, { name: 'ticket', pattern: /\bTCK-\d{6}\b/ }] })
 */
export function createRedactor(options: RedactOptions = {}): SpanRedactor {
  const { keys, keyReplacement, rules } = resolveRedactOptions(options);
  const matcher = keys.length > 0 ? new KeyMatcher(keys) : undefined;
  const scrubber = rules.length > 0 ? new TextScrubber(rules) : undefined;

  function value(key: string, given: unknown): unknown {
    if (given === undefined || given === null) return given;
    if (matcher?.matches(key)) return keyReplacement;
    if (scrubber === undefined) return given;
    if (typeof given === 'string') return scrubber.scrub(given);
    if (typeof given === 'object') return Array.isArray(given) ? array(key, given) : map(given);
    return given;
  }

  // Copied only when an element changes, so that arrays without secrets cost no allocation.
  function array(key: string, given: readonly unknown[]): unknown {
    let out: unknown[] | undefined;
    for (let i = 0; i < given.length; i++) {
      const element = given[i];
      const redacted = typeof element === 'string' ? scrubber!.scrub(element) : value(key, element);
      if (redacted !== element) (out ??= given.slice())[i] = redacted;
    }
    return out ?? given;
  }

  // The SDK keeps only primitives and arrays, but spans can reach an exporter from elsewhere, and the encoder
  // writes maps as key-value lists: their entries are redacted by their own keys.
  function map(given: object): unknown {
    if (given instanceof Uint8Array) return given;
    let out: Record<string, unknown> | undefined;
    for (const [entryKey, entry] of Object.entries(given)) {
      const redacted = value(entryKey, entry);
      if (redacted !== entry) (out ??= { ...given })[entryKey] = redacted;
    }
    return out ?? given;
  }

  return {
    attribute: value,
    text: scrubber === undefined ? (text) => text : (text) => scrubber.scrub(text),
  };
}
