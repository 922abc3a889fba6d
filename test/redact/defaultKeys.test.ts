import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDACT_KEYS } from '../../src/redact/defaultKeys.js';

function matches(key: string): boolean {
  return DEFAULT_REDACT_KEYS.some((pattern) => pattern.test(key));
}

describe('DEFAULT_REDACT_KEYS', () => {
  it('matches keys that name a credential', () => {
    const secretKeys = [
      'api_key', 'apiKey', 'openai.api_key', 'http.request.header.x-api-key', 'API-KEY',
      'password', 'db.password', 'DB_PASSWORD', 'passwd', 'ssh.passphrase',
      'secret', 'client_secret', 'oauth.clientSecret', 'aws.secret_access_key', 'secret_key',
      'token', 'access_token', 'user.accessToken', 'refresh_token', 'id_token', 'session_token', 'session.token',
      'auth_token', 'http.request.header.x-amz-security-token', 'csrf-token', 'github.token',
      'http.request.header.authorization', 'http.request.header.proxy-authorization', 'auth',
      'http.request.header.cookie', 'http.response.header.set-cookie', 'cookies',
      'credentials', 'gcp.credential', 'jwt', 'private_key', 'tls.privateKey', 'signing_key', 'encryption-key',
      'db.connection_string', 'connectionString',
    ];
    for (const key of secretKeys) assert.ok(matches(key), `${key} should be redacted`);
  });

  it('leaves token counts, ids and look-alike words alone', () => {
    const plainKeys = [
      'session.id', 'gen_ai.conversation.id', 'user.id', 'gen_ai.response.id',
      'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.total_tokens',
      'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens', 'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.reasoning.output_tokens', 'gen_ai.request.max_tokens',
      'gen_ai.request.max_token', 'llm.max_token', 'num_token', 'total-token', 'gen_ai.token.type',
      'llm.token_count.prompt', 'llm.token_count.total', 'llm.token_count.prompt_details.cache_read', 'tokenizer',
      'author', 'oauth.provider', 'auth.method', 'passwordless', 'user.password_changed_at', 'secretary',
      'secret_santa.enabled', 'keyboard.layout', 'cache.key', 'monkey', 'cookie_consent', 'http.request.header.content-type',
      'gen_ai.tool.name', 'code.function.signature', 'tool.description',
    ];
    for (const key of plainKeys) assert.ok(!matches(key), `${key} should be kept`);
  });
});
