/**
 * Literals that every match of a RegExp contains: `/(?:password|token)=/i` cannot match a text that holds
 * none of `password=` and `token=`. The redactor looks for these literals before it runs the patterns.
 *
 * The analysis must never claim a literal that some match lacks: a wrong literal lets a secret through.
 * So it reads only a plain subset of the RegExp syntax and answers `undefined` (no literals known) for
 * anything else: the `u` and `v` flags (their case folding maps non-ASCII letters onto ASCII ones, and
 * their syntax differs), a non-ASCII literal under `i`, and any syntax it does not know. Parts that can
 * match many strings (`.`, `\w`, large classes, `*`, lookarounds, backreferences) simply add no literal.
 */

/** Literals one of which every match holds; `folded` when the pattern ignores case (then lower case). */
export interface RequiredLiterals {
  literals: string[];
  folded: boolean;
}

/** What is known of the strings one part of a pattern matches. */
interface Info {
  /** Every string the part can match, when there are few (lower case under `i`). */
  exact?: string[];
  /** Literals at least one of which every match of the part contains; never holds `''`. */
  some?: string[];
}

const MAX_EXACT = 16;
const ANY: Info = {};
const EMPTY: Info = { exact: [''] };

/** Syntax this analysis does not read. */
class Unsupported extends Error {}

/** Literals one of which is in every text that `pattern` matches, or `undefined` when none are known. */
export function requiredLiterals(pattern: RegExp): RequiredLiterals | undefined {
  if (/[uv]/.test(pattern.flags)) return undefined;
  const folded = pattern.flags.includes('i');
  try {
    const parser = new Parser(pattern.source, folded);
    const info = parser.alternation();
    if (!parser.done()) return undefined;
    const literals = requirement(info);
    return literals === undefined ? undefined : { literals, folded };
  } catch {
    // Unsupported syntax, or anything unforeseen: no literals is always a safe answer.
    return undefined;
  }
}

function requirement(info: Info): string[] | undefined {
  const literals = info.some ?? info.exact;
  return literals === undefined || literals.includes('') ? undefined : literals;
}

/** A rough share of ordinary text that is this character: lower is rarer. */
function share(code: number): number {
  const lower = code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
  if (lower === 0x20) return 0.15;
  if (lower >= 0x61 && lower <= 0x7a) return 'etaoinsrhldcu'.includes(String.fromCharCode(lower)) ? 0.06 : 0.02;
  return 0.01;
}

/** Roughly how often ordinary text holds one of `literals`: of two requirements, the lower is kept. */
function weight(literals: readonly string[]): number {
  let total = 0;
  for (const literal of literals) {
    let chance = 1;
    for (let i = 0; i < literal.length; i++) chance *= share(literal.charCodeAt(i));
    total += chance;
  }
  return total;
}

/** Either requirement of a match holds (the match holds both parts); the one met less often is kept. */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return weight(b) < weight(a) ? b : a;
}

function concat(a: Info, b: Info): Info {
  if (a.exact && b.exact && a.exact.length * b.exact.length <= MAX_EXACT) {
    const exact: string[] = [];
    for (const left of a.exact) for (const right of b.exact) exact.push(left + right);
    return { exact: [...new Set(exact)] };
  }
  const some = better(requirement(a), requirement(b));
  return some === undefined ? ANY : { some };
}

function alternate(options: readonly Info[]): Info {
  if (options.every((option) => option.exact)) {
    const exact = [...new Set(options.flatMap((option) => option.exact!))];
    if (exact.length <= MAX_EXACT) return { exact };
  }
  const some: string[] = [];
  for (const option of options) {
    const literals = requirement(option);
    if (literals === undefined) return ANY;
    some.push(...literals);
  }
  return { some: [...new Set(some)] };
}

class Parser {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly folded: boolean,
  ) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  alternation(): Info {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : alternate(options);
  }

  private sequence(): Info {
    let info = EMPTY;
    while (!this.done() && this.peek() !== '|' && this.peek() !== ')') info = concat(info, this.quantified());
    return info;
  }

  private quantified(): Info {
    const atom = this.atom();
    const counts = this.quantifier();
    if (counts === undefined) return atom;
    if (this.peek() === '?') this.at++;
    const [min, max] = counts;
    if (min === 0 && max === 1 && atom.exact) return alternate([EMPTY, atom]);
    // Present at least once, a part still holds one of its literals; optional, it may be absent.
    if (min === 0) return ANY;
    const some = requirement(atom);
    return some === undefined ? ANY : { some };
  }

  /** The least and greatest counts of a quantifier after an atom, or `undefined` when none follows. */
  private quantifier(): [number, number] | undefined {
    const next = this.peek();
    if (next === '?' || next === '*' || next === '+') {
      this.at++;
      return next === '?' ? [0, 1] : next === '*' ? [0, Infinity] : [1, Infinity];
    }
    if (next !== '{') return undefined;
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
    // Without the `u` flag a `{` that starts no quantifier is a literal brace.
    if (match === null) return undefined;
    this.at += match[0].length;
    const min = Number(match[1]);
    return [min, match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])];
  }

  private atom(): Info {
    const char = this.source[this.at++]!;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '.':
        return ANY;
      case '^':
      case '$':
        return EMPTY;
      case '*':
      case '+':
      case '?':
      case ')':
      case ']':
      case '{':
      case '}':
      case '|':
        throw new Unsupported();
      default:
        return this.literal(char.charCodeAt(0));
    }
  }

  private group(): Info {
    let lookaround = false;
    if (this.source.startsWith('?:', this.at)) {
      this.at += 2;
    } else if (/^\?<?[=!]/.test(this.source.slice(this.at, this.at + 3))) {
      lookaround = true;
      this.at += this.source[this.at + 1] === '<' ? 3 : 2;
    } else if (this.source.startsWith('?<', this.at)) {
      const end = this.source.indexOf('>', this.at);
      if (end < 0) throw new Unsupported();
      this.at = end + 1;
    } else if (this.peek() === '?') {
      throw new Unsupported();
    }
    const inner = this.alternation();
    if (this.source[this.at++] !== ')') throw new Unsupported();
    // What a lookaround looks at is not part of the match.
    return lookaround ? EMPTY : inner;
  }

  /** A class of a few plain characters (`[pousr]`) is those characters; any other class matches anything. */
  private characterClass(): Info {
    const members: number[] = [];
    let plain = this.peek() !== '^';
    while (!this.done()) {
      const char = this.source[this.at++]!;
      if (char === ']') {
        if (!plain || members.length === 0 || members.length > MAX_EXACT / 2) return ANY;
        return alternate(members.map((code) => this.literal(code)));
      }
      if (char === '\\') {
        const escaped = this.source[this.at++];
        if (escaped === undefined) break;
        // `\d`, `\s`, `\b` (a backspace here), `\x41`...: not read, the class is taken to match anything.
        if (/[A-Za-z0-9]/.test(escaped)) plain = false;
        else members.push(escaped.charCodeAt(0));
      } else if (char === '-' && members.length > 0 && this.peek() !== ']') {
        plain = false;
      } else {
        members.push(char.charCodeAt(0));
      }
    }
    throw new Unsupported();
  }

  private escape(): Info {
    const char = this.source[this.at++];
    if (char === undefined) throw new Unsupported();
    switch (char) {
      case 'b':
      case 'B':
        return EMPTY;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        return ANY;
      case 'n':
        return this.literal(0x0a);
      case 't':
        return this.literal(0x09);
      case 'r':
        return this.literal(0x0d);
      case 'f':
        return this.literal(0x0c);
      case 'v':
        return this.literal(0x0b);
      default:
        // Backreferences (`\1`, `\k<name>`) and code points (`\x41`, `\u0041`, `\cJ`) are not read.
        if (/[A-Za-z0-9]/.test(char)) throw new Unsupported();
        return this.literal(char.charCodeAt(0));
    }
  }

  private literal(code: number): Info {
    if (!this.folded) return { exact: [String.fromCharCode(code)] };
    // Under `i` without `u`, ASCII matches ASCII only, in either case; other letters are not read.
    if (code >= 0x80) return ANY;
    return { exact: [String.fromCharCode(code >= 0x41 && code <= 0x5a ? code | 0x20 : code)] };
  }

  private peek(): string {
    return this.source[this.at] ?? '';
  }
}
