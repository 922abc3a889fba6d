import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_REDACT_PATTERNS } from '../../src/redact/defaultPatterns.js';
import { TextScrubber } from '../../src/redact/TextScrubber.js';

const scrubber = new TextScrubber(
  DEFAULT_REDACT_PATTERNS.map(({ name, pattern, prefilter }) => ({ pattern, prefilter, replacement: `[REDACTED:${name}]` })),
);

/** Random-looking characters of a given length, the same on every run. */
function noise(length: number, alphabet = 'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYzC'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(i * 7 + 3) % alphabet.length];
  return out;
}

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naIR3t6PwkRwv4xjvNBu4b0UQ4e+9GCtTjGHLTmV5cIa8hHhM5lHs6JSHU3bXJw==';

/** For each default pattern: text that holds a secret, and what the text becomes. */
const cases: Record<string, Array<[string, string]>> = {
  'private-key': [
    [`key:\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\nend`, 'key:\n[REDACTED:private-key]\nend'],
    [`-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----`, '[REDACTED:private-key]'],
    [`-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PEM_BODY}\n-----END PGP PRIVATE KEY BLOCK-----`, '[REDACTED:private-key]'],
    [`cut short: -----BEGIN PRIVATE KEY-----\n${PEM_BODY.slice(0, 40)}`, 'cut short: [REDACTED:private-key]'],
  ],
  'url-credentials': [
    ['DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/app', 'DATABASE_URL=postgres://[REDACTED:url-credentials]@db.internal:5432/app'],
    ['cloning https://bob:p@ss:w0rd@git.example.com/repo.git', 'cloning https://[REDACTED:url-credentials]@git.example.com/repo.git'],
    ['redis://:hunter2hunter2@cache:6379/0', 'redis://[REDACTED:url-credentials]@cache:6379/0'],
  ],
  bearer: [
    ['Authorization: Bearer ya29.a0AfH6SMBx3kLq-7fGhT_9zYw', 'Authorization: Bearer [REDACTED:bearer]'],
    ['curl -H "authorization: bearer abcDEF123456ghiJKL=="', 'curl -H "authorization: bearer [REDACTED:bearer]"'],
  ],
  'basic-auth': [['Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Authorization: Basic [REDACTED:basic-auth]']],
  jwt: [[`session ${JWT} expired`, 'session [REDACTED:jwt] expired']],
  'anthropic-key': [[`ANTHROPIC_API_KEY=sk-ant-api03-${noise(93, 'aB3-dE5_fG7hJ9kL1mN2')}AA`, 'ANTHROPIC_API_KEY=[REDACTED:anthropic-key]']],
  'openai-key': [
    [`key sk-proj-${noise(40)}_${noise(60)} used`, 'key [REDACTED:openai-key] used'],
    [`"sk-${noise(48)}"`, '"[REDACTED:openai-key]"'],
    [`sk-svcacct-${noise(74)}`, '[REDACTED:openai-key]'],
  ],
  'aws-access-key-id': [
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id = [REDACTED:aws-access-key-id]'],
    ['temporary ASIAJEXAMPLEXEG2JICE', 'temporary [REDACTED:aws-access-key-id]'],
  ],
  'aws-secret-key': [
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = [REDACTED:aws-secret-key]'],
    ['export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'export AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]'],
    ['{"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}', '{"SecretAccessKey": "[REDACTED:aws-secret-key]"}'],
  ],
  'github-token': [
    [`GH_TOKEN=ghp_${noise(36)}`, 'GH_TOKEN=[REDACTED:github-token]'],
    [`gho_${noise(36)} ghu_${noise(36)} ghs_${noise(36)} ghr_${noise(36)}`, Array(4).fill('[REDACTED:github-token]').join(' ')],
    [`github_pat_11ABCDEFG0${noise(12)}_${noise(59)}`, '[REDACTED:github-token]'],
  ],
  'gitlab-token': [[`glpat-${noise(20, 'xY1-zW2_vU3tS4')}`, '[REDACTED:gitlab-token]']],
  'slack-token': [
    ['xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', '[REDACTED:slack-token]'],
    ['xoxp-1234-5678-9012-abcdef', '[REDACTED:slack-token]'],
  ],
  'stripe-key': [
    [`stripe.api_key = "sk_live_51H${noise(96)}"`, 'stripe.api_key = "[REDACTED:stripe-key]"'],
    [`rk_live_${noise(24)}`, '[REDACTED:stripe-key]'],
  ],
  'google-api-key': [[`https://maps.googleapis.com/maps/api/js?key=AIzaSyD-${noise(31)}`, 'https://maps.googleapis.com/maps/api/js?key=[REDACTED:google-api-key]']],
  'huggingface-token': [[`HF_TOKEN=hf_${noise(34, 'abcdefghijKLMNOPQRSTuvwxyz')}`, 'HF_TOKEN=[REDACTED:huggingface-token]']],
  'npm-token': [[`//registry.npmjs.org/:_authToken=npm_${noise(36)}`, '//registry.npmjs.org/:_authToken=[REDACTED:npm-token]']],
  'secret-param': [
    ['GET /login?user=bob&password=hunter2!&lang=en', 'GET /login?user=bob&password=[REDACTED:secret-param]&lang=en'],
    ['wss://stream.example.com/feed?access_token=abc123def&v=2', 'wss://stream.example.com/feed?access_token=[REDACTED:secret-param]&v=2'],
    ['DB_PASSWORD=correct-horse-battery-staple node server.js', 'DB_PASSWORD=[REDACTED:secret-param] node server.js'],
    ['blob?sv=2022-11-02&sig=AbC%2BdEf%3D', 'blob?sv=2022-11-02&sig=[REDACTED:secret-param]'],
    ['callback?token=0f1e2d3c', 'callback?token=[REDACTED:secret-param]'],
  ],
  'secret-field': [
    ['{"username":"bob","password":"hunter2"}', '{"username":"bob","password":"[REDACTED:secret-field]"}'],
    ['{"api_key": "abc\\"def", "accessToken": "xyz-1"}', '{"api_key": "[REDACTED:secret-field]", "accessToken": "[REDACTED:secret-field]"}'],
  ],
};

/** Text that looks like a secret format but is not one, left as it is. */
const lookAlikes = [
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
  '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----',
  'https://example.com:8443/path?q=1', 'git@github.com:org/repo.git', 'mailto:someone@example.com',
  'https://github.com/users/someone@example', 'the bearer of bad news', 'Bearer token required',
  'Basic settings', 'Basic authentication is disabled', 'basic usage of the API',
  'eyJhbGciOiJIUzI1NiJ9 alone', 'sk-learn', 'scikit sk-learn-docs', 'task-runner-for-the-whole-team-ok',
  'risk-assessment-document-v2-final', 'AKIA is a prefix', 'AKIAIOSFODNN7EXAMPLE0123', 'ghp_short', 'github_pat_',
  'glpat-short', 'xoxb-', 'sk_live_', 'desk_live_stream_for_everyone_now', 'AIza', 'hf_hub_download', 'npm_config_cache',
  'max_tokens=256', 'passthrough=true', 'bypass=1', 'compass=north', 'tokens=12', 'keyboard=us',
  '{"token": "Hello", "logprob": -0.25}', '{"max_tokens": 100, "password_policy": "strict"}',
  'aws_access_key_id is not set', 'The assistant read the file and found nothing unusual.',
];

describe('DEFAULT_REDACT_PATTERNS', () => {
  it('has a sample for every pattern', () => {
    assert.deepEqual(Object.keys(cases).sort(), DEFAULT_REDACT_PATTERNS.map((pattern) => pattern.name).sort());
  });

  for (const [name, samples] of Object.entries(cases)) {
    it(`redacts ${name}`, () => {
      for (const [text, expected] of samples) assert.equal(scrubber.scrub(text), expected);
    });
  }

  it('lets every sample through its own prefilter', () => {
    for (const { name, prefilter } of DEFAULT_REDACT_PATTERNS) {
      for (const [text] of cases[name]!) assert.ok(prefilter!.test(text), `${name}: ${text}`);
    }
  });

  it('leaves look-alikes alone', () => {
    for (const text of lookAlikes) assert.equal(scrubber.scrub(text), text);
  });
});
