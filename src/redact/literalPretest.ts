import { requiredLiterals } from './requiredLiterals.js';

/**
 * A quick test that every text holding a match of any of the given patterns passes: the literals each
 * pattern's matches must contain (see `requiredLiterals`), joined into one RegExp per case mode and
 * merged on their common beginnings. V8 tries each alternative of a RegExp at each position of a text;
 * merged, most positions are ruled out by their first character, where the patterns themselves (and
 * their lookbehinds) try a dozen alternatives. `undefined` when some pattern has no known literals.
 */
export function literalPretest(patterns: readonly RegExp[]): ((text: string) => boolean) | undefined {
  const folded: string[] = [];
  const exact: string[] = [];
  for (const pattern of patterns) {
    const required = requiredLiterals(pattern);
    if (required === undefined) return undefined;
    (required.folded ? folded : exact).push(...required.literals);
  }
  let tests: RegExp[];
  try {
    tests = [alternationOf(folded, 'i'), alternationOf(exact, '')].filter((test) => test !== undefined);
  } catch {
    // A literal this escaping did not foresee: no pre-test rather than one that could miss.
    return undefined;
  }
  if (tests.length === 1) {
    const [test] = tests;
    return (text) => test!.test(text);
  }
  return (text) => tests.some((test) => test.test(text));
}

interface TrieNode {
  /** A literal ends here: whatever follows, a text with this prefix holds it. */
  end: boolean;
  next: Map<string, TrieNode>;
}

/** A RegExp that matches where any of `literals` occurs, or `undefined` for none. */
function alternationOf(literals: readonly string[], flags: string): RegExp | undefined {
  if (literals.length === 0) return undefined;
  const root: TrieNode = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const char of literal) {
      let child = node.next.get(char);
      if (child === undefined) {
        child = { end: false, next: new Map() };
        node.next.set(char, child);
      }
      node = child;
    }
    node.end = true;
  }
  return new RegExp(sourceOf(root), flags);
}

function sourceOf(node: TrieNode): string {
  const branches = [...node.next].map(([char, child]) => escape(char) + (child.end ? '' : sourceOf(child)));
  return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
}

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}
