import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanStatusCode, type Attributes, type Link } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { encodeSpan } from '../../src/encoding/encodeSpan.js';
import { createRedactor } from '../../src/redact/createRedactor.js';
import { DEFAULT_REDACT_KEYS } from '../../src/redact/defaultKeys.js';
import { DEFAULT_REDACT_PATTERNS } from '../../src/redact/defaultPatterns.js';

const tracer = new TracerProvider().getTracer('redact-test');
const OPENAI_KEY = 'sk-proj-Ab3De5Fg7Hj9Kl1Mn2Pq4Rs6Tu8Vw0XyZ';

interface SpanParts {
  attributes?: Attributes;
  events?: Array<{ name: string; attributes?: Attributes }>;
  status?: string;
  links?: Link[];
}

function span({ attributes = {}, events = [], status, links = [] }: SpanParts): ReadableSpan {
  const made = tracer.startSpan('agent step', { attributes, links });
  for (const event of events) made.addEvent(event.name, event.attributes);
  if (status !== undefined) made.setStatus({ code: SpanStatusCode.ERROR, message: status });
  made.end();
  return made as unknown as ReadableSpan;
}

describe('createRedactor', () => {
  it('replaces the whole value of secret-looking keys, whatever its type', () => {
    const redactor = createRedactor();
    assert.equal(redactor.attribute('http.request.header.authorization', ['Bearer abc']), '[REDACTED]');
    assert.equal(redactor.attribute('db.password', 'hunter2'), '[REDACTED]');
    assert.equal(redactor.attribute('app.pin_token', 1234), '[REDACTED]');
    assert.equal(redactor.attribute('api_key', undefined), undefined);
  });

  it('keeps token counts and session ids', () => {
    const redactor = createRedactor();
    assert.equal(redactor.attribute('gen_ai.usage.input_tokens', 1200), 1200);
    assert.equal(redactor.attribute('gen_ai.usage.output_tokens', 80), 80);
    assert.equal(redactor.attribute('session.id', 'ses_01JABC'), 'ses_01JABC');
  });

  it('replaces secrets inside strings and string arrays, leaving other values as they are', () => {
    const redactor = createRedactor();
    assert.equal(redactor.attribute('tool.output', `export OPENAI_KEY=${OPENAI_KEY}`), 'export OPENAI_KEY=[REDACTED:openai-key]');
    const clean = ['stop', 'length'];
    assert.equal(redactor.attribute('gen_ai.response.finish_reasons', clean), clean);
    const mixed = ['ok', `key ${OPENAI_KEY}`];
    assert.deepEqual(redactor.attribute('tool.lines', mixed), ['ok', 'key [REDACTED:openai-key]']);
    assert.deepEqual(mixed, ['ok', `key ${OPENAI_KEY}`]);
    for (const value of [42, 0.5, true, false, null, [1, 2], [true]]) assert.equal(redactor.attribute('tool.value', value), value);
    const bytes = new Uint8Array([1, 2, 3]);
    assert.equal(redactor.attribute('tool.bytes', bytes), bytes);
  });

  it('redacts maps, which reach the encoder from spans the SDK did not make, by key and by pattern', () => {
    const redactor = createRedactor();
    const map = { user: 'bob', password: 'hunter2', note: `uses ${OPENAI_KEY}`, nested: { api_key: 'k' } };
    assert.deepEqual(redactor.attribute('request', map), {
      user: 'bob',
      password: '[REDACTED]',
      note: 'uses [REDACTED:openai-key]',
      nested: { api_key: '[REDACTED]' },
    });
    const clean = { user: 'bob' };
    assert.equal(redactor.attribute('request', clean), clean);
  });

  it('redacts event names and attributes, link attributes and status messages in the encoded span', () => {
    const redactor = createRedactor();
    const other = span({});
    const encoded = encodeSpan(span({
      attributes: { 'gen_ai.tool.call.arguments': `{"url":"https://admin:s3cretPass@db.example.com"}`, token: 'abc' },
      events: [{ name: `retry with ${OPENAI_KEY}`, attributes: { 'http.request.header.cookie': 'sid=1', detail: 'Bearer abcdefgh12345678' } }],
      links: [{ context: other.spanContext(), attributes: { why: `AKIAIOSFODNN7EXAMPLE` } }],
      status: 'auth failed for https://u:p4ssw0rd!@api.example.com',
    }), redactor);
    for (const secret of ['s3cretPass', OPENAI_KEY, 'sid=1', 'abcdefgh12345678', 'AKIAIOSFODNN7EXAMPLE', 'p4ssw0rd', '"abc"']) {
      assert.ok(!encoded.includes(secret), `${secret} in ${encoded}`);
    }
    const parsed = JSON.parse(encoded);
    assert.equal(parsed.status.message, 'auth failed for https://[REDACTED:url-credentials]@api.example.com');
    assert.equal(parsed.events[0].name, 'retry with [REDACTED:openai-key]');
  });

  it('takes extra keys and patterns beside the defaults', () => {
    const redactor = createRedactor({
      keys: [...DEFAULT_REDACT_KEYS, 'User.Email', /^customer\./],
      patterns: [...DEFAULT_REDACT_PATTERNS, { name: 'ticket', pattern: /\bTCK-\d{6}\b/ }, /\b\d{3}-\d{2}-\d{4}\b/],
    });
    assert.equal(redactor.attribute('user.email', 'a@b.c'), '[REDACTED]');
    assert.equal(redactor.attribute('customer.name', 'Ann'), '[REDACTED]');
    assert.equal(redactor.attribute('password', 'x'), '[REDACTED]');
    assert.equal(redactor.text(`TCK-123456 / 078-05-1120 / ${OPENAI_KEY}`), '[REDACTED:ticket] / [REDACTED] / [REDACTED:openai-key]');
  });

  it('uses only the keys and patterns given, so that defaults can be turned off one by one', () => {
    const keysOnly = createRedactor({ patterns: [] });
    assert.equal(keysOnly.text(OPENAI_KEY), OPENAI_KEY);
    assert.equal(keysOnly.attribute('password', 'x'), '[REDACTED]');
    const patternsOnly = createRedactor({ keys: [] });
    assert.equal(patternsOnly.attribute('password', 'x'), 'x');
    assert.equal(patternsOnly.text(OPENAI_KEY), '[REDACTED:openai-key]');
  });

  it('changes nothing with no keys and no patterns', () => {
    const redactor = createRedactor({ keys: [], patterns: [] });
    const full = span({
      attributes: { password: 'hunter2', note: `key ${OPENAI_KEY}`, list: [OPENAI_KEY] },
      events: [{ name: OPENAI_KEY, attributes: { api_key: OPENAI_KEY } }],
      status: OPENAI_KEY,
    });
    assert.equal(encodeSpan(full, redactor), encodeSpan(full));
  });

  it('writes the replacement it is given', () => {
    const fixed = createRedactor({ replacement: '***' });
    assert.equal(fixed.text(`a ${OPENAI_KEY}`), 'a ***');
    assert.equal(fixed.attribute('password', 'x'), '***');
    const named = createRedactor({ replacement: (name) => `<${name ?? 'secret'}>` });
    assert.equal(named.text(`a ${OPENAI_KEY}`), 'a <openai-key>');
    assert.equal(named.attribute('password', 'x'), '<secret>');
  });
});

/** A secret in one of the default formats: the text to plant and the parts that must never be written. */
interface Planted {
  text: string;
  secrets: string[];
}

const b64 = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9+/]{${min},${max}}$`));
const b64url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
const whole = (text: string): Planted => ({ text, secrets: [text] });

const plantedSecret: fc.Arbitrary<Planted> = fc.oneof(
  fc.tuple(fc.constantFrom('RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', ''), fc.array(b64(16, 64), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([type, lines, cut]) => ({
      text: `-----BEGIN ${type}PRIVATE KEY-----\n${lines.join('\n')}${cut ? '' : `\n-----END ${type}PRIVATE KEY-----`}`,
      secrets: lines,
    })),
  fc.tuple(fc.constantFrom('https', 'postgres', 'redis', 'mongodb+srv'), fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/), fc.stringMatching(/^[A-Za-z0-9!$%*_.~:-]{8,24}$/))
    .map(([scheme, user, password]) => ({ text: `${scheme}://${user}:${password}@db.example.com/app`, secrets: [password] })),
  fc.tuple(fc.constantFrom('Bearer ', 'bearer  '), fc.stringMatching(/^[A-Za-z0-9._~+/-]{16,60}$/), fc.constantFrom('', '=', '=='))
    .map(([scheme, token, padding]) => ({ text: `Authorization: ${scheme}${token}${padding}`, secrets: [token] })),
  fc.tuple(fc.stringMatching(/^[a-z]{4,12}$/), fc.stringMatching(/^[!-~]{5,20}$/))
    .map(([user, password]) => Buffer.from(`${user}:${password}`).toString('base64'))
    .map((credentials) => ({ text: `Authorization: Basic ${credentials}`, secrets: [credentials] })),
  fc.tuple(b64url(10, 40), b64url(10, 80), b64url(16, 43)).map(([header, payload, signature]) => whole(`eyJ${header}.eyJ${payload}.${signature}`)),
  b64url(20, 95).map((body) => whole(`sk-ant-api03-${body}`)),
  fc.tuple(fc.constantFrom('', 'proj-', 'svcacct-'), b64url(20, 80)).map(([kind, body]) => whole(`sk-${kind}${body}`)),
  fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([prefix, id]) => whole(`${prefix}${id}`)),
  fc.tuple(fc.constantFrom('aws_secret_access_key=', 'aws_secret_access_key = ', 'AWS_SECRET_ACCESS_KEY=', '"SecretAccessKey": "'), b64(40, 40))
    .map(([context, key]) => ({ text: `${context}${key}`, secrets: [key] })),
  fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), alnum(36, 36)).map(([prefix, body]) => whole(`${prefix}${body}`)),
  fc.stringMatching(/^[A-Za-z0-9_]{82}$/).map((body) => whole(`github_pat_${body}`)),
  b64url(20, 20).map((body) => whole(`glpat-${body}`)),
  fc.tuple(fc.constantFrom('a', 'b', 'p', 'r', 's'), fc.stringMatching(/^[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}$/)).map(([kind, body]) => whole(`xox${kind}-${body}`)),
  fc.tuple(fc.constantFrom('sk', 'rk'), alnum(24, 99)).map(([kind, body]) => whole(`${kind}_live_${body}`)),
  b64url(35, 35).map((body) => whole(`AIza${body}`)),
  fc.stringMatching(/^[A-Za-z]{34}$/).map((body) => whole(`hf_${body}`)),
  alnum(36, 36).map((body) => whole(`npm_${body}`)),
  fc.tuple(fc.constantFrom('password', 'passwd', 'pwd', 'token', 'access_token', 'api_key', 'DB_PASSWORD', 'client_secret', 'sig'), fc.stringMatching(/^[A-Za-z0-9!$%*()_.~+-]{8,30}$/))
    .map(([name, value]) => ({ text: `https://example.com/cb?a=1&${name}=${value}`, secrets: [value] })),
  fc.tuple(fc.constantFrom('password', 'apiKey', 'client_secret', 'access_token', 'refreshToken'), fc.stringMatching(/^[A-Za-z0-9 !#$%&()*+,.:;<=>?@_-]{8,30}$/))
    .map(([name, value]) => ({ text: `{"user":"bob","${name}": "${value}"}`, secrets: [value] })),
);

type Place = 'alone' | 'inside' | 'array' | 'arrayInside' | 'eventAttribute' | 'eventName' | 'status' | 'linkAttribute';

describe('createRedactor with the defaults', () => {
  it('never writes a secret planted anywhere in a span', () => {
    const redactor = createRedactor();
    const other = span({});
    const places = fc.constantFrom<Place>('alone', 'inside', 'array', 'arrayInside', 'eventAttribute', 'eventName', 'status', 'linkAttribute');
    fc.assert(
      fc.property(plantedSecret, places, fc.string(), fc.string(), ({ text, secrets }, place, before, after) => {
        fc.pre(secrets.every((secret) => !`${before} ${after}`.includes(secret)));
        const inside = `${before} ${text} ${after}`;
        const parts: SpanParts = { attributes: { 'gen_ai.operation.name': 'execute_tool' } };
        if (place === 'alone') parts.attributes!['tool.output'] = text;
        if (place === 'inside') parts.attributes!['tool.output'] = inside;
        if (place === 'array') parts.attributes!['tool.lines'] = ['first', text, 'last'];
        if (place === 'arrayInside') parts.attributes!['tool.lines'] = [before, inside];
        if (place === 'eventAttribute') parts.events = [{ name: 'output', attributes: { chunk: inside } }];
        if (place === 'eventName') parts.events = [{ name: inside }];
        if (place === 'status') parts.status = inside;
        if (place === 'linkAttribute') parts.links = [{ context: other.spanContext(), attributes: { note: inside } }];
        const encoded = encodeSpan(span(parts), redactor);
        JSON.parse(encoded);
        for (const secret of secrets) {
          assert.ok(!encoded.includes(secret) && !encoded.includes(JSON.stringify(secret).slice(1, -1)), `${secret} written: ${encoded}`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
