import fc from 'fast-check';

/**
 * Texts made of pieces of secrets and of what surrounds them (`sk-`, `Bearer `, `password`, `=`, `"`,
 * separators, letters that fold oddly under `i`), each piece in either case: near-misses and matches of
 * the default patterns come up often, which random strings would almost never give.
 */
const PIECES = [
  'sk-', 'ant-', 'Bearer ', 'basic ', 'PRIVATE KEY', '-----BEGIN ', 'pass', 'word', 'wd', 'pwd', 'secret',
  'access', 'key', 'token', 'sig', '_', '-', '=', '"', ':', ' ', '://', '@', 'gh', 'p_', 'ithub_pat_',
  'glpat', 'xox', 'b', 'AKIA', 'ASIA', 'AIza', 'eyJ', 'hf', 'npm', 'k_', 'live', 'test', '.', '/', 'é', 'ſ',
  'K', 'x', 'aaaaaaaa', '0123456789', 'ABCDEFGH', 'z',
];

export const secretLikeTexts = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.boolean()), { maxLength: 24 })
  .map((pieces) => pieces.map(([piece, upper]) => (upper ? piece.toUpperCase() : piece)).join(''));
