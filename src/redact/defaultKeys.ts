/**
 * Attribute keys that name a credential, so that their whole value is replaced. Each rule matches the
 * last segment of a key (after `.`, `_` or `-`, or the whole key), ignoring case, so that
 * `http.request.header.authorization` and `db.password` match while `author` and `passwordless` do not.
 *
 * A key that counts tokens is not a token: `gen_ai.usage.input_tokens` ends in a plural and
 * `gen_ai.request.max_token` in a count's name, and neither matches. No rule ends in `id`, so `session.id`
 * and `gen_ai.conversation.id` are kept.
 */
export const DEFAULT_REDACT_KEYS: readonly RegExp[] = Object.freeze([
  /(?:^|[._-])api[._-]?key$/i,
  /(?:^|[._-])(?:client[._-]?)?secret(?:[._-]?(?:access[._-]?)?key)?$/i,
  /(?:^|[._-])(?:password|passwd|passphrase)$/i,
  /(?:^|[._-])(?<!(?:max|min|num|total|input|output|prompt|completion|reasoning|cached)[._-])(?:(?:access|refresh|id|session|auth|bearer|csrf|xsrf|security|api)[._-]?)?token$/i,
  /(?:^|[._-])(?:authorization|auth|cookies?|credentials?|jwt)$/i,
  /(?:^|[._-])(?:private|signing|encryption)[._-]?key$/i,
  /(?:^|[._-])connection[._-]?string$/i,
]);
