import type { RedactPattern } from './RedactOptions.js';

/**
 * Well-known secret formats, replaced wherever they occur in text. Each match is the secret alone: the
 * context that identifies it (`Bearer `, `password=`, a URL's scheme and host) is kept, so a reader still
 * sees what kind of value was there.
 *
 * Order matters where formats overlap: they are applied in this order, so the more specific name wins
 * (`sk-ant-…` is an Anthropic key before it is an `sk-…` key), and a secret that a later pattern would only
 * partly match is already gone.
 *
 * Every prefilter is case-insensitive, even where its pattern is not: a looser prefilter only lets a little
 * more text through to its pattern, and prefilters with one set of flags join into a single test.
 */
export const DEFAULT_REDACT_PATTERNS: readonly RedactPattern[] = Object.freeze([
  {
    name: 'private-key',
    // A key cut short by an attribute length limit has no END line: it is redacted to the end of the text.
    pattern: /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/,
    prefilter: /PRIVATE KEY/i,
  },
  {
    name: 'url-credentials',
    // `scheme://user:password@host`: the user goes too, as it is often a key id that pairs with the secret.
    pattern: /(?<=:\/\/)[^\s/?#@:]*:[^\s/?#]*(?=@)/,
    prefilter: /:\/\/[^\s/?#]*@/i,
  },
  { name: 'bearer', pattern: /(?<=\bBearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/i, prefilter: /bearer/i },
  {
    name: 'basic-auth',
    // Case-sensitive, base64-aligned and at least 12 characters long, so that prose ("Basic settings") stays.
    pattern: /(?<=\bBasic\s+)(?:[A-Za-z0-9+/]{4}){3,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=])/,
    prefilter: /basic/i,
  },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, prefilter: /eyJ/i },
  { name: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/, prefilter: /sk-ant-/i },
  // Also OpenAI project and service-account keys (`sk-proj-`, `sk-svcacct-`) and other providers' `sk-` keys.
  { name: 'openai-key', pattern: /\bsk-[A-Za-z0-9_-]{20,}/, prefilter: /sk-/i },
  { name: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, prefilter: /AKIA|ASIA/i },
  {
    name: 'aws-secret-key',
    pattern: /(?<=\b(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{16,}/i,
    prefilter: /secret_?access_?key/i,
  },
  {
    name: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/,
    prefilter: /gh[pousr]_|github_pat_/i,
  },
  { name: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_.-]{20,}/, prefilter: /glpat-/i },
  { name: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, prefilter: /xox[abprs]-/i },
  { name: 'stripe-key', pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/, prefilter: /[rs]k_(?:live|test)_/i },
  { name: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/, prefilter: /AIza/i },
  { name: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{30,}/, prefilter: /hf_/i },
  { name: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}/, prefilter: /npm_/i },
  {
    name: 'secret-param',
    // `password=…`, `DB_PASSWORD=…`, `?access_token=…&`, `sig=…` (Azure SAS): up to the next separator.
    pattern: /(?<=(?:^|[^A-Za-z0-9])(?:[A-Za-z0-9]+[_.-])*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|sig)=)[^\s&#"'<>;,]+/i,
    prefilter: /(?:pass(?:word|wd)?|pwd|secret|token|key|sig)=/i,
  },
  {
    name: 'secret-field',
    // `"password": "…"` in JSON, as tool arguments carry it. A bare `"token"` is left alone: a model's
    // log-probabilities name each of its tokens that way.
    pattern: /(?<="(?:[A-Za-z0-9]+[_.-])*(?:pass(?:word|wd)?|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|(?:access|refresh|id|auth|session|bearer)[_-]?token)"\s*:\s*")(?:[^"\\]|\\.)+(?=")/i,
    prefilter: /(?:pass(?:word|wd)?|secret|key|token)"\s*:/i,
  },
]);
