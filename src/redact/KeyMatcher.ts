/**
 * Decides whether an attribute key names a secret. Spans repeat the same few keys over and over, so each
 * key's decision is computed once and remembered; the memory is bounded, because keys can also be
 * unbounded (a key per request id), and is simply started afresh when full.
 */

const MAX_REMEMBERED_KEYS = 4096;

/** Tells secret-looking attribute keys: strings match exactly, ignoring case; RegExps by `test`. */
export class KeyMatcher {
  private readonly exact = new Set<string>();
  private readonly patterns: RegExp[] = [];
  private readonly decisions = new Map<string, boolean>();

  constructor(keys: ReadonlyArray<string | RegExp>) {
    for (const key of keys) {
      if (typeof key === 'string') this.exact.add(key.toLowerCase());
      // A copy without `g` and `y`: those make `test` start where the last call stopped.
      else this.patterns.push(new RegExp(key.source, key.flags.replace(/[gy]/g, '')));
    }
  }

  /** Whether the value of `key` is to be replaced whole. */
  matches(key: string): boolean {
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      decision = this.decide(key);
      if (this.decisions.size >= MAX_REMEMBERED_KEYS) this.decisions.clear();
      this.decisions.set(key, decision);
    }
    return decision;
  }

  private decide(key: string): boolean {
    if (this.exact.has(key.toLowerCase())) return true;
    for (const pattern of this.patterns) if (pattern.test(key)) return true;
    return false;
  }
}
